"""Reports as records: a version is asked for by a user and made by the worker as a job; the
office keeps the Word templates and the narratives of each section.

A version gets its file only once its job succeeded; a failed or cancelled one can be made
again. The file, the figures it printed and its fingerprint are stored in one transaction."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from hezuo.accounts.access import Access, Capability, access_for, system_access
from hezuo.core.errors import HezuoError, NotFound
from hezuo.core.writes import create_audited, update_audited
from hezuo.files.services import stored_file_keep
from hezuo.files.sniffing import FileType
from hezuo.files.storage import blob_read
from hezuo.jobs.models import FINISHED_STATUSES, Job, JobStatus
from hezuo.jobs.services import (
    job_cancelled,
    job_fail,
    job_progress_reporter,
    job_queue_for,
    job_request_cancel,
    job_start,
    job_succeed,
)
from hezuo.reports.building import (
    FILE_TYPES,
    ReportScope,
    check_request,
    fingerprint,
    render,
    report_document,
    report_scope,
    request_title,
)
from hezuo.reports.kinds import SECTIONS, ReportKind
from hezuo.reports.models import Report, ReportFormat, ReportNarrative, ReportTemplate
from hezuo.reports.rules import require_build
from hezuo.reports.selectors import report_narratives, report_template_active
from hezuo.reports.templates import template_check, used_placeholders

JOB_KIND = "report"


def _require(access: Access, request: ReportScope) -> None:
    scope = request.scope
    require_build(
        access,
        request.kind,
        project=scope.project if scope is not None else None,
        task=scope.task if scope is not None else None,
    )


@transaction.atomic
def report_request(*, access: Access, request: ReportScope, fmt: str) -> Report:
    """Record the next version of a report and queue its making (the worker starts once this
    commits). The template in use now is the one it will be made with."""
    check_request(request, fmt)
    _require(access, request)
    scope = request.scope
    year = scope.year if scope is not None else request.year
    project = scope.project if scope is not None else None
    task = scope.task if scope is not None else None
    # The versions so far, locked (PostgreSQL refuses FOR UPDATE with an aggregate).
    versions = Report.objects.select_for_update().filter(
        school=access.school, kind=request.kind, year=year, project=project, task=task
    )
    version = max(versions.values_list("version", flat=True), default=0) + 1
    report = create_audited(
        Report(
            school=access.school,
            kind=request.kind,
            format=ReportFormat(fmt),
            year=year,
            project=project,
            task=task,
            title=request_title(request),
            version=version,
            template=(
                report_template_active(access=access, kind=request.kind)
                if fmt == ReportFormat.DOCX
                else None
            ),
            created_by=access.user,
        ),
        actor=access.user,
    )
    _queue(access, report)
    return report


@transaction.atomic
def report_retry(*, access: Access, report: Report) -> Report:
    """Make a failed or cancelled version again, from the records as they are now."""
    access.ensure_own(report)
    _require(access, report_scope(report))
    if report.output_id is not None or (
        report.job is not None and report.job.status not in FINISHED_STATUSES
    ):
        raise HezuoError(_("这份报告已生成或正在生成，无需重新开始。"))
    _queue(access, report)
    return report


def _queue(access: Access, report: Report) -> None:
    from hezuo.reports.tasks import build_report_job

    job_queue_for(
        access=access, record=report, kind=JOB_KIND, title=report.title, task=build_report_job
    )


def report_cancel(*, access: Access, report: Report) -> Job:
    access.ensure_own(report)
    _require(access, report_scope(report))
    if report.job is None:
        raise NotFound()
    return job_request_cancel(access=access, job=report.job)


def report_build(*, job_id: int) -> str:
    """System work (the worker): make the version of job ``job_id`` as the person who asked for
    it sees the records. Returns the job's final status."""
    job = Job.objects.select_related("school").filter(pk=job_id).first()
    if job is None or job.status != JobStatus.QUEUED:
        return "skipped"
    report = (
        Report.objects.select_related("project", "task", "created_by", "template__file")
        .filter(pk=job.params.get("report"), school=job.school)
        .first()
    )
    if report is None:
        job_fail(job=job, error=_("找不到这份报告。"))
        return JobStatus.FAILED
    job_start(job=job)
    progress = job_progress_reporter(job=job)
    try:
        access = (
            access_for(school=job.school, user=report.created_by)
            if report.created_by is not None
            else system_access(school=job.school)
        )
        request = report_scope(report)
        _require(access, request)
        narratives = (
            report_narratives(access=access, kind=report.kind, year=report.year)
            if report.kind != ReportKind.COMPLETION and report.year is not None
            else {}
        )
        if not progress(10, _("读取记录")):
            job_cancelled(job=job)
            return JobStatus.CANCELLED
        document = report_document(access=access, request=request, narratives=narratives)
        if not progress(50, _("排版")):
            job_cancelled(job=job)
            return JobStatus.CANCELLED
        template = blob_read(report.template.file.storage_key) if report.template else None
        rendered = render(document, report.format, template=template)
        progress(90, _("保存"))
        with transaction.atomic():
            stored = stored_file_keep(
                school=job.school,
                name=f"{report.title}（第{report.version}版）.{report.format}",
                data=rendered.data,
                file_type=FILE_TYPES[ReportFormat(report.format)],
                created_by=report.created_by,
                page_count=rendered.pages,
            )
            update_audited(
                report,
                actor=None,
                changes={
                    "output": stored,
                    "page_count": rendered.pages,
                    "figures": document.figures(),
                    "fingerprint": fingerprint(document),
                },
                allowed=("output", "page_count", "figures", "fingerprint"),
            )
            job_succeed(job=job, output=stored)
    except Exception as error:  # the job records every failure (a user's lost access too)
        message = error.message if isinstance(error, HezuoError) else str(error)
        job_fail(job=job, error=message or type(error).__name__)
        return JobStatus.FAILED
    return JobStatus.SUCCEEDED


