"""A long list's export: its page follows the background job that writes the workbook (polled
while it runs) and offers the workbook once written. Short lists are answered at once by the
list's own export (``web/crud.py``)."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from hezuo.core.kinds import Kind
from hezuo.exports.selectors import list_export_get
from hezuo.records.table import KINDS
from hezuo.web.access import SchoolRequest, school_view
from hezuo.web.jobs import job_view


@require_GET
@school_view
def list_export(request: SchoolRequest, pk: int) -> HttpResponse:
    export = list_export_get(access=request.access, pk=pk)
    context = {
        "export": export,
        "resource": KINDS[Kind(export.kind)],
        "job_view": job_view(request.access, export, "list-export"),
    }
    if request.htmx:
        return render(request, "web/list_export.html#status", context)
    return render(request, "web/list_export.html", context)
