"""Reports as records: a version is asked for by a user and made by the worker as a job
(``jobs.py``, run like every job by ``hezuo.jobs``); the office keeps the Word templates and the
narratives of each section. A version gets its file only once its job succeeded; the file, the
figures it printed and its fingerprint are stored in one transaction."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from hezuo.accounts.access import Access, Capability
from hezuo.core.errors import HezuoError
from hezuo.core.writes import create_audited, update_audited
from hezuo.files.services import stored_file_keep
from hezuo.files.sniffing import FileType
from hezuo.jobs.services import job_queue
from hezuo.reports.building import ReportScope, check_request, request_title
from hezuo.reports.jobs import REPORT_JOB, require_report
from hezuo.reports.kinds import SECTIONS, ReportKind
from hezuo.reports.models import (
    Report,
    ReportEdition,
    ReportFormat,
    ReportNarrative,
    ReportTemplate,
)
from hezuo.reports.selectors import report_template_active
from hezuo.reports.templates import template_check, used_placeholders


@transaction.atomic
def report_request(
    *,
    access: Access,
    request: ReportScope,
    fmt: str,
    edition: str = ReportEdition.SUBMISSION,
) -> Report:
    """Record the next version of a report and queue its making (the worker starts once this
    commits): the 报送版 to hand in, or the 核对版 with every figure's sources. The template in
    use now is the one it will be made with."""
    check_request(request, fmt)
    require_report(access, request)
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
            edition=ReportEdition(edition),
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
    job_queue(access=access, kind=REPORT_JOB, record=report)
    return report


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
