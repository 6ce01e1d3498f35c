"""Pieces shared by several procedure declarations."""
from dataclasses import replace
from datetime import date

from ._base import (BASE_FLOW, CONSULTATION, EXTENSION, SUPPLEMENTATION, Fee, Field, Label,
                    LegalText, Precondition, Requirement, Result, Revision, TimeLimits, Validity,
                    fee_before_issue, handling_from_receipt, restart_after_supplement)
from .intake import POST
from .categories import ACTIVITY_TYPES, BL_CATEGORIES, IDENTIFIER_USES, REISSUE_REASONS

PDF = ("pdf",)
SCAN = ("pdf", "jpeg", "png")

# Flows (domain reference §3.2, §3.4).
NO_CONSULTATION_FLOW = BASE_FLOW.without(*CONSULTATION)
# Import permits: supplementation with no answer deadline, so nothing is deemed abandoned
# nor extended, and the time limit counts again from the supplemented dossier (not confirmed).
IMP_FLOW = restart_after_supplement(BASE_FLOW.without(*CONSULTATION, "abandon", *EXTENSION))
# Re-issues and identifier names: no supplementation, and no intake step of their own.
SIMPLE_FLOW = handling_from_receipt(BASE_FLOW.without(*SUPPLEMENTATION, *CONSULTATION))
ID_FLOW = fee_before_issue(SIMPLE_FLOW)
# A grant allocates its names at approval and gives them back if withdrawn before payment.
ID_GRANT_FLOW = (
    ID_FLOW.changing("approve", guards=ID_FLOW.transition("approve").guards + ("names_unallocated",),
                     effects=("allocate_names",))
    .changing("withdraw", effects=ID_FLOW.transition("withdraw").effects + ("release_names",)))

# Filing through an authorised representative (Circular 13/2018 Art. 8(1)(b) for import
# permits; for the other procedures, authorisation under the Civil Code [R]).
POWER_OF_ATTORNEY = Requirement(
    "power_of_attorney",
    Label("Giấy ủy quyền của tổ chức, cá nhân đề nghị cho người nộp hồ sơ thay",
          "Power of attorney from the applicant to the representative filing for it"),
    types=SCAN)

FEE_NOT_PUBLISHED = Fee(None, note=Label("Chưa công bố mức phí", "Amount not published"))

# Form fields.
CONTACT_FIELDS = (
    Field("contact_person", "text", Label("Người liên hệ", "Contact person"), max_length=200),
    Field("contact_phone", "phone", Label("Điện thoại liên hệ", "Contact phone"), max_length=20),
    Field("contact_email", "email", Label("Thư điện tử liên hệ", "Contact e-mail"), max_length=254),
)


def reason_field(*codes: str) -> Field:
    return Field("reason", "choice", Label("Lý do đề nghị cấp lại", "Reason for re-issue"),
                 choices=tuple(item for item in REISSUE_REASONS if item[0] in codes))


EXPLANATION_FIELD = Field("explanation", "textarea",
                          Label("Trình bày hoàn cảnh bị mất hoặc hư hỏng",
                                "How the document was lost or damaged"), max_length=2000)

# Legal bases: each text, and whether it is confirmed (domain reference §0, §6: Circular
# 269/2016 and Circular 10/2022 are known from secondary sources only).
FEES_CIRCULAR = "Thông tư số 269/2016/TT-BTC", "Circular No. 269/2016/TT-BTC"


def _text(vi: str, en: str, confirmed: bool = True) -> LegalText:
    return LegalText(Label(vi, en), confirmed)


# The Law on Cybersecurity 116/2025/QH15, which merges Law 86/2015 into it, took effect on
# 1 July 2026 (domain reference §6). Its implementing decree and transitional rules could not
# be read: from that day the texts below are cited as before, each marked unconfirmed.
LAW_116 = date(2026, 7, 1)
LAW_116_TEXT = _text("Luật An ninh mạng số 116/2025/QH15", "Law on Cybersecurity No. 116/2025/QH15")


def under_law_116(basis: tuple[LegalText, ...]) -> Revision:
    """The version from 1 July 2026: the same terms, the Law cited first, and every earlier
    text marked as not confirmed under it. Nothing else is known to have changed."""
    return Revision(
        LAW_116, legal_basis=(LAW_116_TEXT, *(replace(t, confirmed=False) for t in basis)),
        note=Label("Luật An ninh mạng số 116/2025/QH15 có hiệu lực từ ngày 01/7/2026. Nghị định "
                   "hướng dẫn và quy định chuyển tiếp chưa được xác nhận; các văn bản đánh dấu "
                   "chưa xác nhận vẫn được áp dụng như trước ngày này.",
                   "The Law on Cybersecurity No. 116/2025/QH15 is in force from 1 July 2026. Its "
                   "implementing decree and transitional rules are not confirmed; the texts "
                   "marked unconfirmed are applied as before that day."))


