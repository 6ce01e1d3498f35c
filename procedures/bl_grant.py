"""BL-GRANT: business licence, general case (domain reference §1.1)."""
from ._base import BASE_FLOW, Label, NationalCode, Precondition, Procedure, Requirement
from ._common import (BL_GRANT_CHECKLIST, BL_GRANT_FEE, BL_GRANT_FIELDS, BL_GRANT_RESULT,
                      BL_GRANT_TIME_LIMITS, BL_LEGAL_BASIS, BL_UNDER_LAW_116, POWER_OF_ATTORNEY,
                      SCAN)
from .applicants import ENTERPRISES_ONLY

PROCEDURE = Procedure(
    code="bl_grant",
    name=Label(
        "Cấp Giấy phép kinh doanh sản phẩm, dịch vụ an toàn thông tin mạng (trừ trường hợp cấp phép "
        "kinh doanh dịch vụ kiểm tra, đánh giá an toàn thông tin hoặc dịch vụ bảo mật thông tin "
        "không sử dụng mật mã dân sự)",
        "Grant of a business licence for network information security products and services "
        "(except testing and assessment services and information confidentiality services not "
        "using civil cryptography)"),
    short_name=Label("Cấp giấy phép kinh doanh", "Business licence grant"),
    service="business_licence",
    # Not yet checked against the Ministry of Public Security's published list (after the
    # 2025 takeover the codes were reissued): unknown until someone confirms it.
    national_code=NationalCode(None, confirmed=False),
    legal_basis=BL_LEGAL_BASIS,
    applicants=Label(
        "Doanh nghiệp được thành lập hợp pháp tại Việt Nam; cá nhân không được đề nghị cấp phép.",
        "Enterprises lawfully established in Vietnam; individuals may not apply."),
    applicant_types=ENTERPRISES_ONLY,
    by_agent=POWER_OF_ATTORNEY,
    preconditions=(
        Precondition("no_sec_category", Label(
            "Hồ sơ không đề nghị dịch vụ kiểm tra, đánh giá an toàn thông tin mạng hoặc dịch vụ bảo "
            "mật thông tin không sử dụng mật mã dân sự; nếu có, hãy nộp theo thủ tục cấp phép dành "
            "riêng cho các dịch vụ này.",
            "The application includes neither the testing and assessment service nor the "
            "information confidentiality service not using civil cryptography; if it does, file it "
            "under the procedure for those services.")),
    ),
    checklist=(
        *BL_GRANT_CHECKLIST,
        Requirement("staff_qualifications", Label(
            "Bản sao văn bằng, chứng chỉ về an toàn thông tin, công nghệ thông tin hoặc điện tử viễn "
            "thông của đội ngũ quản lý, điều hành, kỹ thuật",
            "Copies of the information security, IT or electronics-telecommunications degrees and "
            "certificates of the management, operations and technical staff"), types=SCAN),
    ),
    fields=BL_GRANT_FIELDS,
    time_limits=BL_GRANT_TIME_LIMITS,
    fee=BL_GRANT_FEE,
    result=BL_GRANT_RESULT,
    revisions=(BL_UNDER_LAW_116,),
    flow=BASE_FLOW,
    notes=(
        Label("Thời hạn giải quyết do Bộ Công an công bố chưa được xác nhận.",
              "The time limit published by the Ministry of Public Security is not confirmed."),
        Label("Phí thẩm định thường nộp khi nộp hồ sơ (chưa được xác nhận).",
              "The appraisal fee is usually paid on submission (not confirmed)."),
    ),
)
