"""The five generic pages of a resource: list, detail (with history), create, edit, delete;
and its export to Excel."""

from __future__ import annotations

import tempfile
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.http import FileResponse, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from hezuo.accounts.selectors import audit_events_for
from hezuo.core.errors import HezuoError
from hezuo.core.text import listing, with_note, yes_no
from hezuo.exports.services import export_request
from hezuo.exports.workbook import list_rows, workbook_name, write_workbook
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


def list_page(request: SchoolRequest, resource: RecordKind[Any]) -> HttpResponse:
    access = request.access
    shown = list_rows(access=access, resource=resource, query=request.GET)
    page = Paginator(shown.rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    sort_query = query.copy()
    sort_query.pop("o", None)
    context = {
        "resource": resource,
        "filters": shown.filters,
        "page": page,
        "order": shown.order,
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
            for warning in resource.warnings(access, saved):
                messages.warning(request, warning)
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


def export_page(request: SchoolRequest, resource: RecordKind[Any]) -> HttpResponseBase:
    """The list as the user filtered and sorted it, every row, as an Excel workbook with the
    list's columns. A list of at most HEZUO_EXPORT_INLINE_ROWS rows is written at once; a
    longer one is written by a background job, which a GET only offers (it writes nothing)
    and a POST queues, then its page follows."""
    access = request.access
    query = request.GET.copy()
    query.pop("page", None)
    if request.method == "POST":
        export = export_request(access=access, kind=resource.kind, query=query.urlencode())
        return redirect("web:list-export", school=access.school.slug, pk=export.pk)
    rows = list_rows(access=access, resource=resource, query=query).rows
    count = rows.count()
    if count > settings.HEZUO_EXPORT_INLINE_ROWS:
        return render(
            request,
            "web/crud/export.html",
            {
                "resource": resource,
                "count": count,
                "limit": settings.HEZUO_EXPORT_INLINE_ROWS,
                "query": query.urlencode(),
            },
        )
    # A temporary file, not the memory: FileResponse closes it (and so removes it) once sent.
    out = tempfile.TemporaryFile()  # noqa: SIM115
    write_workbook(resource, rows, out)
    out.seek(0)
    return FileResponse(
        out, as_attachment=True, filename=workbook_name(resource), content_type=XLSX
    )
