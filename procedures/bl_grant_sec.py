"""BL-GRANT-SEC: business licence covering testing/assessment or confidentiality services
(domain reference §1.1)."""
from ._base import BASE_FLOW, Label, NationalCode, Precondition, Procedure
from ._common import (BL_GRANT_CHECKLIST, BL_GRANT_FEE, BL_GRANT_FIELDS, BL_GRANT_RESULT,
                      BL_GRANT_TIME_LIMITS, BL_LEGAL_BASIS, BL_UNDER_LAW_116, POWER_OF_ATTORNEY,
                      SEC_CITIZENSHIP_FIELDS, SEC_ONLY_DOMESTIC, SEC_REQUIREMENTS)
from .applicants import ENTERPRISES_ONLY

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
    # Not yet checked against the Ministry of Public Security's published list (after the
    # 2025 takeover the codes were reissued): unknown until someone confirms it.
    national_code=NationalCode(None, confirmed=False),
    legal_basis=BL_LEGAL_BASIS,
    applicants=Label(
        "Doanh nghiệp Việt Nam không có vốn đầu tư nước ngoài; người đại diện theo pháp luật và toàn "
        "bộ đội ngũ quản lý, điều hành, kỹ thuật phải là công dân Việt Nam thường trú tại Việt Nam.",
        "Vietnamese enterprises without foreign investment; the legal representative and all "
        "management, operations and technical staff must be Vietnamese citizens permanently "
        "residing in Vietnam."),
    applicant_types=ENTERPRISES_ONLY,
    by_agent=POWER_OF_ATTORNEY,
    preconditions=(
        Precondition("has_sec_category", Label(
            "Hồ sơ đề nghị ít nhất một trong hai dịch vụ: kiểm tra, đánh giá an toàn thông tin mạng "
            "hoặc bảo mật thông tin không sử dụng mật mã dân sự.",
            "The application includes the testing and assessment service or the information "
            "confidentiality service not using civil cryptography, or both.")),
        SEC_ONLY_DOMESTIC,
    ),
    checklist=(
        *BL_GRANT_CHECKLIST,
        *SEC_REQUIREMENTS,
    ),
    fields=(*BL_GRANT_FIELDS, *SEC_CITIZENSHIP_FIELDS),
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
