"""Account forms. Labels and messages are Vietnamese and translated by Flask-Babel."""
import re
import uuid

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import (BooleanField, DateField, DateTimeLocalField, EmailField, IntegerField, PasswordField,
                     RadioField, SelectField, SelectMultipleField, StringField, TextAreaField, TimeField)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (AnyOf, DataRequired, Email, EqualTo, InputRequired, Length, Optional,
                                ValidationError)
from wtforms.widgets import CheckboxInput, HiddenInput, ListWidget

from procedures import PROCEDURES
from procedures.applicants import APPLICANT_TYPES, DEPENDENT_UNIT, ENTERPRISE
from procedures.delivery import DEFAULT_DELIVERY, DELIVERY_METHODS
from procedures.incidents import INCIDENT_TYPES, REGIMES, SEVERITIES, TLP_LABELS
from procedures.intake import PAPER_CHANNELS
from procedures.satisfaction import RATING_LEVELS
from portal.models import READ_SCOPE, SUBMIT_SCOPE


def applicant_identifier(form, field) -> None:
    """The identifier the chosen kind of applicant has (procedures/applicants.py), stored
    without spaces; a dependent unit's 10-3 code as its 13 digits."""
    kind = APPLICANT_TYPES.get(form.applicant_type.data)
    value = re.sub(r"\s", "", field.data or "")
    if kind is None:
        return  # the choice itself is refused with its own message
    if not re.fullmatch(kind.pattern, value):
        raise ValidationError(kind.hint.get(str(get_locale() or "vi")))
    field.data = value.replace("-", "") if kind.key == DEPENDENT_UNIT else value


def _email(label=_l("Thư điện tử")):
    return EmailField(label, validators=[DataRequired(_l("Vui lòng nhập thư điện tử.")),
                                         Email(_l("Thư điện tử không hợp lệ.")), Length(max=254)])


# NIST SP 800-63B: length, and no password that is common or easily guessed; no rules about
# which kinds of characters. zxcvbn's score 3 means about 10^8 guesses or more.
PASSWORD_MIN, PASSWORD_SCORE = 12, 3


def strong_password(form, field) -> None:
    """Refuse a password among the most common, or one a guessing attack finds soon
    ("aaaaaaaaaaaa", "password1234", the enterprise's own name and a year)."""
    from zxcvbn import zxcvbn  # its word lists on the first password chosen, not at start
    hints = [form[name].data for name in ("email", "full_name", "name", "code")
             if name in form and isinstance(form[name].data, str)]
    if zxcvbn(field.data[:100], user_inputs=hints)["score"] < PASSWORD_SCORE:
        raise ValidationError(_l("Mật khẩu này quá phổ biến hoặc dễ đoán. Hãy dùng một cụm từ dài, "
                                 "ít người nghĩ tới."))


def _new_password():
    return PasswordField(_l("Mật khẩu mới"), validators=[
        DataRequired(_l("Vui lòng nhập mật khẩu.")),
        Length(min=PASSWORD_MIN, max=200, message=_l("Mật khẩu cần từ 12 đến 200 ký tự.")),
        strong_password])


def _confirm():
    return PasswordField(_l("Nhập lại mật khẩu"), validators=[
        EqualTo("password", message=_l("Hai mật khẩu không khớp."))])


def _required(label, max_length):
    return StringField(label, validators=[DataRequired(_l("Vui lòng nhập mục này.")),
                                          Length(max=max_length)])


def options(pairs) -> list[SelectChoice]:
    """(value, label) pairs as the choices of a select, radio or checkbox list."""
    return [SelectChoice(value, label) for value, label in pairs]


OFFICER_ROLES = options((("specialist", _l("Chuyên viên")), ("leader", _l("Lãnh đạo")),
                         ("admin", _l("Quản trị")), ("accountant", _l("Kế toán")),
                         ("responder", _l("Ứng cứu sự cố"))))


class LoginForm(FlaskForm):
    email = _email()
    password = PasswordField(_l("Mật khẩu"), validators=[DataRequired(_l("Vui lòng nhập mật khẩu.")),
                                                        Length(max=200)])


