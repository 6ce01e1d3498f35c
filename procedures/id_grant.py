"""ID-GRANT: identifier-name (brandname) certificate (domain reference §1.3)."""
from ._base import Fee, Field, Label, NationalCode, Precondition, Procedure, Requirement, Result, Validity
from ._common import (CONTACT_FIELDS, ID_GRANT_FLOW, ID_LEGAL_BASIS, ID_PAPER_CHANNELS,
                      ID_TIME_LIMITS, ID_UNDER_LAW_116, PDF, POWER_OF_ATTORNEY, SCAN, USES_FIELD)
from .applicants import ANYONE

PROCEDURE = Procedure(
    paper_channels=ID_PAPER_CHANNELS,
    code="id_grant",
    name=Label("Cấp Giấy chứng nhận tên định danh", "Grant of an identifier-name certificate"),
    short_name=Label("Cấp giấy chứng nhận tên định danh", "Identifier-name certificate grant"),
    service="identifier_name",
    # Not yet checked against the Ministry of Public Security's published list (after the
    # 2025 takeover the codes were reissued): unknown until someone confirms it.
    national_code=NationalCode(None, confirmed=False),
    legal_basis=ID_LEGAL_BASIS,
    applicants=Label("Mọi tổ chức, cá nhân, kể cả hộ kinh doanh, có nhu cầu sử dụng tên định danh "
                     "trong tin nhắn, cuộc gọi quảng cáo.",
                     "Any organisation or individual, including household businesses, wishing to "
                     "use an identifier name in advertising messages or calls."),
    applicant_types=ANYONE,
    by_agent=POWER_OF_ATTORNEY,
    preconditions=(
        Precondition("names_not_revoked", Label(
            "Không đề nghị cấp lại tên định danh đã bị thu hồi của chính chủ thể (Điều 23 khoản 7 "
            "Nghị định 91/2020/NĐ-CP).",
            "A holder may not ask again for a name revoked from it (Decree 91/2020, Art. 23(7)).")),
        Precondition("names_free", Label(
            "Tên định danh đề nghị chưa được cấp cho chủ thể khác.",
            "The names asked for are not allocated to another holder.")),
    ),
    checklist=(
        Requirement("identity_document", Label(
            "Bản sao có chứng thực quyết định thành lập hoặc Giấy chứng nhận đăng ký doanh nghiệp (tổ "
            "chức); chứng minh nhân dân, căn cước công dân hoặc hộ chiếu (cá nhân); giấy tờ tùy thân "
            "của chủ hộ và giấy chứng nhận đăng ký hộ kinh doanh nếu có (hộ kinh doanh)",
            "Certified copy of the establishment decision or enterprise registration certificate "
            "(organisation); of the ID card, citizen ID or passport (individual); of the owner's ID "
            "and the household-business registration, if any (household business)"), types=SCAN),
        Requirement("declaration", Label("Bản khai đăng ký tên định danh (Mẫu 01)",
                                         "Identifier-name registration declaration (Form 01)"),
                    types=PDF, form="nd91_mau01.html"),
        Requirement("trademark_documents", Label(
            "Tài liệu về sở hữu trí tuệ, nhãn hiệu liên quan đến tên định danh (nếu có)",
            "Intellectual-property or trademark documents for the name (if any)"),
            required=False, types=SCAN),
    ),
    fields=(
        Field("identifier_names", "identifier_names", Label("Tên định danh đề nghị cấp",
                                                            "Identifier names requested")),
        USES_FIELD,
        Field("trademark_reference", "text", Label("Số văn bằng bảo hộ nhãn hiệu (nếu có)",
                                                   "Trademark registration number (if any)"),
              required=False, max_length=100),
        *CONTACT_FIELDS,
    ),
    time_limits=ID_TIME_LIMITS,
    fee=Fee(200_000, due_before="confirm_payment", note=Label("Chưa xác nhận lệ phí tính theo hồ sơ hay theo từng tên định danh.",
                                "Whether the fee is per dossier or per name is not confirmed.")),
    result=Result("identifier_certificate", Label(
        "Giấy chứng nhận tên định danh (Mẫu 02), thời hạn 3 năm",
        "Identifier-name certificate (Form 02), valid 3 years"), Validity(3)),
    revisions=(ID_UNDER_LAW_116,),
    flow=ID_GRANT_FLOW,
    notes=(
        Label("Không có bước bổ sung hồ sơ: nếu hồ sơ chưa đầy đủ, hồ sơ được trả lại để hoàn thiện và "
              "nộp lại.",
              "There is no supplementation step: an incomplete dossier is returned for you to "
              "complete and resubmit."),
        Label("Ngoài lệ phí, chủ thể phải trả chi phí duy trì tên định danh; mức chi phí chưa được "
              "công bố.",
              "Besides the fee, the holder pays a maintenance charge for the name; its amount is not "
              "published."),
    ),
)
