"""The shapes of records in the API's description, derived from the same forms and models that
validate and store them, so the description cannot drift from what the API does.

- A request body (create, change) is described field by field from the kind's form: the type
  each field takes, its choices, its length, whether it must be sent. The form itself still
  validates it, so a refusal carries the page's messages.
- A response body is a pydantic model of the record's fields (django-ninja checks every
  response against it): ids for links, choice codes, ISO dates, decimals as exact text."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Literal

import pydantic
from django import forms
from django.core import validators
from django.db import models

from hezuo.accounts.access import MAX_ID, Access
from hezuo.accounts.models import Role
from hezuo.api.forms import IGNORED, NOT_LISTED, editable
from hezuo.core.models import School
from hezuo.records.kind import RecordKind

JsonSchema = dict[str, Any]
# A choice among more values than this (the countries) is described as a code, not listed.
LONG_LIST = 50


def _shape(table: RecordKind[Any], *, changing: bool) -> forms.BaseForm:
    """The kind's form as it is offered for a new record, or for changing one (some forms show
    fewer fields, or some disabled, once the record exists). Nothing is read: a form reads its
    choices only when it validates."""
    access = Access(school=School(pk=0), user=None, roles=frozenset({Role.OFFICE_ADMIN}))
    instance = None
    if changing:
        instance = table.model(pk=1)
        # A form reads the links of the record it changes; this one has none to read.
        instance._prefetched_objects_cache = {
            field.name: field.related_model._default_manager.none()
            for field in table.model._meta.many_to_many
        }
    return table.form(instance=instance, access=access)  # type: ignore[call-arg]


def _bounds(field: forms.Field) -> JsonSchema:
    bounds: JsonSchema = {}
    for validator in field.validators:
        if isinstance(validator, validators.MinValueValidator):
            bounds["minimum"] = validator.limit_value
        elif isinstance(validator, validators.MaxValueValidator):
            bounds["maximum"] = validator.limit_value
        elif isinstance(validator, validators.MaxLengthValidator):
            bounds["maxLength"] = validator.limit_value
    return bounds


def _choices(field: forms.ChoiceField) -> list[str]:
    choices: Any = field.choices
    values = [str(value) for value, _label in choices if value != ""]
    return values if field.required else ["", *values]


def _field_schema(field: forms.Field) -> JsonSchema:
    """What one form field takes, as JSON Schema."""
    schema: JsonSchema
    if isinstance(field, forms.ModelMultipleChoiceField):
        schema = {"type": "array", "items": {"type": "integer", "minimum": 1, "maximum": MAX_ID}}
    elif isinstance(field, forms.ModelChoiceField):
        schema = {"type": "integer", "minimum": 1, "maximum": MAX_ID}
    elif isinstance(field, forms.MultipleChoiceField):
        schema = {"type": "array", "items": {"type": "string", "enum": _choices(field)}}
    elif isinstance(field, forms.ChoiceField):
        choices = _choices(field)
        if len(choices) <= LONG_LIST:
            schema = {"type": "string", "enum": choices}
        else:  # a country: its code, as the page's list offers it
            examples = [choice for choice in choices if choice][:3]
            schema = {
                "type": "string",
                "maxLength": max(map(len, choices)),
                "examples": examples,
                "description": f"One of the {len(choices)} codes the web form lists.",
            }
    elif isinstance(field, forms.BooleanField):
        schema = {"type": "boolean"}
    elif isinstance(field, forms.IntegerField):
        schema = {"type": "integer", **_bounds(field)}
    elif isinstance(field, forms.DecimalField):
        schema = {"type": "number", **_bounds(field)}
    elif isinstance(field, forms.DateField):
        schema = {"type": "string", "format": "date"}
    else:
        schema = {"type": "string", **_bounds(field)}
        if isinstance(field, forms.EmailField):
            schema["format"] = "email"
        elif isinstance(field, forms.URLField):
            schema["format"] = "uri"
        elif isinstance(field, forms.SlugField):
            schema["pattern"] = r"^[-a-zA-Z0-9_]+$"
    nullable = not field.required and schema["type"] in {"integer", "number", "string"}
    if nullable and "enum" not in schema:
        schema["type"] = [schema["type"], "null"]
    if isinstance(field.widget, forms.PasswordInput):
        schema["writeOnly"] = True
    schema["title"] = str(field.label or "")
    if field.help_text:
        schema["description"] = " ".join(
            filter(None, [schema.get("description"), str(field.help_text)])
        )
    return schema


def request_body(table: RecordKind[Any], *, changing: bool) -> JsonSchema:
    """The body of a create (the fields a new record must have are required) or of a change
    (only what is sent changes) of a record of ``table``'s kind, for ``openapi_extra``."""
    return form_body(
        _shape(table, changing=changing),
        title=f"{table.model.__name__}{'Change' if changing else 'New'}",
        changing=changing,
    )