# Business licence (domain reference §1.1).
BL_LEGAL_BASIS = (
    _text("Luật An toàn thông tin mạng số 86/2015/QH13 (Điều 40–45)",
          "Law on Network Information Security No. 86/2015/QH13 (Arts. 40–45)"),
    _text("Nghị định số 108/2016/NĐ-CP (Điều 3, 5–11)", "Decree No. 108/2016/ND-CP (Arts. 3, 5–11)"),
    _text(f"{FEES_CIRCULAR[0]} về phí thẩm định", f"{FEES_CIRCULAR[1]} on appraisal fees",
          confirmed=False),
)
BL_UNDER_LAW_116 = under_law_116(BL_LEGAL_BASIS)
BL_HOLDERS = Label(
    "Doanh nghiệp đang có Giấy phép kinh doanh sản phẩm, dịch vụ an toàn thông tin mạng còn hiệu lực.",
    "Enterprises holding a valid business licence for network information security products "
    "and services.")

BL_GRANT_TIME_LIMITS = TimeLimits(
    intake=3, handling=15, supplement_answer=10, supplement_limit=1,
    note=Label("Luật An toàn thông tin mạng đặt thời hạn tối đa 40 ngày kể từ khi nhận đủ hồ sơ "
               "hợp lệ; Nghị định số 108/2016/NĐ-CP quy định 15 ngày làm việc thẩm định.",
               "The Law sets an outer limit of 40 days from a complete dossier; Decree "
               "108/2016/ND-CP sets 15 working days of appraisal."))

BL_GRANT_FIELDS = (
    Field("categories", "multichoice",
          Label("Sản phẩm, dịch vụ đề nghị cấp phép", "Products and services applied for"),
          choices=BL_CATEGORIES),
    Field("activity_type", "multichoice",
          Label("Hình thức hoạt động đối với sản phẩm (nếu có)", "Activity type for products (if any)"),
          required=False, choices=ACTIVITY_TYPES),
    Field("trading_name", "text", Label("Tên giao dịch, tên bằng tiếng nước ngoài (nếu có)",
                                        "Trading name or foreign-language name (if any)"),
          required=False, max_length=255),
    Field("technical_staff_count", "integer",
          Label("Số nhân sự kỹ thuật chính có văn bằng, chứng chỉ phù hợp",
                "Number of principal technical staff holding suitable degrees or certificates")),
    *CONTACT_FIELDS,
)


def bl_application(vi: str, en: str) -> Requirement:
    """The Decree 108 Mẫu 02 application, one form for every business-licence procedure."""
    return Requirement("application",
                       Label(f"Đơn đề nghị {vi} (Mẫu 02)", f"Application for {en} (Form 02)"),
                       form="nd108_mau02.html")


ENTERPRISE_REGISTRATION = Requirement(
    "enterprise_registration",
    Label("Bản sao Giấy chứng nhận đăng ký doanh nghiệp, Giấy chứng nhận đăng ký đầu tư hoặc "
          "giấy tờ có giá trị tương đương",
          "Copy of the enterprise registration certificate, investment registration certificate "
          "or an equivalent document"),
    types=SCAN)
EQUIPMENT_DESCRIPTION = Requirement(
    "equipment_description",
    Label("Bản thuyết minh hệ thống trang thiết bị kỹ thuật",
          "Written description of the technical equipment system"))
BUSINESS_PLAN = Requirement(
    "business_plan",
    Label("Phương án kinh doanh: phạm vi, đối tượng cung cấp, tiêu chuẩn và chất lượng sản phẩm, "
          "dịch vụ (Mẫu 03)",
          "Business plan: scope, target customers, standards and quality of the products and "
          "services (Form 03)"))

BL_GRANT_CHECKLIST = (
    bl_application("cấp Giấy phép kinh doanh", "a business licence"),
    ENTERPRISE_REGISTRATION,
    EQUIPMENT_DESCRIPTION,
    BUSINESS_PLAN,
)
# The appraisal fee comes with the application: the dossier is accepted for appraisal once paid.
BL_GRANT_FEE = Fee(8_000_000, per_extra_item=2_000_000, items_field="categories",
                   due_before="accept")
BL_GRANT_RESULT = Result("business_licence", Label(
    "Giấy phép kinh doanh sản phẩm, dịch vụ an toàn thông tin mạng (Mẫu 01), thời hạn 10 năm",
    "Business licence for network information security products and services (Form 01), "
    "valid 10 years"), Validity(10))

# Testing and assessment or confidentiality services (Law 86/2015 Arts. 42(2)-(3), 43(3);
# Decree 108/2016 Art. 6(5)): conditions and documents beyond the general grant's. An amendment
# that adds one of these services brings them too (domain reference §6, "Amendments").
SEC_ONLY_DOMESTIC = Precondition("not_foreign_invested", Label(
    "Doanh nghiệp không có vốn đầu tư nước ngoài.",
    "The enterprise has no foreign investment."))
