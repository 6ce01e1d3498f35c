"""Web forms. Labels and messages are in Vietnamese and translated by Flask-Babel."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (BooleanField, DateField, EmailField, IntegerField, PasswordField, RadioField,
                     SelectField, SelectMultipleField, StringField, TextAreaField)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, InputRequired, Length, Optional
from wtforms.widgets import CheckboxInput, HiddenInput, ListWidget



def options(pairs) -> list[SelectChoice]:
    """(value, label) pairs as the choices of a select, radio or checkbox list."""
    return [SelectChoice(value, label) for value, label in pairs]


OFFICER_ROLES = options((("specialist", _l("Chuyên viên")), ("leader", _l("Lãnh đạo")),
                         ("admin", _l("Quản trị"))))


class LoginForm(FlaskForm):
    email = EmailField(_l("Thư điện tử"), validators=[DataRequired(_l("Vui lòng nhập thư điện tử.")),
                                                       Email(_l("Thư điện tử không hợp lệ."))])
    password = PasswordField(_l("Mật khẩu"), validators=[DataRequired(_l("Vui lòng nhập mật khẩu.")),
                                                        Length(max=200)])


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


class SuspendForm(FlaskForm):
    ground = SelectField(_l("Căn cứ đình chỉ"), validators=[DataRequired()])
    until = DateField(_l("Đình chỉ đến hết ngày"),
                      validators=[InputRequired(_l("Vui lòng chọn ngày hợp lệ."))])
    note = TextAreaField(_l("Số, ngày quyết định và ghi chú"), validators=[Length(max=5000)])


class RevokeForm(FlaskForm):
    ground = SelectField(_l("Căn cứ thu hồi"), validators=[DataRequired()])
    note = TextAreaField(_l("Số, ngày quyết định và ghi chú"), validators=[Length(max=5000)])


class LiftForm(FlaskForm):
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
