"""Application forms built from a procedure's field declarations, with real validation.

Saving a draft checks formats only; completeness is the `fields_complete` guard's job
at submission, so a draft can be saved at any point.
"""
import re
from datetime import date

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (DateField, EmailField, FieldList, Form, FormField, IntegerField,
                     SelectField, SelectMultipleField, StringField, TextAreaField)
from wtforms.validators import Email, Length, NumberRange, Optional, Regexp, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from procedures import Procedure

from portal.web.forms import options

IDENTIFIER = re.compile(r"^[A-Za-z0-9 ._-]{1,11}$")
PRODUCT_ROWS = 3  # blank product lines offered beyond those filled in


class CheckboxesField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def identifier_names(form, field) -> None:
    """Decree 91/2020 Art. 23(1): at most 11 characters from the allowed set, not only digits."""
    seen = set()
    for name in _lines(field.data):
        if not IDENTIFIER.match(name):
            raise ValidationError(_l("Tên định danh “%(name)s” không hợp lệ: tối đa 11 ký tự, chỉ gồm "
                                     "chữ cái không dấu, chữ số, dấu cách và các ký tự - _ .", name=name))
        if name.isdigit():
            raise ValidationError(_l("Tên định danh “%(name)s” không được chỉ gồm chữ số.", name=name))
        if name.upper() in seen:
            raise ValidationError(_l("Tên định danh “%(name)s” bị lặp.", name=name))
        seen.add(name.upper())


def _lines(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class ProductLineForm(Form):
    """One product of an import permit application (Circular 13/2018 Annex II)."""

    name = StringField(_l("Tên sản phẩm"), [Optional(), Length(max=200)])
    model = StringField(_l("Ký hiệu, model"), [Optional(), Length(max=100)])
    manufacturer = StringField(_l("Hãng sản xuất"), [Optional(), Length(max=200)])
    origin = StringField(_l("Xuất xứ"), [Optional(), Length(max=100)])
    hs_code = StringField(_l("Mã HS"), [Optional(), Regexp(
        r"^\d{4}(\.?\d{2}){1,3}$", message=_l("Mã HS gồm 6, 8 hoặc 10 chữ số, ví dụ 8471.80.90."))])
    quantity = IntegerField(_l("Số lượng"), [Optional(), NumberRange(
        min=1, max=1_000_000, message=_l("Số lượng phải từ 1 đến 1.000.000."))])
    unit = StringField(_l("Đơn vị tính"), [Optional(), Length(max=30)])

    def is_blank(self) -> bool:
        return not any(f.data not in (None, "") for f in self)

    @classmethod
    def labels(cls) -> dict[str, str]:
        """Each column's label in the current language, for showing a stored line."""
        return {field.name: str(field.label.text) for field in cls()}

    def validate(self, extra_validators=None) -> bool:
        if not super().validate(extra_validators):
            return False
        if self.is_blank():
            return True
        missing = [f for f in (self.name, self.hs_code, self.quantity, self.unit) if f.data in (None, "")]
        for f in missing:
            f.errors.append(_l("Bắt buộc khi khai báo sản phẩm."))
        return not missing


def _text(label) -> str:
    """A declared Label in the user's language."""
    return label.get(str(get_locale() or "vi"))


def _choices(declared) -> list:
    return options((code, _text(label)) for code, label in declared)


def _field(decl):
    """The WTForms field for one declared field."""
    label = _text(decl.label)
    length = [Length(max=decl.max_length)] if decl.max_length else []
    kinds = {
        "text": lambda: StringField(label, [Optional(), *length]),
        "textarea": lambda: TextAreaField(label, [Optional(), *length]),
        "date": lambda: DateField(label, [Optional()]),
        "integer": lambda: IntegerField(label, [Optional(), NumberRange(
            min=0, max=100_000, message=_l("Nhập số từ 0 đến 100.000."))]),
        "choice": lambda: SelectField(label, [Optional()], choices=[*options([("", "—")]), *_choices(decl.choices)]),
        "multichoice": lambda: CheckboxesField(label, [Optional()], choices=_choices(decl.choices)),
        "email": lambda: EmailField(label, [Optional(), Email(_l("Thư điện tử không hợp lệ.")), *length]),
        "phone": lambda: StringField(label, [Optional(), Regexp(
            r"^\+?[0-9 ().-]{8,20}$", message=_l("Số điện thoại chỉ gồm 8–20 chữ số và dấu cách."))]),
        "identifier_names": lambda: TextAreaField(label, [Optional(), identifier_names],
                                                   description=_l("Mỗi dòng một tên định danh.")),
        "product_lines": lambda: FieldList(FormField(ProductLineForm), label=label),
    }
    return kinds[decl.kind]()


def application_form(procedure: Procedure, data: dict | None = None, formdata=None) -> FlaskForm:
    """A form for `procedure`, filled from the saved draft `data` unless the request posts one."""
    fields = {decl.name: _field(decl) for decl in procedure.fields}
    form_class = type(f"{procedure.code}_form", (FlaskForm,), fields)
    stored = _to_form(procedure, data or {})
    form = form_class(formdata=formdata, data=stored) if formdata else form_class(data=stored)
    for decl in procedure.fields:
        if decl.kind == "product_lines":
            lines = form[decl.name]
            while len(lines) < len(stored.get(decl.name, [])) + PRODUCT_ROWS:
                lines.append_entry()
    return form


def _to_form(procedure: Procedure, data: dict) -> dict:
    """Stored JSON to form data (identifier names are stored as a list, edited as lines)."""
    out = dict(data)
    for decl in procedure.fields:
        if decl.kind == "identifier_names" and isinstance(out.get(decl.name), list):
            out[decl.name] = "\n".join(out[decl.name])
        if decl.kind == "date" and out.get(decl.name):
            out[decl.name] = date.fromisoformat(out[decl.name])
    return out


def form_to_data(procedure: Procedure, form: FlaskForm) -> dict:
    """Form data to the JSON stored on the dossier: only declared fields, blanks dropped."""
    data = {}
    for decl in procedure.fields:
        value = form[decl.name].data
        if decl.kind == "identifier_names":
            value = [name.upper() for name in _lines(value)]
        elif decl.kind == "product_lines":
            value = [{k: v for k, v in line.data.items() if k != "csrf_token"}
                     for line in form[decl.name] if not line.form.is_blank()]
        elif decl.kind == "date" and value:
            value = value.isoformat()
        elif isinstance(value, str):
            value = value.strip()
        if value not in (None, "", []):
            data[decl.name] = value
    return data


def answer_lines(field, value) -> list[str]:
    """A form answer as lines of text, choices by their label, in the current language."""
    if value in (None, "", []):
        return []
    locale = str(get_locale() or "vi")
    choices = {key: label.get(locale) for key, label in field.choices}
    values = value if isinstance(value, list) else [value]
    columns = ProductLineForm.labels() if field.kind == "product_lines" else {}
    return ["; ".join(f"{columns.get(k, k)}: {v}" for k, v in item.items() if v not in (None, ""))
            if isinstance(item, dict) else choices.get(item, str(item)) for item in values]
