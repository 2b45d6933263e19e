"""The five generic pages of a resource: list, detail (with history), create, edit, delete."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.db.models import QuerySet
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from hezuo.accounts.selectors import audit_events_for
from hezuo.core.errors import HezuoError
from hezuo.core.text import listing, with_note, yes_no
from hezuo.imports.rules import may_import
from hezuo.partners.countries import country_name
from hezuo.records.kind import RecordKind
from hezuo.web.access import SchoolRequest
from hezuo.web.details import detail_of

PAGE_SIZE = 25
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def form_error(form: forms.BaseForm, error: ValidationError | HezuoError) -> None:
    """A service's refusal, shown where the user will look: beside the field it names, or
    above the form."""
    if isinstance(error, HezuoError):
        form.add_error(None, error.message)
        return
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def _filtered(request: SchoolRequest, resource: RecordKind[Any]) -> tuple[Any, QuerySet[Any], str]:
    """The FilterSet, the rows it lets through in the asked order, and that order."""
    queryset = resource.list(request.access)
    filters = resource.filterset(request.GET or None, queryset=queryset, request=request)
    rows = filters.qs if filters.is_bound and filters.is_valid() else queryset
    order = request.GET.get("o", "")
    if order.lstrip("-") not in resource.orderings():
        order = resource.default_order
    return filters, rows.order_by(order, "-pk"), order


def list_page(request: SchoolRequest, resource: RecordKind[Any]) -> HttpResponse:
    access = request.access
    filters, rows, order = _filtered(request, resource)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    sort_query = query.copy()
    sort_query.pop("o", None)
    context = {
        "resource": resource,
        "filters": filters,
        "page": page,
        "order": order,
        "query": query.urlencode(),
        "sort_query": sort_query.urlencode(),
        "can_create": resource.can_create(access),
        "can_import": may_import(access, resource.kind),
    }
    template = "web/crud/list.html#table" if request.htmx else "web/crud/list.html"
    return render(request, template, context)


def detail_page(request: SchoolRequest, resource: RecordKind[Any], pk: int) -> HttpResponse:
    obj = resource.get(request.access, pk)
    fields = [
        (field.verbose_name, _display(obj, field))
        for field in obj._meta.fields
        if field.name not in {"id", "school", "created_at", "updated_at"}
        and getattr(field, "editable", True)
    ]
    fields += [
        (field.verbose_name, listing(getattr(obj, field.name).all()))
        for field in obj._meta.many_to_many
        # Links kept through a model of their own (an item's files) have their own section.
        if field.remote_field.through._meta.auto_created
    ]
    detail = detail_of(resource.kind)
    return render(
        request,
        detail.template,
        {
            "resource": resource,
            "object": obj,
            "fields": fields,
            "history": audit_events_for(access=request.access, instance=obj)[:50],
            "can_change": resource.can_change(request.access, obj),
            **detail.context(request.access, obj),
        },
    )


def _display(obj: models.Model, field: models.Field[Any, Any]) -> object:
    if field.name == "country_code":
        code = getattr(obj, field.name)
        return with_note(country_name(code), code) if code else ""
    getter = getattr(obj, f"get_{field.name}_display", None)
    if callable(getter):
        return getter()
    value = getattr(obj, field.name)
    if isinstance(value, bool):
        return yes_no(value)
    return "" if value is None else value


def form_page(
    request: SchoolRequest, resource: RecordKind[Any], pk: int | None = None
) -> HttpResponse:
    access = request.access
    obj = resource.get(access, pk) if pk is not None else None
    if obj is None and not resource.can_create(access):
        raise PermissionDenied
    if obj is not None and not resource.can_change(access, obj):
        raise PermissionDenied
    form = resource.form(request.POST or None, instance=obj, access=access)  # type: ignore[call-arg]
    if request.method == "POST" and form.is_valid():
        try:
            if obj is None:
                saved = resource.create(access, form.cleaned_data)
                messages.success(request, _("已创建“%(record)s”。") % {"record": saved})
            else:
                saved = resource.update(access, obj, form.cleaned_data)
                messages.success(request, _("已保存“%(record)s”。") % {"record": saved})
            return redirect(
                "web:detail", school=access.school.slug, resource=resource.kind, pk=saved.pk
            )
        except (ValidationError, HezuoError) as error:
            form_error(form, error)
    # Validation wrote what was typed onto the form's record; the page around the form shows
    # the record as stored.
    shown = resource.get(access, obj.pk) if obj is not None and form.is_bound else obj
    return render(
        request, "web/crud/form.html", {"resource": resource, "object": shown, "form": form}
    )


def delete_page(request: SchoolRequest, resource: RecordKind[Any], pk: int) -> HttpResponse:
    access = request.access
    obj = resource.get(access, pk)
    if not resource.can_change(access, obj):
        raise PermissionDenied
    problem = ""
    if request.method == "POST":
        try:
            name = str(obj)
            resource.delete(access, obj)
            messages.success(request, _("已删除“%(record)s”。") % {"record": name})
            return redirect("web:list", school=access.school.slug, resource=resource.kind)
        except HezuoError as error:
            problem = error.message
    return render(
        request,
        "web/crud/confirm_delete.html",
        {"resource": resource, "object": obj, "problem": problem},
    )


def _cell(value: object) -> object:
    """Numbers and dates stay what they are (Excel can add and sort them); the rest is text."""
    if isinstance(value, bool):
        return yes_no(value)
    if isinstance(value, Decimal):
        return float(value)
    if value is None or isinstance(value, int | float | dt.date):
        return value
    return str(value)


def export_page(request: SchoolRequest, resource: RecordKind[Any]) -> FileResponse:
    """The list as the user filtered and sorted it, every row, as an Excel workbook with the
    list's columns (written row by row, so a long list does not fill the memory)."""
    _filters, rows, _order = _filtered(request, resource)
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=str(resource.label_plural)[:31])
    sheet.append([str(column.label) for column in resource.columns])
    for obj in rows.iterator(chunk_size=2000):
        sheet.append([_cell(column.value(obj)) for column in resource.columns])
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    name = f"{resource.label_plural}-{timezone.localdate():%Y%m%d}.xlsx"
    return FileResponse(out, as_attachment=True, filename=name, content_type=XLSX)