class SecondFactorForm(FlaskForm):
    code = StringField(_l("Mã xác thực"), validators=[DataRequired(_l("Vui lòng nhập mã xác thực.")),
                                                     Length(max=20)],
                       render_kw={"autocomplete": "one-time-code", "inputmode": "text"})


class ApplicantForm(FlaskForm):
    """Who applies, as registering and the desk's paper dossier both ask: the identifier its kind
    (`applicant_type`, a field of the subclass) has, its name, address and representative."""
    code = StringField(_l("Mã số doanh nghiệp, mã đơn vị, số quyết định thành lập, số đăng ký hộ "
                          "kinh doanh hoặc số định danh cá nhân"),
                       validators=[DataRequired(_l("Vui lòng nhập mục này.")), applicant_identifier])
    name = _required(_l("Tên doanh nghiệp, tổ chức (tiếng Việt) hoặc họ và tên cá nhân"), 300)
    address = _required(_l("Địa chỉ trụ sở chính hoặc nơi cư trú"), 500)
    legal_representative = StringField(_l("Người đại diện theo pháp luật (cá nhân không cần điền)"),
                                       validators=[Length(max=200)])

    def __init__(self, *args, locale: str = "vi", **kw):
        super().__init__(*args, **kw)
        self.applicant_type.choices = [(key, kind.label.get(locale))
                                       for key, kind in APPLICANT_TYPES.items()]

    def validate_legal_representative(self, field) -> None:
        """An individual represents themself; every other applicant names its representative."""
        kind = APPLICANT_TYPES.get(self.applicant_type.data)
        if kind is not None and not kind.person and not (field.data or "").strip():
            raise ValidationError(_l("Vui lòng nhập mục này."))


class RegistrationForm(ApplicantForm):
    applicant_type = RadioField(_l("Bạn đăng ký với tư cách"), default=ENTERPRISE,
                                validators=[DataRequired(_l("Vui lòng chọn mục này."))])
    foreign_name = StringField(_l("Tên bằng tiếng nước ngoài"), validators=[Optional(), Length(max=300)])
    foreign_invested = BooleanField(_l("Doanh nghiệp có vốn đầu tư nước ngoài"))
    full_name = _required(_l("Họ và tên người đăng ký"), 200)
    email = _email(_l("Thư điện tử liên hệ"))
    password = _new_password()
    confirm = _confirm()


class ColleagueForm(FlaskForm):
    full_name = _required(_l("Họ và tên"), 200)
    email = _email()


class ApiTokenForm(FlaskForm):
    name = _required(_l("Tên gợi nhớ (phần mềm dùng mã)"), 100)
    scopes = SelectMultipleField(
        _l("Quyền"), validators=[DataRequired(_l("Vui lòng chọn ít nhất một quyền."))],
        choices=options(((READ_SCOPE, _l("Xem hồ sơ và tải giấy phép")),
                         (SUBMIT_SCOPE, _l("Nộp hồ sơ và trả lời yêu cầu bổ sung")))),
        widget=ListWidget(prefix_label=False), option_widget=CheckboxInput())
    days = SelectField(_l("Thời hạn"), default="90", choices=options((
        ("30", _l("30 ngày")), ("90", _l("90 ngày")), ("365", _l("365 ngày")))))


class ResetRequestForm(FlaskForm):
    email = _email()


class NewPasswordForm(FlaskForm):
    password = _new_password()
    confirm = _confirm()


class VerifyUploadForm(FlaskForm):
    pdf = FileField(_l("Tệp PDF cần đối chiếu"),
                    validators=[FileRequired(_l("Vui lòng chọn tệp PDF.")),
                                FileAllowed(["pdf"], _l("Chỉ nhận tệp PDF."))])


class SearchForm(FlaskForm):
    """A GET form: filters in the address, so a filtered page can be bookmarked."""

    class Meta:
        csrf = False


