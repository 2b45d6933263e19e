"""Reports through the API: ask for a version (made by the worker), follow it, download it.

django-ninja reads the annotations below when the module loads, so they are not postponed."""

from typing import Any

from django.http import HttpRequest
from django.http.response import HttpResponseBase
from ninja import Router
from ninja.pagination import LimitOffsetPagination, paginate
from ninja.responses import Status

from hezuo.accounts.access import Access
from hezuo.api.auth import school_access
from hezuo.api.downloads import DOWNLOAD_RESPONSES
from hezuo.api.schemas import ERRORS, ReportIn, ReportOut
from hezuo.binders.plan import Scope
from hezuo.construction.selectors import project_get, task_get
from hezuo.core.errors import NotFound
from hezuo.files.responses import stored_file_response
from hezuo.reports.building import ReportScope
from hezuo.reports.kinds import ReportKind
from hezuo.reports.models import Report
from hezuo.reports.selectors import report_get, report_list
from hezuo.reports.services import report_request

router = Router(tags=["reports"])


def _report(report: Report) -> dict[str, Any]:
    job = report.job
    return {
        "id": report.pk,
        "kind": report.kind,
        "format": report.format,
        "edition": report.edition,
        "title": report.title,
        "version": report.version,
        "year": report.year,
        "project": report.project_id,
        "task": report.task_id,
        "status": job.status if job is not None else "",
        "progress": job.progress if job is not None else 0,
        "error": job.error if job is not None else "",
        "pages": report.page_count,
        "fingerprint": report.fingerprint,
        "figures": report.figures,
        "created_at": report.created_at,
        "created_by": str(report.created_by) if report.created_by is not None else None,
    }


def _request(access: Access, data: ReportIn) -> ReportScope:
    kind = ReportKind(data.kind)
    if kind != ReportKind.COMPLETION:
        return ReportScope(kind, year=data.year)
    if data.task is not None:
        task = task_get(access=access, pk=data.task)
        return ReportScope(kind, scope=Scope(task.project, task, data.year))
    if data.project is not None:
        return ReportScope(
            kind, scope=Scope(project_get(access=access, pk=data.project), year=data.year)
        )
    return ReportScope(kind)


@router.get(
    "/schools/{school}/reports/",
    response={200: list[ReportOut], **ERRORS},
    summary="List report versions, newest first",
)
@paginate(LimitOffsetPagination)
def list_reports(
    request: HttpRequest, school: str, kind: ReportKind | None = None
) -> list[dict[str, Any]]:
    access = school_access(request, school)
    return [_report(item) for item in report_list(access=access, kind=kind or None)]


@router.post(
    "/schools/{school}/reports/",
    response={202: ReportOut, **ERRORS},
    summary="Ask for a report",
    description="Queues the next version; poll it until `status` is `succeeded`, then download "
    "its content.",
)
def create_report(request: HttpRequest, school: str, data: ReportIn) -> Status[dict[str, Any]]:
    access = school_access(request, school)
    report = report_request(
        access=access, request=_request(access, data), fmt=data.format, edition=data.edition
    )
    return Status(202, _report(report_get(access=access, pk=report.pk)))


@router.get(
    "/schools/{school}/reports/{report_id}/",
    response={200: ReportOut, **ERRORS},
    summary="One report version, with its job's progress and the figures it printed",
)
def get_report(request: HttpRequest, school: str, report_id: int) -> dict[str, Any]:
    return _report(report_get(access=school_access(request, school), pk=report_id))


@router.get(
    "/schools/{school}/reports/{report_id}/content",
    response={200: bytes, **ERRORS},
    summary="Download a report version (once made)",
    openapi_extra={"responses": DOWNLOAD_RESPONSES},
)
def download_report(request: HttpRequest, school: str, report_id: int) -> HttpResponseBase:
    report = report_get(access=school_access(request, school), pk=report_id)
    if report.output is None:
        raise NotFound()
    return stored_file_response(report.output)
