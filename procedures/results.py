"""What the procedures issue, and the letters and decisions the authority writes.

Each result kind is declared once: its number series, its template, its label, what it
rests on, and its lifecycle as a table of transitions (suspend, lift, revoke, supersede,
expire) run by the same engine as the dossiers, every change with a history row.
"""
from ._base import LEADER, SYSTEM, Flow, Label, Letter, Reminder, ResultKind, State, Transition
from ._common import BL_RENEWAL_NOTICE_DAYS, ID_RENEWAL_NOTICE_DAYS
from .duties import BL_ANNUAL_REPORT, ID_ANNUAL_REPORT, ID_MAINTENANCE_CHARGE

# The symbols name each type of paper (Decree 30/2020 Annex III). Which the authority uses for
# its one-stop-shop slips is not confirmed [U]: these follow the forms' names.
LETTERS = {letter.name: letter for letter in (
    # Decree 91/2020 Art. 26(1) and the one-stop rules: receipt is acknowledged at once, with
    # the date and time.
    Letter("acknowledgement", Label("Phiếu xác nhận đã nhận hồ sơ", "Acknowledgement of receipt"),
           "acknowledgement.html", "PXN"),
    Letter("receipt", Label("Giấy tiếp nhận hồ sơ và hẹn trả kết quả",
                            "Receipt and appointment for the result"), "receipt.html", "GTN"),
    Letter("supplementation", Label("Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ",
                                    "Request to supplement or complete the dossier"),
           "supplementation.html", "PYC"),
    Letter("intake_refusal", Label("Phiếu từ chối tiếp nhận giải quyết hồ sơ",
                                   "Refusal to accept the dossier"), "refusal.html", "PTC"),
    Letter("refusal", Label("Phiếu từ chối giải quyết hồ sơ", "Refusal of the application"),
           "refusal.html", "PTC"),
    Letter("apology", Label("Phiếu xin lỗi và hẹn lại ngày trả kết quả",
                            "Apology and new date for the result"), "apology.html", "PXL"),
    Letter("suspension", Label("Quyết định tạm đình chỉ hoạt động kinh doanh theo giấy phép",
                               "Decision to suspend the licence"), "suspension.html", "QĐ",
           about=Label("tạm đình chỉ", "suspending")),
    Letter("lifting", Label("Quyết định chấm dứt tạm đình chỉ", "Decision to lift the suspension"),
           "lifting.html", "QĐ", about=Label("chấm dứt tạm đình chỉ", "lifting the suspension of")),
    Letter("revocation", Label("Quyết định thu hồi", "Decision to revoke"), "revocation.html", "QĐ",
           about=Label("thu hồi", "revoking")),
)}

# What a decision cites as the authority's competence (domain reference §6: for the Ministry
# of Public Security, Decree 02/2025/NĐ-CP as amended [R]; its wording is not confirmed).
AUTHORITY_COMPETENCE = Label(
    "Nghị định số 02/2025/NĐ-CP của Chính phủ quy định chức năng, nhiệm vụ, quyền hạn và cơ cấu "
    "tổ chức của Bộ Công an, được sửa đổi, bổ sung",
    "Government Decree No. 02/2025/ND-CP on the functions, duties, powers and organisation of the "
    "Ministry of Public Security, as amended")

# The one late-processing apology is not a transition (the dossier stays where it is).
APOLOGY = "apology"
# What the portal itself does to a document: when its replacement is issued, and when its
# validity has run out.
SUPERSEDE, EXPIRE = "supersede", "expire"


def _state(name, vi, en, final=False):
    return State(name, Label(vi, en), final=final)


def _t(action, sources, target, roles, vi, en, **kw):
    return Transition(action, tuple(sources), target, frozenset(roles), Label(vi, en), **kw)


# Law 86/2015 Art. 45(4)-(5): a business licence is suspended for up to 6 months, or revoked.
LIFECYCLE = Flow(
    states=(
        _state("active", "Còn hiệu lực", "Valid"),
        _state("suspended", "Bị tạm đình chỉ", "Suspended"),
        _state("revoked", "Đã bị thu hồi", "Revoked", final=True),
        _state("expired", "Hết hiệu lực", "Expired", final=True),
        _state("superseded", "Đã được thay thế", "Superseded", final=True),
    ),
    transitions=(
        _t("suspend", ["active"], "suspended", {LEADER}, "Tạm đình chỉ", "Suspend",
           guards=("ground_cited", "period_allowed"), effects=("start_suspension",), optional_note=True,
           letter="suspension", max_months=6, grounds=(
               ("different_service", Label(
                   "Cung cấp sản phẩm, dịch vụ không đúng nội dung ghi trong giấy phép",
                   "Providing products or services other than those the licence states")),
               ("condition_lost", Label(
                   "Không còn đáp ứng một trong các điều kiện quy định tại Điều 42",
                   "No longer meeting one of the conditions of Article 42")),
               ("other_law", Label("Trường hợp khác theo quy định của pháp luật",
                                   "Other cases provided by law")))),
        _t("lift", ["suspended"], "active", {LEADER}, "Chấm dứt tạm đình chỉ", "Lift the suspension",
           effects=("end_suspension",), letter="lifting", optional_note=True),
        _t("revoke", ["active", "suspended"], "revoked", {LEADER}, "Thu hồi", "Revoke",
           guards=("ground_cited",), effects=("end_suspension",), letter="revocation",
           optional_note=True, grounds=(
               ("not_started", Label(
                   "Không triển khai cung cấp sản phẩm, dịch vụ trong thời hạn 01 năm kể từ ngày "
                   "được cấp giấy phép mà không có lý do chính đáng",
                   "Not starting to provide the service within 1 year of the licence without "
                   "good reason")),
               ("expired", Label("Giấy phép hết hạn", "The licence has expired")),
               ("suspension_unfixed", Label(
                   "Hết thời hạn tạm đình chỉ mà không khắc phục được nguyên nhân",
                   "The suspension ended and its cause was not remedied")))),
        # Decree 61/2018 Art. 21(1): an error the authority made is corrected at its own cost.
        _t("correct", ["active"], "superseded", {LEADER}, "Đính chính (cấp bản đã sửa lỗi)",
           "Correct (issue a corrected copy)", needs_note=True, corrects=True,
           effects=("issue_correction",)),
        _t(SUPERSEDE, ["active"], "superseded", {SYSTEM}, "Thay thế bằng văn bản mới",
           "Superseded by a new document", internal=True),
        _t(EXPIRE, ["active", "suspended"], "expired", {SYSTEM}, "Hết thời hạn hiệu lực",
           "Validity ran out", internal=True, guards=("validity_ended",), effects=("end_suspension",)),
    ),
    initial="active",
)

