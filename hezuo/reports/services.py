"""Reports as records: a version is asked for by a user and made by the worker as a job
(``jobs.py``, run like every job by ``hezuo.jobs``); the office keeps the Word templates and the
narratives of each section. A version gets its file only once its job succeeded; the file, the
figures it printed and its fingerprint are stored in one transaction."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from hezuo.accounts.access import Access, Capability
from hezuo.core.errors import HezuoError
from hezuo.core.writes import create_audited, delete_audited, update_audited
from hezuo.files.services import stored_file_keep
from hezuo.files.sniffing import FileType
from hezuo.jobs.services import job_queue
from hezuo.reports.building import ReportScope, check_request, request_title
from hezuo.reports.jobs import REPORT_JOB, require_report
from hezuo.reports.kinds import (
    APPENDICES,
    OPTIONAL_SECTIONS,
    SECTIONS,
    ReportKind,
    offered_sections,
    split_numbering,
)
from hezuo.reports.models import (
    BuiltinTemplate,
    Report,
    ReportEdition,
    ReportFormat,
    ReportHeading,
    ReportNarrative,
    ReportTemplate,
)
from hezuo.reports.selectors import report_section_choices, report_template_active
from hezuo.reports.templates import builtin_template, template_check, used_placeholders

HEADING_MAX_LENGTH = ReportHeading._meta.get_field("title").max_length or 100


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
def report_template_use_builtin(*, access: Access, kind: str, builtin: str) -> ReportTemplate:
    """Put one of hezuo's templates in use for ``kind`` (the 公文 one, or the plain one
    explicitly), kept as a file like an upload so the versions made with it can be checked."""
    access.require(Capability.MANAGE_SCHOOL)
    kind, builtin = ReportKind(kind), BuiltinTemplate(builtin)
    data = builtin_template(kind, builtin)
    with translation.override("zh-hans"):  # kept in the reports' language
        name = str(builtin.label)
        file_name = f"{kind.label}-{name}.docx"
    stored = stored_file_keep(
        school=access.school,
        name=file_name,
        data=data,
        file_type=FileType.DOCX,
        created_by=access.user,
    )
    _deactivate(access, kind)
    return create_audited(
        ReportTemplate(
            school=access.school,
            kind=kind,
            file=stored,
            name=name,
            builtin=builtin,
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


@transaction.atomic
def report_section_save(
    *, access: Access, kind: str, section: str, title: str, included: bool = True
) -> ReportHeading | None:
    """The office's choice for one section of ``kind``'s reports, every year's: its own name
    for it (kept without its numbering, which stays the report's; empty, or hezuo's own, is
    hezuo's) and whether the reports print it. None: hezuo's choice again (no row kept)."""
    access.require(Capability.MANAGE_SCHOOL)
    kind = ReportKind(kind)
    titles = {key: split_numbering(str(default))[1] for key, default in SECTIONS[kind]}
    if section not in titles:
        raise HezuoError(_("报告没有这一章节：%(section)s。") % {"section": section})
    title = split_numbering(" ".join(title.split()))[1]
    if len(title) > HEADING_MAX_LENGTH:
        raise HezuoError(_("章节标题不能超过 %(count)d 个字。") % {"count": HEADING_MAX_LENGTH})
    if title == titles[section]:
        title = ""
    existing = (
        ReportHeading.objects.select_for_update()
        .filter(school=access.school, kind=kind, section=section)
        .first()
    )
    if not included:
        _check_left_out(access, kind, section)
    if not title and included:
        if existing is not None:
            delete_audited(existing, actor=access.user)
        return None
    if existing is not None:
        return update_audited(
            existing,
            actor=access.user,
            changes={"title": title, "included": included, "updated_by": access.user},
            allowed=("title", "included", "updated_by"),
        )
    return create_audited(
        ReportHeading(
            school=access.school,
            kind=kind,
            section=section,
            title=title,
            included=included,
            updated_by=access.user,
        ),
        actor=access.user,
    )


def _check_left_out(access: Access, kind: ReportKind, section: str) -> None:
    """Refuse to leave out a section every report has, or the last chapter of a report."""
    name = split_numbering(str(dict(SECTIONS[kind])[section]))[1]
    if section not in OPTIONAL_SECTIONS.get(kind, ()):
        raise HezuoError(_("“%(section)s”是报告必有的章节，不能不列入。") % {"section": name})
    left_out = set(
        ReportHeading.objects.filter(school=access.school, kind=kind, included=False)
        .exclude(section=section)
        .values_list("section", flat=True)
    ) | {section}
    chapters = {key for key, _title in offered_sections(kind, access.school.province)}
    if not chapters - APPENDICES - left_out:
        raise HezuoError(
            _("报告至少要保留一章正文，不能再将“%(section)s”不列入报告。") % {"section": name}
        )


@dataclass(frozen=True)
class SectionChange:
    """What the office changes of one section of a kind of report; None leaves it as it is."""

    section: str
    name: str | None = None  # its name in every year's report ("": hezuo's)
    included: bool | None = None  # whether every year's report prints it
    narrative: str | None = None  # its text in the year's report


@transaction.atomic
def report_sections_change(
    *, access: Access, kind: str, year: int | None, changes: Sequence[SectionChange]
) -> dict[str, str]:
    """Make the office's changes to the sections of ``kind``'s reports: names and whether they
    are printed (every year's), narratives of ``year``. Sections taken back in go first, so that
    leaving out another is judged on the result. A section whose choice is refused (one every
    report has, the last chapter left) keeps its choice, and the refusal is returned by section;
    the other changes are made."""
    access.require(Capability.MANAGE_SCHOOL)
    if year is None and any(change.narrative is not None for change in changes):
        raise HezuoError(_("填写叙述时请注明年度（year）。"))
    current = report_section_choices(access=access, kind=kind)
    refused: dict[str, str] = {}
    chosen = [c for c in changes if c.name is not None or c.included is not None]
    for change in sorted(chosen, key=lambda change: change.included is False):
        try:
            with transaction.atomic():
                report_section_save(
                    access=access,
                    kind=kind,
                    section=change.section,
                    title=current.titles.get(change.section, "")
                    if change.name is None
                    else change.name,
                    included=change.section not in current.left_out
                    if change.included is None
                    else change.included,
                )
        except HezuoError as error:
            refused[change.section] = error.message
    for change in changes:
        if change.narrative is not None and year is not None:
            report_narrative_save(
                access=access, kind=kind, year=year, section=change.section, text=change.narrative
            )
    return refused
