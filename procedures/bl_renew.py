"""BL-RENEW: extension of a business licence (domain reference §1.1)."""
from ._base import Field, Label, Precondition, Procedure, Requirement, Result, TimeLimits, Validity
from ._common import (BL_HOLDERS, BL_LEGAL_BASIS, BL_RENEWAL_NOTICE_DAYS, BL_UNDER_LAW_116,
                      CONTACT_FIELDS, FEE_NOT_PUBLISHED, LICENCE_ACTIVE, NO_CONSULTATION_FLOW,
                      POWER_OF_ATTORNEY, SCAN, bl_application)
from .applicants import ENTERPRISES_ONLY

PROCEDURE = Procedure(
    code="bl_renew",
    name=Label("Gia hạn Giấy phép kinh doanh sản phẩm, dịch vụ an toàn thông tin mạng",
               "Extension of a business licence for network information security products and "
               "services"),
    short_name=Label("Gia hạn giấy phép kinh doanh", "Business licence renewal"),
    service="business_licence",
    legal_basis=BL_LEGAL_BASIS,
    applicants=BL_HOLDERS,
    applicant_types=ENTERPRISES_ONLY,
    by_agent=POWER_OF_ATTORNEY,
    preconditions=(
        LICENCE_ACTIVE,
        Precondition("filed_before_expiry", Label(
            "Hồ sơ được nộp chậm nhất 60 ngày trước khi giấy phép hết hạn.",
            "The dossier is filed at least 60 days before the licence expires."), arg=BL_RENEWAL_NOTICE_DAYS),
        Precondition("not_renewed_before", Label(
            "Giấy phép chưa được gia hạn lần nào; giấy phép chỉ được gia hạn một lần.",
            "The licence has not been extended before; it can be extended only once.")),
    ),
    checklist=(
        bl_application("gia hạn Giấy phép kinh doanh", "extension of the business licence"),
        Requirement("current_licence", Label("Giấy phép kinh doanh đang còn hiệu lực",
                                             "The current, valid business licence"), types=SCAN),
        Requirement("activity_report", Label(
            "Báo cáo tình hình hoạt động của doanh nghiệp trong 2 năm gần nhất (Mẫu 05)",
            "Report on the enterprise's activity over the last 2 years (Form 05)")),
    ),
    fields=(
        Field("activity_report_summary", "textarea",
              Label("Tóm tắt tình hình hoạt động trong 2 năm gần nhất",
                    "Summary of activity over the last 2 years"), max_length=4000),
        *CONTACT_FIELDS,
    ),
    time_limits=TimeLimits(
        intake=3, handling=10, supplement_answer=10, supplement_limit=1,
        note=Label("Luật An toàn thông tin mạng quy định 20 ngày; Nghị định số 108/2016/NĐ-CP và Cổng "
                   "Dịch vụ công quốc gia ghi 10 ngày làm việc.",
                   "The Law says 20 days; Decree 108/2016/ND-CP and the National Public Service "
                   "Portal say 10 working days.")),
    fee=FEE_NOT_PUBLISHED,
    result=Result("business_licence", Label(
        "Giấy phép kinh doanh được gia hạn thêm tối đa 1 năm",
        "Business licence extended by up to 1 year"), Validity(1, base="subject_expiry")),
    revisions=(BL_UNDER_LAW_116,),
    flow=NO_CONSULTATION_FLOW,
    starts_from="business_licence",
    notes=(
        Label("Chỉ doanh nghiệp không vi phạm pháp luật về kinh doanh sản phẩm, dịch vụ an toàn thông "
              "tin mạng mới được gia hạn.",
              "Only an enterprise that has not breached the law on network information security "
              "business can be granted an extension."),
        Label("Khi hết thời hạn gia hạn, doanh nghiệp phải đề nghị cấp giấy phép mới và nộp phí như "
              "cấp mới.",
              "When the extension runs out, the enterprise must apply for a new licence and pay the "
              "grant fee."),
    ),
)
