"""A JSON body given to a record's web form: the API validates with the same forms as the pages,
so it accepts and refuses exactly what they do, with their messages in the caller's language."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _

from hezuo.accounts.access import MAX_ID

NOT_LISTED = {"password"}  # form fields that are written, never read back
# What a GET gives back besides the fields; sending it changes nothing.
IGNORED = {"id", "label", "warnings"}


def plain(value: Any) -> Any:
    """A value as JSON carries it: dates as ISO text, decimals as exact text, records as ids."""
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return getattr(value, "pk", value)


def editable(form: forms.BaseForm) -> dict[str, forms.Field]:
    """The fields a body may set: those of the form that are not shown disabled."""
    return {name: field for name, field in form.fields.items() if not field.disabled}


def form_data(form: forms.BaseForm, values: dict[str, Any]) -> MultiValueDict[str, Any]:
    """``values`` as a browser would post them to ``form``: a list for a field that takes
    several values (none sent, or null, is an empty list), text for the others (null is
    empty)."""
    data: MultiValueDict[str, Any] = MultiValueDict()
    for name, value in values.items():
        field = form.fields.get(name)
        if isinstance(field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField):
            items = [] if value in (None, "") else value
            data.setlist(
                name, [plain(item) for item in items] if isinstance(items, list) else [items]
            )
        elif isinstance(value, list | tuple):
            data.setlist(name, [plain(item) for item in value])
        else:
            data[name] = "" if value is None else plain(value)
    return data


def _is_id(value: Any) -> bool:
    """A whole number a record's id can be (the databases keep ids below 2⁶³)."""
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value <= MAX_ID


def _wrong_type(field: forms.Field, value: Any) -> str:
    """Why ``value`` (as JSON gave it) cannot be a value of ``field``, or ""."""
    if value is None:
        return ""
    if isinstance(field, forms.ModelMultipleChoiceField):
        ok = isinstance(value, list) and all(_is_id(item) for item in value)
        return "" if ok else _("应为记录编号（整数）的列表。")
    if isinstance(field, forms.MultipleChoiceField):
        ok = isinstance(value, list) and all(isinstance(item, str) for item in value)
        return "" if ok else _("应为文字的列表。")
    if isinstance(field, forms.ModelChoiceField):
        return "" if _is_id(value) else _("应为记录编号（整数）。")
    if isinstance(field, forms.BooleanField):
        return "" if isinstance(value, bool) else _("应为 true 或 false。")
    if isinstance(field, forms.IntegerField):
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_ID:
            return _("数值超出范围。")
        ok = isinstance(value, str) or (isinstance(value, int) and not isinstance(value, bool))
        return "" if ok else _("应为整数。")
    if isinstance(field, forms.DecimalField):
        ok = isinstance(value, int | float | str) and not isinstance(value, bool)
        return "" if ok else _("应为数字。")
    return "" if isinstance(value, str) else _("应为文字。")


def with_defaults(form: forms.BaseForm, payload: dict[str, Any]) -> dict[str, Any]:
    """``payload`` over what ``form`` holds before it is bound (a record's values, or the
    defaults of a new one), so a field that is not sent keeps its value. A field the form does
    not take, or a value of the wrong JSON type, is refused field by field."""
    fields = editable(form)
    values = {name: form[name].value() for name in fields if name not in NOT_LISTED}
    problems = {
        name: [_("不能通过接口设置这一字段。")]
        for name in sorted(set(payload) - set(fields) - IGNORED)
    }
    for name, value in payload.items():
        wrong = _wrong_type(fields[name], value) if name in fields else ""
        if wrong:
            problems[name] = [wrong]
    if problems:
        raise ValidationError(problems)
    return {**values, **{name: value for name, value in payload.items() if name not in IGNORED}}


def bound(form: forms.BaseForm, payload: dict[str, Any], make: Any) -> forms.BaseForm:
    """The form ``make(data)`` makes, bound to ``payload`` laid over what ``form`` holds and
    validated; its errors are raised field by field."""
    result: forms.BaseForm = make(form_data(form, with_defaults(form, payload)))
    if not result.is_valid():
        raise ValidationError(
            {name: [str(error) for error in errors] for name, errors in result.errors.items()}
        )
    return result
