"""Small template helpers of the web UI."""

from __future__ import annotations

from typing import Any

from django import forms, template
from django.urls import reverse
from django.utils.safestring import SafeString

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
    args = [school, resource.slug] if pk is None else [school, resource.slug, pk]
    return reverse(f"web:{name}", args=args)


@register.filter
def is_checkbox(bound: forms.BoundField) -> bool:
    return isinstance(bound.field.widget, forms.CheckboxInput)