def form_body(form: forms.BaseForm, *, title: str, changing: bool) -> JsonSchema:
    """The body ``form`` takes, for an operation's ``openapi_extra``: with ``changing``, every
    field may be left out (it keeps its value)."""
    fields = editable(form)
    properties = {name: _field_schema(field) for name, field in fields.items()}
    for name in IGNORED:
        properties[name] = {"readOnly": True, "description": "Ignored (as a GET gives it back)."}
    schema: JsonSchema = {
        "type": "object",
        "title": title,
        "properties": properties,
        "additionalProperties": False,
    }
    required = [name for name, field in fields.items() if field.required and not changing]
    if required:
        schema["required"] = required
    return {
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": schema}},
        }
    }


def _python_type(field: models.Field[Any, Any]) -> Any:
    if field.many_to_many:
        return list[int]
    if field.is_relation:
        kind: Any = int
    elif field.choices:
        values = [str(value) for value, _label in field.flatchoices]
        kind = Literal[tuple([*values, ""] if field.blank else values)]
    elif isinstance(field, models.BooleanField):
        kind = bool
    elif isinstance(field, models.IntegerField):
        kind = int
    elif isinstance(field, models.DecimalField):
        kind = Decimal
    elif isinstance(field, models.DateField):
        kind = dt.date
    else:
        kind = str
    return kind | None if field.null else kind


def stored_fields(table: RecordKind[Any]) -> list[models.Field[Any, Any]]:
    """The fields of the record a GET gives: those of its form, as the model stores them."""
    names = table.form._meta.fields or ()
    return [table.model._meta.get_field(name) for name in names if name not in NOT_LISTED]


def record_model(table: RecordKind[Any]) -> type[pydantic.BaseModel]:
    """A record of the kind as the API gives it back."""
    return model_of(
        f"{table.model.__name__}Record",
        stored_fields(table),
        id=(int, ...),
        label=(str, ...),
        warnings=(
            list[str],
            pydantic.Field(
                description="What looks wrong in the record but is allowed, e.g. an approval "
                "number whose province code is not the school's (read only)."
            ),
        ),
    )


def model_of(
    name: str, fields: list[models.Field[Any, Any]], **extra: Any
) -> type[pydantic.BaseModel]:
    """A pydantic model of these model fields (and of ``extra``, as ``create_model`` takes
    them), each as the API gives it back."""
    shape = dict(extra)
    for field in fields:
        shape[field.name] = (_python_type(field), ...)
    model: type[pydantic.BaseModel] = pydantic.create_model(name, **shape)
    return model


def page_model(
    table: RecordKind[Any], record: type[pydantic.BaseModel]
) -> type[pydantic.BaseModel]:
    """A page of a list: how many records match, and those of the page."""
    items: Any = list[record]  # type: ignore[valid-type]
    page: type[pydantic.BaseModel] = pydantic.create_model(
        f"{table.model.__name__}Page", count=(int, ...), items=(items, ...)
    )
    return page
