"""BL-GRANT-SEC: business licence covering testing/assessment or confidentiality services
(domain reference §1.1)."""
from ._base import BASE_FLOW, Label, Precondition, Procedure, Requirement
from ._common import (BL_GRANT_CHECKLIST, BL_GRANT_FEE, BL_GRANT_FIELDS, BL_GRANT_RESULT,
                      BL_GRANT_TIME_LIMITS, BL_LEGAL_BASIS, PDF, SCAN)
from ._common import BL_UNDER_LAW_116

PROCEDURE = Procedure(
    code="bl_grant_sec",
    name=Label(
        "Cấp Giấy phép kinh doanh sản phẩm, dịch vụ an toàn thông tin mạng (trường hợp cấp phép kinh "
        "doanh dịch vụ kiểm tra, đánh giá an toàn thông tin hoặc dịch vụ bảo mật thông tin không sử "
        "dụng mật mã dân sự)",
        "Grant of a business licence for network information security products and services "
        "(testing and assessment services or information confidentiality services not using civil "
        "cryptography)"),
    short_name=Label("Cấp giấy phép kinh doanh dịch vụ kiểm tra, đánh giá, bảo mật thông tin",
                     "Business licence grant (testing, assessment or confidentiality services)"),
    service="business_licence",
    legal_basis=BL_LEGAL_BASIS,
    applicants=Label(
        "Doanh nghiệp Việt Nam không có vốn đầu tư nước ngoài; người đại diện theo pháp luật và toàn "
        "bộ đội ngũ quản lý, điều hành, kỹ thuật phải là công dân Việt Nam thường trú tại Việt Nam.",
        "Vietnamese enterprises without foreign investment; the legal representative and all "
        "management, operations and technical staff must be Vietnamese citizens permanently "
        "residing in Vietnam."),
    preconditions=(
        Precondition("has_sec_category", Label(
            "Hồ sơ đề nghị ít nhất một trong hai dịch vụ: kiểm tra, đánh giá an toàn thông tin mạng "
            "hoặc bảo mật thông tin không sử dụng mật mã dân sự.",
            "The application includes the testing and assessment service or the information "
            "confidentiality service not using civil cryptography, or both.")),
        Precondition("not_foreign_invested", Label(
            "Doanh nghiệp không có vốn đầu tư nước ngoài.",
            "The enterprise has no foreign investment.")),
    ),
    checklist=(
        *BL_GRANT_CHECKLIST,
        Requirement("staff_qualifications", Label(
            "Bản sao văn bằng, chứng chỉ chuyên ngành kiểm tra, đánh giá an toàn thông tin hoặc bảo "
            "mật thông tin của đội ngũ quản lý, điều hành, kỹ thuật",
            "Copies of the specialised security testing and assessment or information "
            "confidentiality degrees and certificates of the management, operations and technical "
            "staff"), types=SCAN),
        Requirement("judicial_records", Label(
            "Phiếu lý lịch tư pháp của người đại diện theo pháp luật và đội ngũ quản lý, điều hành, "
            "kỹ thuật",
            "Judicial record certificates of the legal representative and the management, "
            "operations and technical staff"), types=SCAN),
        Requirement("technical_plan", Label(
            "Phương án kỹ thuật phù hợp với tiêu chuẩn, quy chuẩn kỹ thuật (Mẫu 04)",
            "Technical plan complying with standards and technical regulations (Form 04)"), types=PDF),
        Requirement("customer_data_protection_plan", Label(
            "Phương án bảo mật thông tin khách hàng trong quá trình cung cấp dịch vụ",
            "Plan for keeping customer information confidential while providing the service"),
            types=PDF),
    ),
    fields=BL_GRANT_FIELDS,
    time_limits=BL_GRANT_TIME_LIMITS,
    fee=BL_GRANT_FEE,
    result=BL_GRANT_RESULT,
    revisions=(BL_UNDER_LAW_116,),
    flow=BASE_FLOW,
    notes=(
        Label("Hồ sơ đề nghị cả các sản phẩm, dịch vụ thông thường và dịch vụ kiểm tra, đánh giá hoặc "
              "bảo mật thông tin được nộp chung theo thủ tục này (chưa được xác nhận).",
              "An application that also covers other products and services is filed as a whole "
              "under this procedure (not confirmed)."),
        Label("Bộ Công an chưa công bố riêng thời hạn giải quyết cho thủ tục này.",
              "The Ministry of Public Security has not published a separate time limit for this "
              "procedure."),
    ),
)