_RESIDENCY = (
    ("vn_resident", Label("Công dân Việt Nam thường trú tại Việt Nam",
                          "Vietnamese citizen permanently residing in Vietnam")),
    ("other", Label("Khác", "Other")),
)
SEC_CITIZENSHIP_FIELDS = (
    Field("representative_residency", "choice", Label(
        "Người đại diện theo pháp luật (Điều 42 khoản 2 điểm c Luật An toàn thông tin mạng)",
        "The legal representative (Law on Network Information Security, Art. 42(2)(c))"),
        choices=_RESIDENCY, must_be="vn_resident"),
    Field("staff_residency", "choice", Label(
        "Toàn bộ đội ngũ quản lý, điều hành, kỹ thuật (Điều 42 khoản 2 điểm c Luật An toàn thông "
        "tin mạng)",
        "All management, operations and technical staff (Law on Network Information Security, "
        "Art. 42(2)(c))"),
        choices=_RESIDENCY, must_be="vn_resident"),
)
SEC_REQUIREMENTS = (
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
)


# The conditions items may be declared under (checked by portal/dossiers/conditions.py), as
# the catalogue words them.
WHEN = {
    "adds_sec_category": Label(
        "khi bổ sung dịch vụ kiểm tra, đánh giá an toàn thông tin mạng hoặc dịch vụ bảo mật "
        "thông tin không sử dụng mật mã dân sự",
        "when adding the testing and assessment service or the information confidentiality "
        "service not using civil cryptography"),
}


def only_when(condition: str, items: tuple) -> tuple:
    """The same declarations, belonging to a dossier only under `condition`."""
    if condition not in WHEN:
        raise KeyError(condition)
    return tuple(replace(item, when=condition) for item in items)


# How many days before expiry a renewal must be filed (domain reference, BL-RENEW and ID-RENEW):
# the renewals' precondition, and the reminders that offer them (procedures/results.py).
BL_RENEWAL_NOTICE_DAYS, ID_RENEWAL_NOTICE_DAYS = 60, 15

LICENCE_ACTIVE = Precondition("subject_active", Label(
    "Giấy phép kinh doanh là của doanh nghiệp bạn, đang có hiệu lực và chưa hết hạn.",
    "The business licence belongs to your enterprise, is in force and has not expired."))

# Import permit (domain reference §1.2).
IMP_LEGAL_BASIS = (
    _text("Luật An toàn thông tin mạng số 86/2015/QH13 (Điều 47–48)",
          "Law on Network Information Security No. 86/2015/QH13 (Arts. 47–48)"),
    _text("Nghị định số 108/2016/NĐ-CP (Điều 4)", "Decree No. 108/2016/ND-CP (Art. 4)"),
    _text("Thông tư số 13/2018/TT-BTTTT", "Circular No. 13/2018/TT-BTTTT"),
    _text("Thông tư số 10/2022/TT-BTTTT sửa đổi Thông tư số 13/2018/TT-BTTTT",
          "Circular No. 10/2022/TT-BTTTT amending Circular No. 13/2018/TT-BTTTT", confirmed=False),
)
IMP_UNDER_LAW_116 = under_law_116(IMP_LEGAL_BASIS)

# Identifier-name certificate (domain reference §1.3).
ID_LEGAL_BASIS = (
    _text("Nghị định số 91/2020/NĐ-CP về chống tin nhắn rác, thư điện tử rác, cuộc gọi rác "
          "(Điều 22–29)",
          "Decree No. 91/2020/ND-CP on fighting spam messages, e-mails and calls (Arts. 22–29)"),
    _text(f"{FEES_CIRCULAR[0]} về lệ phí", f"{FEES_CIRCULAR[1]} on fees", confirmed=False),
)
ID_UNDER_LAW_116 = under_law_116(ID_LEGAL_BASIS)
ID_HOLDERS = Label("Tổ chức, cá nhân đang là chủ thể của Giấy chứng nhận tên định danh.",
                   "The organisation or individual holding the identifier-name certificate.")
# Decree 91/2020 Art. 25: a paper dossier comes by post only; no counter is listed.
ID_PAPER_CHANNELS = (POST,)

ID_TIME_LIMITS = TimeLimits(
    intake=None, handling=1,
    note=Label("Hệ thống xác nhận ngay khi nhận hồ sơ qua thư điện tử hoặc tin nhắn; giấy chứng "
               "nhận được gửi qua thư điện tử sau khi nộp lệ phí.",
               "Receipt is acknowledged at once by e-mail or SMS; the certificate is e-mailed "
               "once the fee is paid."))
ID_UPDATED_DECLARATION = Requirement(
    "declaration",
    Label("Bản khai đăng ký tên định danh (Mẫu 01) với thông tin cập nhật",
          "Identifier-name registration declaration (Form 01) with up-to-date information"),
    form="nd91_mau01.html")
ID_SUPPORTING_DOCUMENTS = Requirement(
    "supporting_documents",
    Label("Tài liệu liên quan đến thông tin thay đổi (nếu có)",
          "Documents supporting any changed information (if any)"),
    required=False, types=SCAN)
USES_FIELD = Field("uses", "multichoice", Label("Mục đích sử dụng", "Intended use"),
                   choices=IDENTIFIER_USES)
CERTIFICATE_ACTIVE = Precondition("subject_active", Label(
    "Giấy chứng nhận tên định danh là của bạn, đang có hiệu lực và chưa hết hạn.",
    "The identifier-name certificate is yours, in force and not expired."))
