"""Excel import of a list's records: download the template, upload a filled-in workbook to
be checked (every problem by sheet, row and column, nothing written) or imported (all rows
or none). The worker does the reading and writing; the run's page follows it."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from hezuo.accounts.access import Access
from hezuo.core.errors import AccessDenied, HezuoError
from hezuo.core.kinds import Kind
from hezuo.files.inspection import upload_limit_bytes
from hezuo.imports.importer import Importer
from hezuo.imports.importing import Outcome
from hezuo.imports.models import ImportRun
from hezuo.imports.rules import may_import
from hezuo.imports.selectors import import_run_get, import_run_list
from hezuo.imports.services import import_checked, import_request
from hezuo.imports.template import template_workbook
from hezuo.records.kind import RecordKind
from hezuo.records.table import KINDS
from hezuo.web.access import SchoolRequest, school_view
from hezuo.web.crud import XLSX
from hezuo.web.jobs import job_view

SHOWN_PROBLEMS = 300  # a page lists this many; the count says how many there are


def _importer(request: SchoolRequest, slug: str) -> tuple[RecordKind[Any], Importer]:
    try:
        resource = KINDS[Kind(slug)]
    except ValueError:
        raise Http404(_("没有这样的页面。")) from None
    if resource.importer is None:
        raise Http404(_("没有这样的页面。"))
    if not may_import(request.access, resource.kind):
        raise PermissionDenied
    return resource, resource.importer(request.access)


@school_view
def records_import(request: SchoolRequest, resource: str) -> HttpResponse:
    found, importer = _importer(request, resource)
    access = request.access
    problem = ""
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            problem = _("请选择要导入的 Excel 文件（.xlsx）。")
        elif upload.size is not None and upload.size > upload_limit_bytes():
            problem = _("文件超过 %(limit)d MB，不能导入。") % {
                "limit": upload_limit_bytes() // (1024 * 1024)
            }
        else:
            try:
                run = import_request(
                    access=access,
                    kind=found.kind,
                    name=upload.name or "import.xlsx",
                    data=upload.read(),
                    commit=request.POST.get("action") == "commit",
                )
            except AccessDenied:
                raise
            except HezuoError as error:
                problem = error.message
            else:
                return redirect("web:import-run", school=access.school.slug, pk=run.pk)
    return render(
        request,
        "web/records_import.html",
        {
            "resource": found,
            "importer": importer,
            "problem": problem,
            "runs": import_run_list(access=access, kind=found.kind)[:10],
        },
        status=400 if problem else 200,
    )


@require_GET
@school_view
def records_import_template(request: SchoolRequest, resource: str) -> HttpResponse:
    _resource, importer = _importer(request, resource)
    name = _("%(kind)s导入模板-%(date)s.xlsx") % {
        "kind": importer.label,
        "date": f"{timezone.localdate():%Y%m%d}",
    }
    response = HttpResponse(template_workbook(importer), content_type=XLSX)
    response["Content-Disposition"] = str(
        content_disposition_header(as_attachment=True, filename=name)
    )
    return response


@require_GET
@school_view
def import_run(request: SchoolRequest, pk: int) -> HttpResponse:
    """One check or import: its job (polled while it runs), then what it found."""
    run = import_run_get(access=request.access, pk=pk)
    context = _context(request.access, run)
    if request.htmx:
        return render(request, "web/import_run.html#status", context)
    return render(request, "web/import_run.html", context)


def _context(access: Access, run: ImportRun) -> dict[str, Any]:
    outcome = Outcome.from_data(run.outcome) if run.outcome else None
    return {
        "run": run,
        "resource": KINDS[Kind(run.kind)],
        "job_view": job_view(access, run, "import-run"),
        "outcome": outcome,
        "problems": outcome.problems[:SHOWN_PROBLEMS] if outcome else [],
        "can_commit": not run.is_commit and run.ok and may_import(access, run.kind),
    }


@require_POST
@school_view
def import_run_commit(request: SchoolRequest, pk: int) -> HttpResponse:
    """Import the workbook a check found nothing wrong with."""
    run = import_run_get(access=request.access, pk=pk)
    try:
        again = import_checked(access=request.access, run=run)
    except AccessDenied:
        raise
    except HezuoError as error:
        messages.error(request, error.message)
        return redirect("web:import-run", school=request.access.school.slug, pk=run.pk)
    return redirect("web:import-run", school=request.access.school.slug, pk=again.pk)
