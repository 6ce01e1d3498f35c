"""Account forms. Labels and messages are Vietnamese and translated by Flask-Babel."""
import re

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import BooleanField, EmailField, PasswordField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional, ValidationError

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


class LoginForm(FlaskForm):
    email = _email()
    password = PasswordField(_l("Mật khẩu"), validators=[DataRequired(_l("Vui lòng nhập mật khẩu.")),
                                                        Length(max=200)])


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
