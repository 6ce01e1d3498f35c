"""Web forms. Labels and messages are in Vietnamese and translated by Flask-Babel."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired, Email, Length


class LoginForm(FlaskForm):
    email = EmailField(_l("Thư điện tử"), validators=[DataRequired(_l("Vui lòng nhập thư điện tử.")),
                                                       Email(_l("Thư điện tử không hợp lệ."))])
    password = PasswordField(_l("Mật khẩu"), validators=[DataRequired(_l("Vui lòng nhập mật khẩu.")),
                                                        Length(max=200)])


class VerifyUploadForm(FlaskForm):
    pdf = FileField(_l("Tệp PDF cần đối chiếu"),
                    validators=[FileRequired(_l("Vui lòng chọn tệp PDF.")),
                                FileAllowed(["pdf"], _l("Chỉ nhận tệp PDF."))])