# Decree 91/2020 Art. 29: a certificate is revoked (never suspended); its names go back.
IDENTIFIER_REVOCATION_GROUNDS = (
    ("spam_or_unlawful", Label(
        "Tên định danh bị sử dụng để phát tán tin nhắn rác, cuộc gọi rác hoặc cung cấp dịch vụ "
        "trái pháp luật theo kết luận của cơ quan có thẩm quyền",
        "The name was used for spam messages or calls, or for unlawful services, as a competent "
        "authority concluded")),
    ("charge_overdue", Label("Chậm nộp chi phí duy trì quá 30 ngày",
                             "The maintenance charge is more than 30 days late")),
    ("expired", Label("Tên định danh hết hạn mà không được gia hạn",
                      "The name expired without renewal")),
    ("holder_request", Label("Theo đề nghị của chủ thể", "At the holder's request")),
    ("authority_request", Label("Theo yêu cầu của cơ quan nhà nước có thẩm quyền",
                                "At the request of a competent state authority")),
)

# When the holder's staff are reminded (`flask --app portal register remind-holders`, daily).
# No text sets these days: they are the portal's, chosen so that a renewal is offered a month
# before its window closes, again a week before, and the expiry announced a month ahead.
EXPIRY_NEAR = Reminder("expiry_near", 30, Label("Giấy tờ sắp hết hiệu lực", "The document expires soon"))


def renewal_reminders(procedure: str, file_by_days: int) -> tuple[Reminder, ...]:
    """A month before a renewal's window closes, a week before, and the expiry itself."""
    return (
        Reminder("renewal_open", file_by_days + 30, Label(
            "Đã có thể nộp hồ sơ gia hạn", "You can apply for renewal now"), procedure, file_by_days),
        Reminder("renewal_closing", file_by_days + 7, Label(
            "Sắp hết hạn nộp hồ sơ gia hạn", "The time to apply for renewal ends soon"),
            procedure, file_by_days),
        EXPIRY_NEAR,
    )


RESULT_KINDS = {kind.kind: kind for kind in (
    ResultKind("business_licence",
               Label("Giấy phép kinh doanh sản phẩm, dịch vụ an toàn thông tin mạng",
                     "Business licence for network information security products and services"),
               series="GPKD", template="business_licence.html", lifecycle=LIFECYCLE, scope=("categories",),
               reminders=renewal_reminders("bl_renew", BL_RENEWAL_NOTICE_DAYS), report=BL_ANNUAL_REPORT),
    # No source names a procedure to suspend or revoke an import permit.
    ResultKind("import_permit",
               Label("Giấy phép nhập khẩu sản phẩm an toàn thông tin mạng",
                     "Import permit for network information security products"),
               series="GPNK", template="import_permit.html", scope=("product_lines",),
               lifecycle=LIFECYCLE.without("suspend", "lift", "revoke"),
               rests_on="business_licence", reminders=(EXPIRY_NEAR,)),
    # No source read names a suspension, revocation or end of a level's approval (chưa được xác
    # nhận): the decision stands until corrected or replaced.
    ResultKind("security_level_decision",
               Label("Quyết định phê duyệt cấp độ an toàn hệ thống thông tin",
                     "Decision approving an information system's security level"),
               series="QDCD", template="security_level_decision.html",
               scope=("system_name", "security_level"),
               lifecycle=LIFECYCLE.without("suspend", "lift", "revoke", EXPIRE)),
    ResultKind("identifier_certificate",
               Label("Giấy chứng nhận tên định danh", "Identifier-name certificate"),
               series="TDD", template="identifier_certificate.html", scope=("identifier_names",),
               lifecycle=LIFECYCLE.without("suspend", "lift").changing(
                   "revoke", grounds=IDENTIFIER_REVOCATION_GROUNDS,
                   ground_facts=(("charge_overdue", "charge_overdue"),), effects=("take_back_names",)),
               reminders=renewal_reminders("id_renew", ID_RENEWAL_NOTICE_DAYS), report=ID_ANNUAL_REPORT,
               charge=ID_MAINTENANCE_CHARGE),
)}
