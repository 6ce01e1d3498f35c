"""IMP-REISSUE: re-issue of a lost or damaged import permit (domain reference §1.2)."""
from ._base import Label, Precondition, Procedure, Requirement, Result, TimeLimits, Validity
from ._common import (CONTACT_FIELDS, EXPLANATION_FIELD, FEE_NOT_PUBLISHED, IMP_LEGAL_BASIS,
                      IMP_UNDER_LAW_116, POWER_OF_ATTORNEY, SCAN, SIMPLE_FLOW, reason_field)
from .applicants import ENTERPRISES_ONLY

PROCEDURE = Procedure(
    code="imp_reissue",
    name=Label("Cấp lại Giấy phép nhập khẩu sản phẩm an toàn thông tin mạng",
               "Re-issue of an import permit for network information security products"),
    short_name=Label("Cấp lại giấy phép nhập khẩu", "Import permit re-issue"),
    service="import_permit",
    legal_basis=IMP_LEGAL_BASIS,
    applicants=Label("Doanh nghiệp có Giấy phép nhập khẩu còn hiệu lực bị mất hoặc hư hỏng.",
                     "Enterprises whose still-valid import permit has been lost or damaged."),
    applicant_types=ENTERPRISES_ONLY,
    by_agent=POWER_OF_ATTORNEY,
    preconditions=(
        Precondition("subject_active", Label(
            "Giấy phép nhập khẩu là của doanh nghiệp bạn, đang có hiệu lực và chưa hết hạn.",
            "The import permit belongs to your enterprise, is in force and has not expired.")),
    ),
    checklist=(
        Requirement("application", Label("Đơn đề nghị cấp lại Giấy phép nhập khẩu (Mẫu 02, Phụ lục II)",
                                         "Application for re-issue of the import permit (Form 02, "
                                         "Annex II)"), form="tt13_mau02.html"),
        Requirement("damaged_permit", Label("Bản gốc giấy phép bị hư hỏng (nếu có)",
                                            "The damaged original permit (if any)"),
                    required=False, types=SCAN),
    ),
    fields=(reason_field("lost", "damaged"), EXPLANATION_FIELD, *CONTACT_FIELDS),
    time_limits=TimeLimits(intake=None, handling=3),
    fee=FEE_NOT_PUBLISHED,
    result=Result("import_permit", Label("Giấy phép nhập khẩu cấp lại", "Re-issued import permit"),
                  Validity(0, base="subject_expiry")),
    revisions=(IMP_UNDER_LAW_116,),
    flow=SIMPLE_FLOW,
    starts_from="import_permit",
    notes=(
        Label("Giấy phép cấp lại giữ nguyên thời hạn và danh mục sản phẩm của giấy phép cũ (chưa được "
              "văn bản quy định rõ).",
              "The re-issued permit keeps the expiry date and product lines of the original (not "
              "stated in the law)."),
    ),
)
