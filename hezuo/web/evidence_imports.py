"""Bringing existing evidence into a project from the web: upload files named "<code> <title>"
or bookmarked PDF binders; the worker reads, splits and plans them (a preview) or imports them
(all or nothing), and the run's page follows it. A preview that found nothing wrong is imported
as it is, without uploading again."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hezuo.accounts.access import Access
from hezuo.construction.selectors import project_get
from hezuo.core.errors import AccessDenied, HezuoError
from hezuo.evidence.binder_import import require_import_evidence
from hezuo.evidence.models import EvidenceImport
from hezuo.evidence.selectors import evidence_import_get, evidence_import_list
from hezuo.evidence.services import evidence_import_checked, evidence_import_request
from hezuo.web.access import SchoolRequest, school_view
from hezuo.web.jobs import job_view

SHOWN_RUNS = 10


def _may_import(access: Access) -> bool:
    try:
        require_import_evidence(access)
    except AccessDenied:
        return False
    return True


@require_http_methods(["GET", "POST"])
@school_view
def import_evidence(request: SchoolRequest, pk: int) -> HttpResponse:
    """The upload form and the project's earlier runs; a POST keeps the files and queues their
    preview ("preview") or import ("commit")."""
    access = request.access
    project = project_get(access=access, pk=pk)
    if not _may_import(access):
        raise PermissionDenied
    problem = ""
    if request.method == "POST":
        try:
            run = evidence_import_request(
                access=access,
                project=project,
                uploads=(  # read one at a time
                    (upload.name or "", upload.read()) for upload in request.FILES.getlist("files")
                ),
                split_binders=bool(request.POST.get("binder")),
                commit=request.POST.get("action") == "commit",
            )
        except AccessDenied:
            raise
        except HezuoError as error:
            problem = error.message
        else:
            return redirect("web:evidence-import-run", school=access.school.slug, pk=run.pk)
    return render(
        request,
        "web/evidence_import.html",
        {
            "project": project,
            "problem": problem,
            "runs": evidence_import_list(access=access, project=project)[:SHOWN_RUNS],
        },
        status=400 if problem else 200,
    )


@require_GET
@school_view
def import_run(request: SchoolRequest, pk: int) -> HttpResponse:
    """One preview or import: its job (polled while it runs), then its plan and problems."""
    run = evidence_import_get(access=request.access, pk=pk)
    context = _context(request.access, run)
    if request.htmx:
        return render(request, "web/evidence_import_run.html#status", context)
    return render(request, "web/evidence_import_run.html", context)


def _context(access: Access, run: EvidenceImport) -> dict[str, Any]:
    outcome: dict[str, Any] = run.outcome or {}
    return {
        "run": run,
        "project": run.project,
        "sources": run.sources.all(),
        "job_view": job_view(access, run, "evidence-import-run"),
        "outcome": outcome,
        "can_commit": not run.is_commit and run.ok and _may_import(access),
    }


@require_POST
@school_view
def import_run_commit(request: SchoolRequest, pk: int) -> HttpResponse:
    """Import the files of a preview that found nothing wrong."""
    run = evidence_import_get(access=request.access, pk=pk)
    slug = request.access.school.slug
    try:
        again = evidence_import_checked(access=request.access, run=run)
    except AccessDenied:
        raise
    except HezuoError as error:
        messages.error(request, error.message)
        return redirect("web:evidence-import-run", school=slug, pk=run.pk)
    return redirect("web:evidence-import-run", school=slug, pk=again.pk)
