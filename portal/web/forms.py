"""Account forms. Labels and messages are Vietnamese and translated by Flask-Babel."""
import re

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import (BooleanField, DateField, EmailField, IntegerField, PasswordField, RadioField,
                     SelectField, SelectMultipleField, StringField, TextAreaField)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (DataRequired, Email, EqualTo, InputRequired, Length, Optional,
                                ValidationError)
from wtforms.widgets import CheckboxInput, HiddenInput, ListWidget

ENTERPRISE_CODE = re.compile(r"^\d{10}(-?\d{3})?$")


def enterprise_code(form, field) -> None:
    """Mã số doanh nghiệp: 10 digits, or 10-3 for a dependent unit."""
    value = re.sub(r"\s", "", field.data or "")
    if not ENTERPRISE_CODE.match(value):
        raise ValidationError(_l("Mã số doanh nghiệp gồm 10 chữ số, hoặc 13 chữ số dạng "
                                 "0101234567-001 đối với đơn vị phụ thuộc."))
    field.data = value.replace("-", "")


def _email(label=_l("Thư điện tử")):
    return EmailField(label, validators=[DataRequired(_l("Vui lòng nhập thư điện tử.")),
                                         Email(_l("Thư điện tử không hợp lệ.")), Length(max=254)])


def _new_password():
    return PasswordField(_l("Mật khẩu mới"), validators=[
        DataRequired(_l("Vui lòng nhập mật khẩu.")),
        Length(min=10, max=200, message=_l("Mật khẩu cần từ 10 đến 200 ký tự."))])


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
                         ("admin", _l("Quản trị"))))


class LoginForm(FlaskForm):
    email = _email()
    password = PasswordField(_l("Mật khẩu"), validators=[DataRequired(_l("Vui lòng nhập mật khẩu.")),
                                                        Length(max=200)])


class SecondFactorForm(FlaskForm):
    code = StringField(_l("Mã xác thực"), validators=[DataRequired(_l("Vui lòng nhập mã xác thực.")),
                                                     Length(max=20)],
                       render_kw={"autocomplete": "one-time-code", "inputmode": "text"})


class RegistrationForm(FlaskForm):
    code = StringField(_l("Mã số doanh nghiệp"), validators=[DataRequired(_l("Vui lòng nhập mục này.")),
                                                          enterprise_code])
    name = _required(_l("Tên doanh nghiệp (tiếng Việt)"), 300)
    foreign_name = StringField(_l("Tên bằng tiếng nước ngoài"), validators=[Optional(), Length(max=300)])
    address = _required(_l("Địa chỉ trụ sở chính"), 500)
    legal_representative = _required(_l("Người đại diện theo pháp luật"), 200)
    foreign_invested = BooleanField(_l("Doanh nghiệp có vốn đầu tư nước ngoài"))
    full_name = _required(_l("Họ và tên người đăng ký"), 200)
    email = _email(_l("Thư điện tử liên hệ"))
    password = _new_password()
    confirm = _confirm()


class ColleagueForm(FlaskForm):
    full_name = _required(_l("Họ và tên"), 200)
    email = _email()


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


class NewOfficerForm(FlaskForm):
    full_name = StringField(_l("Họ và tên"), validators=[DataRequired(_l("Vui lòng nhập họ và tên.")),
                                                        Length(max=200)])
    email = EmailField(_l("Thư điện tử"), validators=[DataRequired(_l("Vui lòng nhập thư điện tử.")),
                                                       Email(_l("Thư điện tử không hợp lệ.")),
                                                       Length(max=254)])
    role = SelectField(_l("Vai trò"), choices=OFFICER_ROLES)
    password = PasswordField(_l("Mật khẩu ban đầu"), validators=[
        DataRequired(_l("Vui lòng nhập mật khẩu.")),
        Length(min=10, max=200, message=_l("Mật khẩu cần từ 10 đến 200 ký tự."))])


class AccountForm(FlaskForm):
    role = SelectField(_l("Vai trò"), choices=OFFICER_ROLES)
    active = BooleanField(_l("Đang hoạt động"))


class CalendarDayForm(FlaskForm):
    day = DateField(_l("Ngày"), validators=[InputRequired(_l("Vui lòng chọn ngày hợp lệ."))])
    kind = SelectField(_l("Loại ngày"), choices=options((
        ("day_off", _l("Ngày nghỉ (lễ, Tết, nghỉ bù)")),
        ("working_day", _l("Ngày làm việc bù (ví dụ thứ Bảy làm bù)")))))
    note = StringField(_l("Ghi chú"), validators=[Length(max=200)])