@transaction.atomic
def report_template_upload(*, access: Access, kind: str, name: str, data: bytes) -> ReportTemplate:
    """Check an edited Word template and put it in use for ``kind`` (the previous one is kept
    for the versions made with it)."""
    access.require(Capability.MANAGE_SCHOOL)
    kind = ReportKind(kind)
    template_check(kind, data)
    stored = stored_file_keep(
        school=access.school, name=name, data=data, file_type=FileType.DOCX, created_by=access.user
    )
    _deactivate(access, kind)
    return create_audited(
        ReportTemplate(
            school=access.school,
            kind=kind,
            file=stored,
            name=stored.original_name,
            placeholders=sorted(used_placeholders(data)),
            uploaded_by=access.user,
        ),
        actor=access.user,
    )


@transaction.atomic
def report_template_reset(*, access: Access, kind: str) -> None:
    """Go back to hezuo's default template for ``kind``."""
    access.require(Capability.MANAGE_SCHOOL)
    _deactivate(access, ReportKind(kind))


def _deactivate(access: Access, kind: ReportKind) -> None:
    for current in ReportTemplate.objects.filter(school=access.school, kind=kind, is_active=True):
        update_audited(
            current, actor=access.user, changes={"is_active": False}, allowed=("is_active",)
        )


@transaction.atomic
def report_narrative_save(
    *, access: Access, kind: str, year: int, section: str, text: str
) -> ReportNarrative:
    """The office's text for one section of one year's report (empty text: none)."""
    access.require(Capability.MANAGE_SCHOOL)
    kind = ReportKind(kind)
    if kind == ReportKind.COMPLETION:
        raise HezuoError(_("任务建设完成情况报告的叙述在建设任务及其年度小结中填写。"))
    if section not in dict(SECTIONS[kind]):
        raise HezuoError(_("报告没有这一章节：%(section)s。") % {"section": section})
    existing = ReportNarrative.objects.filter(
        school=access.school, kind=kind, year=year, section=section
    ).first()
    if existing is not None:
        return update_audited(
            existing,
            actor=access.user,
            changes={"text": text.strip(), "updated_by": access.user},
            allowed=("text", "updated_by"),
        )
    return create_audited(
        ReportNarrative(
            school=access.school,
            kind=kind,
            year=year,
            section=section,
            text=text.strip(),
            updated_by=access.user,
        ),
        actor=access.user,
    )