class QueueFilterForm(SearchForm):
    procedure = SelectField(_l("Thủ tục"), validators=[Optional()])
    state = SelectField(_l("Trạng thái"), validators=[Optional()])
    assignee = SelectField(_l("Người xử lý"), validators=[Optional()])
    enterprise = StringField(_l("Doanh nghiệp (tên hoặc mã số)"), validators=[Length(max=300)])
    code = StringField(_l("Mã hồ sơ"), validators=[Length(max=20)])
    unpaid = BooleanField(_l("Chưa nộp phí"))


class ActionForm(FlaskForm):
    note = TextAreaField(_l("Nội dung, lý do"), validators=[Length(max=5000)])
    until = DateField(_l("Đến hết ngày"), validators=[Optional()])  # for a dated act
    # The version the officer saw: a second click or a stale page is refused, not repeated.
    version = IntegerField(widget=HiddenInput(), validators=[InputRequired()])


class RescheduleForm(FlaskForm):
    new_date = DateField(_l("Ngày hẹn mới"), validators=[InputRequired(_l("Vui lòng chọn ngày hợp lệ."))])
    reason = TextAreaField(_l("Lý do chậm trả kết quả"), validators=[Length(max=2000)])
    version = IntegerField(widget=HiddenInput(), validators=[InputRequired()])


class AssignForm(FlaskForm):
    assignee = SelectField(_l("Giao cho chuyên viên"), coerce=int, validators=[InputRequired()])


class ChecklistForm(FlaskForm):
    ticked = SelectMultipleField(_l("Tài liệu đã kiểm tra đạt"), validators=[Optional()],
                                 widget=ListWidget(prefix_label=False),
                                 option_widget=CheckboxInput())


class NoteForm(FlaskForm):
    body = TextAreaField(_l("Nội dung"), validators=[DataRequired(_l("Vui lòng nhập nội dung.")),
                                                     Length(max=5000)])
    audience = RadioField(_l("Gửi tới"), default="internal",
                          choices=options((
                              ("internal", _l("Ghi chú nội bộ (doanh nghiệp không thấy)")),
                              ("applicant", _l("Tin nhắn gửi doanh nghiệp")))))


class RatingForm(FlaskForm):
    """The applicant's rating of the service; the levels (procedures/satisfaction.py) are set
    by the view, in the user's language."""
    level = RadioField(_l("Mức độ hài lòng"), validate_choice=False, validators=[
        AnyOf([key for key, _ in RATING_LEVELS], message=_l("Vui lòng chọn một trong ba mức độ hài lòng."))])
    comment = TextAreaField(_l("Góp ý (không bắt buộc)"), validators=[Length(max=1000)])


class DeliveryForm(FlaskForm):
    """How the applicant receives the result; the methods (procedures/delivery.py) are set by
    the view, in the user's language."""
    method = RadioField(_l("Cách nhận kết quả"), validate_choice=False, validators=[
        AnyOf(list(DELIVERY_METHODS), message=_l("Vui lòng chọn cách nhận kết quả."))])
    address = TextAreaField(_l("Địa chỉ nhận qua bưu chính"), validators=[Length(max=500)])


class ChargePaymentForm(FlaskForm):
    due_on = DateField(_l("Kỳ thu (ngày đến hạn)"), validators=[InputRequired(_l("Vui lòng chọn ngày hợp lệ."))])
    paid_on = DateField(_l("Ngày nộp"), validators=[InputRequired(_l("Vui lòng chọn ngày hợp lệ."))])


