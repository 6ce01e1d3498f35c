"""ID-RENEW: extension of an identifier-name certificate (domain reference §1.3)."""
from ._base import Label, NationalCode, Precondition, Procedure, Result, Validity
from ._common import (CERTIFICATE_ACTIVE, CONTACT_FIELDS, FEE_NOT_PUBLISHED, ID_FLOW, ID_HOLDERS,
                      ID_LEGAL_BASIS, ID_PAPER_CHANNELS, ID_RENEWAL_NOTICE_DAYS, ID_SUPPORTING_DOCUMENTS,
                      ID_TIME_LIMITS, ID_UNDER_LAW_116, ID_UPDATED_DECLARATION, POWER_OF_ATTORNEY,
                      USES_FIELD)
from .applicants import ANYONE

PROCEDURE = Procedure(
    paper_channels=ID_PAPER_CHANNELS,
    code="id_renew",
    name=Label("Gia hạn Giấy chứng nhận tên định danh", "Extension of an identifier-name certificate"),
    short_name=Label("Gia hạn giấy chứng nhận tên định danh", "Identifier-name certificate renewal"),
    service="identifier_name",
    # Not yet checked against the Ministry of Public Security's published list (after the
    # 2025 takeover the codes were reissued): unknown until someone confirms it.
    national_code=NationalCode(None, confirmed=False),
    legal_basis=ID_LEGAL_BASIS,
    applicants=ID_HOLDERS,
    applicant_types=ANYONE,
    by_agent=POWER_OF_ATTORNEY,
    preconditions=(
        CERTIFICATE_ACTIVE,
        Precondition("filed_before_expiry", Label(
            "Hồ sơ được nộp chậm nhất 15 ngày trước khi giấy chứng nhận hết hạn.",
            "The dossier is filed at least 15 days before the certificate expires."), arg=ID_RENEWAL_NOTICE_DAYS),
    ),
    checklist=(ID_UPDATED_DECLARATION, ID_SUPPORTING_DOCUMENTS),
    fields=(USES_FIELD, *CONTACT_FIELDS),
    time_limits=ID_TIME_LIMITS,
    fee=FEE_NOT_PUBLISHED,
    result=Result("identifier_certificate", Label(
        "Giấy chứng nhận tên định danh gia hạn thêm 3 năm",
        "Identifier-name certificate extended by 3 years"), Validity(3, base="subject_expiry")),
    revisions=(ID_UNDER_LAW_116,),
    flow=ID_FLOW,
    starts_from="identifier_certificate",
    notes=(
        Label("Được gia hạn không giới hạn số lần, mỗi lần 3 năm. Tên định danh hết hạn mà không được "
              "gia hạn sẽ bị thu hồi.",
              "A certificate can be extended any number of times, 3 years each time. A name that "
              "expires without extension is revoked."),
    ),
)
