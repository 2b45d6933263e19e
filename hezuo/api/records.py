"""Every kind of record through the API: list (the web list's FilterSet, its parameter names),
one record, create, change (PATCH: only the fields sent), delete. The kinds are the table of
``hezuo.records`` that the web pages read too: the same selectors, services, forms and write
rules, so the API cannot accept what a page would refuse. Bodies are described per kind
(``bodies.py``) from the same forms and models.

django-ninja reads the annotations below when the module loads, so they are not postponed."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest
from ninja import Body, Query, Router
from ninja.responses import Status

from hezuo.accounts.access import Access
from hezuo.api import evidence
from hezuo.api.auth import school_access
from hezuo.api.bodies import page_model, record_model, request_body, stored_fields
from hezuo.api.forms import bound, plain
from hezuo.api.schemas import ERRORS, PageParams
from hezuo.core.errors import AccessDenied
from hezuo.core.kinds import Kind
from hezuo.records.kind import RecordKind
from hezuo.records.table import KINDS

router = Router(tags=["records"])


def serialize(table: RecordKind[Any], access: Access, obj: models.Model) -> dict[str, Any]:
    """The record as its form knows it: ids for links, choice codes, ISO dates; and what looks
    wrong in it but is allowed (its kind's warnings)."""
    data: dict[str, Any] = {
        "id": obj.pk,
        "label": str(obj),
        "warnings": list(table.warnings(access, obj)),
    }
    for field in stored_fields(table):
        if field.many_to_many:
            data[field.name] = sorted(item.pk for item in getattr(obj, field.name).all())
        elif field.is_relation:
            data[field.name] = getattr(obj, field.attname)
        else:
            data[field.name] = plain(getattr(obj, field.name))
    return data


def _register(table: RecordKind[Any], router: Router, *, reads: bool = True) -> None:
    """The five operations of ``table``'s kind on ``router`` (only the writes when a router of
    its own already reads it)."""
    record = record_model(table)
    if reads:
        _register_reads(table, router, record)
    _register_writes(table, router, record)


def _operation(verb: str, table: RecordKind[Any]) -> str:
    return f"{verb}_{table.kind.value.replace('-', '_')}"


def _register_reads(table: RecordKind[Any], router: Router, record: type) -> None:
    kind = table.kind.value
    many = [field.name for field in stored_fields(table) if field.many_to_many]

    @router.get(
        f"/schools/{{school}}/{kind}/",
        response={200: page_model(table, record), **ERRORS},
        summary=f"List {kind}",
        description="Filters: the same query parameters as the web list (`q` searches); "
        "`limit` (at most 500) and `offset` page through the rows.",
        operation_id=_operation("list", table),
    )
    def list_records(request: HttpRequest, school: str, page: Query[PageParams]) -> dict[str, Any]:
        access = school_access(request, school)
        request.access = access  # type: ignore[attr-defined]  # the FilterSet limits its choices
        rows = table.list(access)
        query = request.GET.copy()
        for name in ("limit", "offset"):
            query.pop(name, None)
        if query:
            filters = table.filterset(query, queryset=rows, request=request)
            if not filters.is_valid():
                raise ValidationError(
                    {name: [str(e) for e in errors] for name, errors in filters.errors.items()}
                )
            rows = filters.qs
        rows = rows.order_by(table.default_order, "-pk").prefetch_related(*many)
        found = rows[page.offset : page.offset + page.limit]
        return {"count": rows.count(), "items": [serialize(table, access, obj) for obj in found]}

    @router.get(
        f"/schools/{{school}}/{kind}/{{record_id}}/",
        response={200: record, **ERRORS},
        summary=f"One of {kind}",
        operation_id=_operation("get", table),
    )
    def get_record(request: HttpRequest, school: str, record_id: int) -> dict[str, Any]:
        access = school_access(request, school)
        return serialize(table, access, table.get(access, record_id))


def _register_writes(table: RecordKind[Any], router: Router, record: type) -> None:
    kind = table.kind.value

    @router.post(
        f"/schools/{{school}}/{kind}/",
        response={201: record, **ERRORS},
        summary=f"Create one of {kind}",
        description="The body has the fields of the record as `GET` returns them (links as "
        "ids); fields not sent take the web form's defaults, and its rules and messages apply.",
        operation_id=_operation("create", table),
        openapi_extra=request_body(table, changing=False),
    )
    def create_record(
        request: HttpRequest, school: str, payload: Body[dict[str, Any]]
    ) -> Status[dict[str, Any]]:
        access = school_access(request, school)
        if not table.can_create(access):
            raise AccessDenied()
        blank = table.form(access=access)  # type: ignore[call-arg]
        form = bound(blank, payload, lambda data: table.form(data=data, access=access))  # type: ignore[call-arg]
        saved = table.create(access, form.cleaned_data)
        return Status(201, serialize(table, access, table.get(access, saved.pk)))

    @router.patch(
        f"/schools/{{school}}/{kind}/{{record_id}}/",
        response={200: record, **ERRORS},
        summary=f"Change one of {kind}",
        description="Only the fields sent change; an empty body changes nothing.",
        operation_id=_operation("update", table),
        openapi_extra=request_body(table, changing=True),
    )
    def update_record(
        request: HttpRequest, school: str, record_id: int, payload: Body[dict[str, Any]]
    ) -> dict[str, Any]:
        access = school_access(request, school)
        obj = table.get(access, record_id)
        if not table.can_change(access, obj):
            raise AccessDenied()
        current = table.form(instance=obj, access=access)  # type: ignore[call-arg]
        form = bound(
            current,
            payload,
            lambda data: table.form(data=data, instance=obj, access=access),  # type: ignore[call-arg]
        )
        saved = table.update(access, obj, form.cleaned_data)
        return serialize(table, access, table.get(access, saved.pk))

    @router.delete(
        f"/schools/{{school}}/{kind}/{{record_id}}/",
        response={204: None, **ERRORS},
        summary=f"Delete one of {kind}",
        operation_id=_operation("delete", table),
    )
    def delete_record(request: HttpRequest, school: str, record_id: int) -> Status[None]:
        access = school_access(request, school)
        obj = table.get(access, record_id)
        if not table.can_change(access, obj):
            raise AccessDenied()
        table.delete(access, obj)
        return Status(204, None)


for _table in KINDS.values():
    if _table.kind == Kind.EVIDENCE:  # read with its files by the evidence router
        _register(_table, evidence.router, reads=False)
    else:
        _register(_table, router)
