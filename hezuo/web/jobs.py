"""The pages every job has, whatever it makes (a binder, a report version, an Excel check or
import): its status on the record's page (polled while it runs), cancel, start again, and the
download of what it made. One table says, for each kind, how its record is read and where its
page is; the views below serve them all the same way."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from hezuo.accounts.access import Access
from hezuo.binders.selectors import binder_get
from hezuo.core.errors import AccessDenied, HezuoError
from hezuo.evidence.selectors import evidence_import_get
from hezuo.exports.selectors import list_export_get
from hezuo.files.responses import stored_file_response
from hezuo.imports.selectors import import_run_get
from hezuo.jobs.kinds import kind_of
from hezuo.jobs.models import FINISHED_STATUSES, Job, JobStatus, MadeByJob
from hezuo.jobs.services import job_cancel, job_retry, jobs_fail_stale
from hezuo.reports.selectors import report_get
from hezuo.web.access import SchoolRequest, school_view


@dataclass(frozen=True)
class JobPages:
    """The pages of the records one kind of job makes: ``name`` is the URL name of the record's
    page (its actions are ``<name>-cancel``, ``-retry``, ``-download``)."""

    name: str
    get: Callable[[Access, int], MadeByJob]
    started_again: str | Promise


PAGES = {
    pages.name: pages
    for pages in (
        JobPages(
            "binder",
            lambda access, pk: binder_get(access=access, pk=pk),
            gettext_lazy("已重新开始生成汇编。"),
        ),
        JobPages(
            "report",
            lambda access, pk: report_get(access=access, pk=pk),
            gettext_lazy("已重新开始生成报告。"),
        ),
        JobPages(
            "import-run",
            lambda access, pk: import_run_get(access=access, pk=pk),
            gettext_lazy("已重新开始。"),
        ),
        JobPages(
            "list-export",
            lambda access, pk: list_export_get(access=access, pk=pk),
            gettext_lazy("已重新开始导出。"),
        ),
        JobPages(
            "evidence-import-run",
            lambda access, pk: evidence_import_get(access=access, pk=pk),
            gettext_lazy("已重新开始。"),
        ),
    )
}


@dataclass(frozen=True)
class JobView:
    """What ``web/job_status.html`` shows of a record's job, and the actions it offers."""

    job: Job | None
    running: bool
    made: bool
    can_act: bool
    cancel_url: str
    retry_url: str
    download_url: str


def job_view(access: Access, record: MadeByJob, name: str) -> JobView:
    """The record's job as its page shows it. A running job whose worker stopped reporting is
    marked failed first, so the page offers to start it again."""
    job = record.job
    if job is not None and job.status == JobStatus.RUNNING and jobs_fail_stale(job=job):
        job.refresh_from_db()
    kind = kind_of(record)
    try:
        kind.check(access, record)
        can_act = True
    except (AccessDenied, HezuoError):
        can_act = False
    args = [access.school.slug, record.pk]
    output = getattr(record, "output_id", None)
    return JobView(
        job=job,
        running=job is not None and job.status not in FINISHED_STATUSES,
        made=kind.made(record),
        can_act=can_act,
        cancel_url=reverse(f"web:{name}-cancel", args=args),
        retry_url=reverse(f"web:{name}-retry", args=args),
        download_url=reverse(f"web:{name}-download", args=args) if output is not None else "",
    )


def _record(request: SchoolRequest, pages: str, pk: int) -> tuple[JobPages, MadeByJob]:
    table = PAGES[pages]
    return table, table.get(request.access, pk)


@require_POST
@school_view
def cancel(request: SchoolRequest, pk: int, pages: str) -> HttpResponse:
    table, record = _record(request, pages, pk)
    job_cancel(access=request.access, record=record)
    messages.info(request, _("已请求取消，正在停止。"))
    return redirect(f"web:{table.name}", school=request.access.school.slug, pk=record.pk)


@require_POST
@school_view
def retry(request: SchoolRequest, pk: int, pages: str) -> HttpResponse:
    table, record = _record(request, pages, pk)
    try:
        job_retry(access=request.access, record=record)
    except AccessDenied:
        raise
    except HezuoError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, str(table.started_again))
    return redirect(f"web:{table.name}", school=request.access.school.slug, pk=record.pk)


@require_GET
@school_view
def download(request: SchoolRequest, pk: int, pages: str) -> HttpResponseBase:
    _table, record = _record(request, pages, pk)
    output: Any = getattr(record, "output", None)
    if output is None:
        raise Http404(_("还没有生成。"))
    return stored_file_response(output)
