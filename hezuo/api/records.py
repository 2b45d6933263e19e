"""Every kind of record of the web UI through the API: list (the web list's FilterSet, its
parameter names), one record, create, change (PATCH: only the fields sent), delete. The table of
resources is the web's (`hezuo.web.registry`): the same selectors, services, forms and write
rules, so the API cannot accept what a page would refuse.

django-ninja reads the annotations below when the module loads, so they are not postponed."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from ninja import Body, Query, Router
from ninja.responses import Status

from hezuo.accounts.access import Access
from hezuo.api import evidence
from hezuo.api.auth import school_access
from hezuo.api.schemas import ERRORS, PageParams, RecordPage
from hezuo.core.errors import AccessDenied
from hezuo.web.registry import RESOURCES
from hezuo.web.resources import Resource

router = Router(tags=["records"])
NOT_LISTED = {"password"}  # form fields that are written, never read back


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _fields(resource: Resource[Any]) -> list[models.Field[Any, Any]]:
    names = resource.form._meta.fields or ()
    return [resource.model._meta.get_field(name) for name in names]


def serialize(resource: Resource[Any], obj: models.Model) -> dict[str, Any]:
    """The record as its form knows it: ids for links, choice codes, ISO dates."""
    data: dict[str, Any] = {"id": obj.pk, "label": str(obj)}
    for field in _fields(resource):
        if field.many_to_many:
            data[field.name] = sorted(item.pk for item in getattr(obj, field.name).all())
        elif field.is_relation:
            data[field.name] = getattr(obj, field.attname)
        else:
            data[field.name] = _plain(getattr(obj, field.name))
    return data


def form_data(values: dict[str, Any]) -> MultiValueDict[str, Any]:
    data: MultiValueDict[str, Any] = MultiValueDict()
    for name, value in values.items():
        if isinstance(value, list | tuple):
            data.setlist(name, [_plain(item) for item in value])
        else:
            data[name] = "" if value is None else _plain(value)
    return data


def with_defaults(form: forms.BaseForm, payload: dict[str, Any]) -> dict[str, Any]:
    """``payload`` over what ``form`` holds before it is bound (a record's values, or the
    defaults of a new one), so a field that is not sent keeps its value."""
    values = {
        name: form[name].value()
        for name in form.fields
        if name not in NOT_LISTED and not form.fields[name].disabled
    }
    unknown = sorted(set(payload) - set(values) - {"id", "label", *NOT_LISTED})
    if unknown:
        raise ValidationError({name: [_("不能通过接口设置这一字段。")] for name in unknown})
    return {**values, **payload}


def _valid_form(resource: Resource[Any], access: Access, data: dict[str, Any], **kwargs: Any):  # type: ignore[no-untyped-def]
    form = resource.form(data=form_data(data), access=access, **kwargs)  # type: ignore[call-arg]
    if not form.is_valid():
        raise ValidationError(
            {name: [str(error) for error in errors] for name, errors in form.errors.items()}
        )
    return form


def _register(resource: Resource[Any], router: Router, *, reads: bool = True) -> None:
    """The five operations of ``resource`` on ``router`` (only the writes when a router of its
    own already reads it)."""
    many = [field.name for field in _fields(resource) if field.many_to_many]
    if reads:
        _register_reads(resource, router, many)
    _register_writes(resource, router)


def _register_reads(resource: Resource[Any], router: Router, many: list[str]) -> None:
    slug = resource.slug

    @router.get(
        f"/schools/{{school}}/{slug}/",
        response={200: RecordPage, **ERRORS},
        summary=f"List {slug}",
        description="Filters: the same query parameters as the web list (`q` searches); "
        "`limit` (at most 500) and `offset` page through the rows.",
        operation_id=f"list_{slug.replace('-', '_')}",
    )
    def list_records(request: HttpRequest, school: str, page: Query[PageParams]) -> dict[str, Any]:
        access = school_access(request, school)
        request.access = access  # type: ignore[attr-defined]  # the FilterSet limits its choices
        rows = resource.list(access)
        query = request.GET.copy()
        for name in ("limit", "offset"):
            query.pop(name, None)
        if query:
            filters = resource.filterset(query, queryset=rows, request=request)
            if not filters.is_valid():
                raise ValidationError(
                    {name: [str(e) for e in errors] for name, errors in filters.errors.items()}
                )
            rows = filters.qs
        rows = rows.order_by(resource.default_order, "-pk").prefetch_related(*many)
        found = rows[page.offset : page.offset + page.limit]
        return {"count": rows.count(), "items": [serialize(resource, obj) for obj in found]}

    @router.get(
        f"/schools/{{school}}/{slug}/{{record_id}}/",
        response={200: dict[str, Any], **ERRORS},
        summary=f"One of {slug}",
        operation_id=f"get_{slug.replace('-', '_')}",
    )
    def get_record(request: HttpRequest, school: str, record_id: int) -> dict[str, Any]:
        access = school_access(request, school)
        return serialize(resource, resource.get(access, record_id))


def _register_writes(resource: Resource[Any], router: Router) -> None:
    slug = resource.slug

    @router.post(
        f"/schools/{{school}}/{slug}/",
        response={201: dict[str, Any], **ERRORS},
        summary=f"Create one of {slug}",
        description="The body has the fields of the record as `GET` returns them (links as "
        "ids); the web form's rules and messages apply.",
        operation_id=f"create_{slug.replace('-', '_')}",
    )
    def create_record(
        request: HttpRequest, school: str, payload: Body[dict[str, Any]]
    ) -> Status[dict[str, Any]]:
        access = school_access(request, school)
        if not resource.can_create(access):
            raise AccessDenied()
        blank = resource.form(access=access)  # type: ignore[call-arg]
        form = _valid_form(resource, access, with_defaults(blank, payload))
        saved = resource.create(access, form.cleaned_data)
        return Status(201, serialize(resource, resource.get(access, saved.pk)))

    @router.patch(
        f"/schools/{{school}}/{slug}/{{record_id}}/",
        response={200: dict[str, Any], **ERRORS},
        summary=f"Change one of {slug}",
        description="Only the fields sent change.",
        operation_id=f"update_{slug.replace('-', '_')}",
    )
    def update_record(
        request: HttpRequest, school: str, record_id: int, payload: Body[dict[str, Any]]
    ) -> dict[str, Any]:
        access = school_access(request, school)
        obj = resource.get(access, record_id)
        if not resource.can_change(access, obj):
            raise AccessDenied()
        # What the form holds now, with the fields sent laid over it.
        current = resource.form(instance=obj, access=access)  # type: ignore[call-arg]
        form = _valid_form(resource, access, with_defaults(current, payload), instance=obj)
        saved = resource.update(access, obj, form.cleaned_data)
        return serialize(resource, resource.get(access, saved.pk))

    @router.delete(
        f"/schools/{{school}}/{slug}/{{record_id}}/",
        response={204: None, **ERRORS},
        summary=f"Delete one of {slug}",
        operation_id=f"delete_{slug.replace('-', '_')}",
    )
    def delete_record(request: HttpRequest, school: str, record_id: int) -> Status[None]:
        access = school_access(request, school)
        obj = resource.get(access, record_id)
        if not resource.can_change(access, obj):
            raise AccessDenied()
        resource.delete(access, obj)
        return Status(204, None)


for _resource in RESOURCES.values():
    if _resource.slug == "evidence":  # read with its files by the evidence router
        _register(_resource, evidence.router, reads=False)
    else:
        _register(_resource, router)
