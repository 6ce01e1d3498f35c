"""BL-REISSUE: re-issue of a lost or damaged business licence (domain reference §1.1)."""
from ._base import Label, NationalCode, Procedure, Requirement, Result, TimeLimits, Validity
from ._common import (BL_HOLDERS, BL_LEGAL_BASIS, BL_UNDER_LAW_116, CONTACT_FIELDS,
                      EXPLANATION_FIELD, FEE_NOT_PUBLISHED, LICENCE_ACTIVE, POWER_OF_ATTORNEY, SCAN,
                      SIMPLE_FLOW, bl_application, reason_field)
from .applicants import ENTERPRISES_ONLY

PROCEDURE = Procedure(
    code="bl_reissue",
    name=Label("Cấp lại Giấy phép kinh doanh sản phẩm, dịch vụ an toàn thông tin mạng",
               "Re-issue of a business licence for network information security products and "
               "services"),
    short_name=Label("Cấp lại giấy phép kinh doanh", "Business licence re-issue"),
    service="business_licence",
    # Not yet checked against the Ministry of Public Security's published list (after the
    # 2025 takeover the codes were reissued): unknown until someone confirms it.
    national_code=NationalCode(None, confirmed=False),
    legal_basis=BL_LEGAL_BASIS,
    applicants=BL_HOLDERS,
    applicant_types=ENTERPRISES_ONLY,
    by_agent=POWER_OF_ATTORNEY,
    preconditions=(LICENCE_ACTIVE,),
    checklist=(
        bl_application("cấp lại Giấy phép kinh doanh, nêu rõ lý do",
                       "re-issue of the business licence, stating the reason"),
        Requirement("damaged_licence", Label("Bản gốc giấy phép bị hư hỏng (nếu có)",
                                             "The damaged original licence (if any)"),
                    required=False, types=SCAN),
    ),
    fields=(reason_field("lost", "damaged"), EXPLANATION_FIELD, *CONTACT_FIELDS),
    time_limits=TimeLimits(intake=None, handling=5),
    fee=FEE_NOT_PUBLISHED,
    result=Result("business_licence",
                  Label("Giấy phép kinh doanh cấp lại", "Re-issued business licence"),
                  Validity(0, base="subject_expiry")),
    revisions=(BL_UNDER_LAW_116,),
    flow=SIMPLE_FLOW,
    starts_from="business_licence",
    notes=(
        Label("Giấy phép cấp lại giữ nguyên thời hạn của giấy phép cũ (chưa được văn bản quy định rõ).",
              "The re-issued licence keeps the expiry date of the original (not stated in the law)."),
    ),
)
