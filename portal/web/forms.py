"""Account forms. Labels and messages are Vietnamese and translated by Flask-Babel."""
import re

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import (BooleanField, DateField, EmailField, IntegerField, PasswordField, RadioField,
                     SelectField, SelectMultipleField, StringField, TextAreaField)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (AnyOf, DataRequired, Email, EqualTo, InputRequired, Length, Optional,
                                ValidationError)
from wtforms.widgets import CheckboxInput, HiddenInput, ListWidget

from procedures.applicants import APPLICANT_TYPES, DEPENDENT_UNIT, ENTERPRISE
from procedures.delivery import DELIVERY_METHODS
from procedures.satisfaction import RATING_LEVELS

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
                         ("admin", _l("Quản trị")), ("accountant", _l("Kế toán"))))


class LoginForm(FlaskForm):
    email = _email()
    password = PasswordField(_l("Mật khẩu"), validators=[DataRequired(_l("Vui lòng nhập mật khẩu.")),
                                                        Length(max=200)])


class SecondFactorForm(FlaskForm):
    code = StringField(_l("Mã xác thực"), validators=[DataRequired(_l("Vui lòng nhập mã xác thực.")),
                                                     Length(max=20)],
                       render_kw={"autocomplete": "one-time-code", "inputmode": "text"})


class RegistrationForm(FlaskForm):
    applicant_type = RadioField(_l("Bạn đăng ký với tư cách"), default=ENTERPRISE,
                                validators=[DataRequired(_l("Vui lòng chọn mục này."))])
    code = StringField(_l("Mã số doanh nghiệp, mã đơn vị, số quyết định thành lập, số đăng ký hộ "
                          "kinh doanh hoặc số định danh cá nhân"),
                       validators=[DataRequired(_l("Vui lòng nhập mục này.")), applicant_identifier])
    name = _required(_l("Tên doanh nghiệp, tổ chức (tiếng Việt) hoặc họ và tên cá nhân"), 300)
    foreign_name = StringField(_l("Tên bằng tiếng nước ngoài"), validators=[Optional(), Length(max=300)])
    address = _required(_l("Địa chỉ trụ sở chính hoặc nơi cư trú"), 500)
    legal_representative = StringField(_l("Người đại diện theo pháp luật (cá nhân không cần điền)"),
                                       validators=[Length(max=200)])
    foreign_invested = BooleanField(_l("Doanh nghiệp có vốn đầu tư nước ngoài"))
    full_name = _required(_l("Họ và tên người đăng ký"), 200)
    email = _email(_l("Thư điện tử liên hệ"))
    password = _new_password()
    confirm = _confirm()


    def __init__(self, *args, locale: str = "vi", **kw):
        super().__init__(*args, **kw)
        self.applicant_type.choices = [(key, kind.label.get(locale))
                                       for key, kind in APPLICANT_TYPES.items()]

    def validate_legal_representative(self, field) -> None:
        """An individual represents themself; every other applicant names its representative."""
        kind = APPLICANT_TYPES.get(self.applicant_type.data)
        if kind is not None and not kind.person and not (field.data or "").strip():
            raise ValidationError(_l("Vui lòng nhập mục này."))


class ColleagueForm(FlaskForm):
    full_name = _required(_l("Họ và tên"), 200)
    email = _email()


class ApiTokenForm(FlaskForm):
    name = _required(_l("Tên gợi nhớ (phần mềm dùng mã)"), 100)
    scopes = SelectMultipleField(
        _l("Quyền"), validators=[DataRequired(_l("Vui lòng chọn ít nhất một quyền."))],
        choices=options((("read", _l("Xem hồ sơ và tải giấy phép")),
                         ("submit", _l("Nộp hồ sơ và trả lời yêu cầu bổ sung")))),
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