class PaperDossierForm(ApplicantForm):
    """A dossier handed in at the counter or posted, recorded by the desk for its applicant."""
    # Drawn once with the empty form: a second click sends the same key, and records nothing.
    key = StringField(widget=HiddenInput(), default=lambda: uuid.uuid4().hex,
                      validators=[DataRequired(), Length(min=32, max=32)])
    procedure = SelectField(_l("Thủ tục"), validators=[DataRequired(_l("Vui lòng chọn mục này."))])
    channel = RadioField(_l("Cách nộp"), validators=[DataRequired(_l("Vui lòng chọn mục này."))])
    received_on = DateField(_l("Ngày Bộ phận Một cửa nhận được hồ sơ"),
                            validators=[DataRequired(_l("Vui lòng nhập ngày theo dạng ngày/tháng/năm."))])
    received_time = TimeField(_l("Giờ nhận"), validators=[DataRequired(_l("Vui lòng nhập giờ nhận."))])
    reference = StringField(_l("Số hiệu bưu gửi (nếu gửi qua bưu chính)"), validators=[Length(max=40)])
    applicant_type = SelectField(_l("Người nộp là"), default=ENTERPRISE,
                                 validators=[DataRequired(_l("Vui lòng chọn mục này."))])
    contact_name = StringField(_l("Họ và tên người liên hệ"), validators=[Length(max=200)])
    contact_email = EmailField(_l("Thư điện tử liên hệ (để mời vào tài khoản trên Cổng)"),
                               validators=[Optional(), Email(_l("Thư điện tử không hợp lệ.")),
                                           Length(max=254)])
    # How the result goes back, as the paper application asks (procedures/delivery.py).
    result_method = RadioField(_l("Cách nhận kết quả"), default=DEFAULT_DELIVERY, validators=[
        DataRequired(_l("Vui lòng chọn cách nhận kết quả."))])
    result_address = TextAreaField(_l("Địa chỉ nhận qua bưu chính"), validators=[Length(max=500)])

    def __init__(self, *args, locale: str = "vi", **kw):
        super().__init__(*args, locale=locale, **kw)
        self.procedure.choices = [(code, p.name.get(locale)) for code, p in PROCEDURES.items()
                                  if not p.starts_from]
        self.channel.choices = [(key, c.label.get(locale)) for key, c in PAPER_CHANNELS.items()]
        self.result_method.choices = [(key, m.label.get(locale)) for key, m in DELIVERY_METHODS.items()]

    def validate_contact_name(self, field) -> None:
        """Whoever is invited into the account is named."""
        if self.contact_email.data and not (field.data or "").strip():
            raise ValidationError(_l("Vui lòng nhập họ và tên người được mời."))


class HandOverForm(FlaskForm):
    proof = StringField(_l("Số hiệu bưu gửi, hoặc họ tên và giấy tờ tùy thân của người nhận"),
                        validators=[DataRequired(_l("Vui lòng nhập mục này.")), Length(max=200)])


class DocumentSearchForm(SearchForm):
    number = StringField(_l("Số văn bản"), validators=[Length(max=40)])
    enterprise = StringField(_l("Doanh nghiệp (tên hoặc mã số)"), validators=[Length(max=300)])
    status = SelectField(_l("Tình trạng"), validators=[Optional()])


class DocumentActForm(FlaskForm):
    """One lifecycle act on an issued document; which fields it asks for is declared on the
    transition (grounds, a period's end)."""
    ground = SelectField(_l("Căn cứ pháp lý"), validate_choice=False)
    until = DateField(_l("Đến hết ngày"), validators=[Optional()])
    note = TextAreaField(_l("Số, ngày quyết định và ghi chú"), validators=[Length(max=5000)])


class StatementForm(FlaskForm):
    statement = FileField(_l("Sao kê tài khoản thu phí (CSV hoặc camt.053 XML)"), validators=[
        FileRequired(_l("Vui lòng chọn tệp sao kê.")),
        FileAllowed(["csv", "xml"], _l("Chỉ nhận tệp CSV hoặc XML."))])


class SettleForm(FlaskForm):
    note = TextAreaField(_l("Đã xử lý thế nào (hoàn trả, yêu cầu nộp bổ sung...)"),
                         validators=[DataRequired(_l("Vui lòng nhập nội dung.")), Length(max=2000)])


class NewOfficerForm(FlaskForm):
    full_name = StringField(_l("Họ và tên"), validators=[DataRequired(_l("Vui lòng nhập họ và tên.")),
                                                        Length(max=200)])
    email = EmailField(_l("Thư điện tử"), validators=[DataRequired(_l("Vui lòng nhập thư điện tử.")),
                                                       Email(_l("Thư điện tử không hợp lệ.")),
                                                       Length(max=254)])
    role = SelectField(_l("Vai trò"), choices=OFFICER_ROLES)


