"""Small template helpers of the web UI."""

from __future__ import annotations

from typing import Any

from django import forms, template
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.urls import reverse
from django.utils.safestring import SafeString

from hezuo.core.text import yes_no

register = template.Library()


@register.simple_tag
def field(bound: forms.BoundField) -> SafeString:
    """A form field's widget with Bootstrap's class, marked invalid when it has errors."""
    widget = bound.field.widget
    if isinstance(widget, forms.CheckboxInput):
        css = "form-check-input"
    elif isinstance(widget, forms.Select | forms.SelectMultiple):
        css = "form-select"
    else:
        css = "form-control"
    if bound.errors:
        css += " is-invalid"
    own = widget.attrs.get("class", "")  # classes a form gives its widget stay on it
    return bound.as_widget(attrs={"class": f"{own} {css}".strip()})


@register.filter
def cell(column: Any, obj: Any) -> object:
    return column.value(obj)


@register.simple_tag(takes_context=True)
def resource_url(context: dict[str, Any], name: str, resource: Any, pk: int | None = None) -> str:
    school = context["current_school"].slug
    args = [school, resource.kind] if pk is None else [school, resource.kind, pk]
    return reverse(f"web:{name}", args=args)


@register.filter
def is_checkbox(bound: forms.BoundField) -> bool:
    return isinstance(bound.field.widget, forms.CheckboxInput)


@register.filter
def field_label(event: Any, name: str) -> str:
    """A changed field of an audit event by its label, as the record's form shows it (its
    name when the record no longer has such a field). Content types come from Django's cache,
    so a history costs no query per event."""
    model = ContentType.objects.get_for_id(event.content_type_id).model_class()
    try:
        return str(model._meta.get_field(name).verbose_name)  # type: ignore[union-attr]
    except (AttributeError, FieldDoesNotExist):
        return name


@register.filter
def audit_value(value: object) -> object:
    """A value of an audit event as a reader wants it: a dash for nothing, yes or no for a
    flag."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return yes_no(value)
    return value
