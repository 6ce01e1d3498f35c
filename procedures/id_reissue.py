"""ID-REISSUE: re-issue of an identifier-name certificate (domain reference §1.3)."""
from ._base import Fee, Field, Label, NationalCode, Procedure, Result, Validity
from ._common import (CERTIFICATE_ACTIVE, CONTACT_FIELDS, ID_FLOW, ID_HOLDERS, ID_LEGAL_BASIS,
                      ID_PAPER_CHANNELS, ID_SUPPORTING_DOCUMENTS, ID_TIME_LIMITS, ID_UNDER_LAW_116,
                      ID_UPDATED_DECLARATION, POWER_OF_ATTORNEY, reason_field)
from .applicants import ANYONE

PROCEDURE = Procedure(
    paper_channels=ID_PAPER_CHANNELS,
    code="id_reissue",
    name=Label("Cấp lại Giấy chứng nhận tên định danh", "Re-issue of an identifier-name certificate"),
    short_name=Label("Cấp lại giấy chứng nhận tên định danh", "Identifier-name certificate re-issue"),
    service="identifier_name",
    # Not yet checked against the Ministry of Public Security's published list (after the
    # 2025 takeover the codes were reissued): unknown until someone confirms it.
    national_code=NationalCode(None, confirmed=False),
    legal_basis=ID_LEGAL_BASIS,
    applicants=ID_HOLDERS,
    applicant_types=ANYONE,
    by_agent=POWER_OF_ATTORNEY,
    preconditions=(CERTIFICATE_ACTIVE,),
    checklist=(ID_UPDATED_DECLARATION, ID_SUPPORTING_DOCUMENTS),
    fields=(
        reason_field("lost", "information_changed"),
        Field("changed_information", "textarea",
              Label("Thông tin thay đổi (nếu có)", "Information that has changed (if any)"),
              required=False, max_length=2000),
        *CONTACT_FIELDS,
    ),
    time_limits=ID_TIME_LIMITS,
    fee=Fee(100_000, due_before="confirm_payment", note=Label("Mức phí theo một nguồn chưa chính thức, chưa được xác nhận.",
                                "Amount from an unofficial source, not confirmed.")),
    result=Result("identifier_certificate", Label(
        "Giấy chứng nhận tên định danh cấp lại, giữ nguyên thời hạn",
        "Re-issued identifier-name certificate with the same expiry date"),
        Validity(0, base="subject_expiry")),
    revisions=(ID_UNDER_LAW_116,),
    flow=ID_FLOW,
    starts_from="identifier_certificate",
)