class AccountForm(FlaskForm):
    role = SelectField(_l("Vai trò"), choices=OFFICER_ROLES)
    active = BooleanField(_l("Đang hoạt động"))


class CalendarDayForm(FlaskForm):
    day = DateField(_l("Ngày"), validators=[InputRequired(_l("Vui lòng chọn ngày hợp lệ."))])
    kind = SelectField(_l("Loại ngày"), choices=options((
        ("day_off", _l("Ngày nghỉ (lễ, Tết, nghỉ bù)")),
        ("working_day", _l("Ngày làm việc bù (ví dụ thứ Bảy làm bù)")))))
    note = StringField(_l("Ghi chú"), validators=[Length(max=200)])


def _labelled(declared: dict) -> list[SelectChoice]:
    """A declaration's codes as choices, labelled in the user's language."""
    return [SelectChoice(code, getattr(item, "label", item).get(str(get_locale() or "vi")))
            for code, item in declared.items()]


class IncidentForm(FlaskForm):
    """What an organisation reports of an incident (procedures/incidents.py)."""
    regime = SelectField(_l("Quy định báo cáo áp dụng"))
    system = StringField(_l("Hệ thống bị ảnh hưởng"), validators=[
        DataRequired(_l("Vui lòng nhập hệ thống bị ảnh hưởng.")), Length(max=300)])
    detected_at = DateTimeLocalField(_l("Thời điểm phát hiện (giờ Việt Nam)"), format="%Y-%m-%dT%H:%M",
                                     validators=[InputRequired(_l("Vui lòng nhập thời điểm phát hiện."))])
    incident_type = SelectField(_l("Loại sự cố"))
    severity = SelectField(_l("Mức độ"))
    summary = TextAreaField(_l("Mô tả sự cố"), validators=[
        DataRequired(_l("Vui lòng mô tả sự cố.")), Length(max=10000)])
    impact = TextAreaField(_l("Ảnh hưởng"), validators=[
        DataRequired(_l("Vui lòng nêu ảnh hưởng của sự cố.")), Length(max=5000)])
    actions_taken = TextAreaField(_l("Các biện pháp đã thực hiện"), validators=[
        DataRequired(_l("Vui lòng nêu các biện pháp đã thực hiện.")), Length(max=5000)])
    indicators = TextAreaField(_l("Dấu hiệu nhận biết (địa chỉ IP, tên miền, URL, mã băm; mỗi dòng một giá trị)"),
                               validators=[Length(max=20000)])
    tlp = SelectField(_l("Nhãn chia sẻ thông tin (TLP 2.0)"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.regime.choices = _labelled(REGIMES)
        self.incident_type.choices = _labelled(INCIDENT_TYPES)
        self.severity.choices = _labelled(SEVERITIES)
        self.tlp.choices = _labelled(TLP_LABELS)


class IncidentReportForm(FlaskForm):
    """A staged report on an open case."""
    stage = SelectField(_l("Loại báo cáo"), validate_choice=False)
    body = TextAreaField(_l("Nội dung báo cáo"), validators=[
        DataRequired(_l("Vui lòng nhập nội dung báo cáo.")), Length(max=10000)])
    tlp = SelectField(_l("Nhãn chia sẻ thông tin (TLP 2.0)"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.tlp.choices = _labelled(TLP_LABELS)


class IncidentAttachmentForm(FlaskForm):
    """A log or a list of indicators for a case, checked as every upload is."""
    file = FileField(_l("Tệp đính kèm (TXT, LOG, CSV, PDF, PNG, JPEG)"),
                     validators=[FileRequired(_l("Vui lòng chọn tệp."))])
    tlp = SelectField(_l("Nhãn chia sẻ thông tin (TLP 2.0)"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.tlp.choices = _labelled(TLP_LABELS)


class CoordinationForm(FlaskForm):
    team = StringField(_l("Đội ứng cứu phối hợp"), validators=[
        DataRequired(_l("Vui lòng nhập tên đội ứng cứu.")), Length(max=200)])
    note = TextAreaField(_l("Nội dung phối hợp"), validators=[
        DataRequired(_l("Vui lòng nhập nội dung.")), Length(max=5000)])
