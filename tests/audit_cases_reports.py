"""The audit test's calls for reports (merged into audit_cases.CASES)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hezuo.core.models import AuditAction
from hezuo.files import services as files
from hezuo.files.sniffing import FileType
from hezuo.imports import services as imports
from hezuo.imports.tests.books import xlsx
from hezuo.jobs import services as jobs
from hezuo.reports import services as reports
from hezuo.reports.building import ReportScope
from hezuo.reports.jobs import REPORT_JOB
from hezuo.reports.kinds import ReportKind
from hezuo.reports.models import BuiltinTemplate, ReportFormat, ReportHeading, ReportTemplate
from hezuo.reports.templates import default_template
from tests.personas import Personas
from tests.world import World

Call = Callable[[Personas, World], Any]


def _requested(world: Any) -> Any:
    return reports.report_request(
        access=world.access,
        request=ReportScope(ReportKind.ANNUAL, year=2021),
        fmt=ReportFormat.PDF,
    )


def _uploaded(world: Any) -> Any:
    return reports.report_template_upload(
        access=world.access,
        kind=ReportKind.ANNUAL,
        name="模板.docx",
        data=default_template(ReportKind.ANNUAL),
    )


def _reset(world: Any) -> Any:
    template = _uploaded(world)
    reports.report_template_reset(access=world.access, kind=ReportKind.ANNUAL)
    return ReportTemplate, template.pk


def _queued(world: Any) -> Any:
    return jobs.job_queue(access=world.access, kind=REPORT_JOB, record=_requested(world))


REPORT_CASES: dict[str, tuple[Call, AuditAction]] = {
    "jobs.job_queue": (lambda p, w: _queued(w), AuditAction.CREATE),
    "files.stored_file_keep": (
        lambda p, w: files.stored_file_keep(
            school=w.access.school,
            name="报告.docx",
            data=default_template(ReportKind.QUALITY),
            file_type=FileType.DOCX,
            created_by=None,
        ),
        AuditAction.CREATE,
    ),
    "reports.report_request": (lambda p, w: _requested(w), AuditAction.CREATE),
    "reports.report_template_upload": (lambda p, w: _uploaded(w), AuditAction.CREATE),
    "reports.report_template_reset": (lambda p, w: _reset(w), AuditAction.UPDATE),
    "reports.report_template_use_builtin": (
        lambda p, w: reports.report_template_use_builtin(
            access=w.access, kind=ReportKind.ANNUAL, builtin=BuiltinTemplate.GONGWEN
        ),
        AuditAction.CREATE,
    ),
    "reports.report_section_save": (
        lambda p, w: reports.report_section_save(
            access=w.access,
            kind=ReportKind.ANNUAL,
            section="bay_area",
            title="三、港澳台交流合作",
        ),
        AuditAction.CREATE,
    ),
    "reports.report_sections_change": (
        lambda p, w: _sections_changed(w),
        AuditAction.CREATE,
    ),
    "reports.report_narrative_save": (
        lambda p, w: reports.report_narrative_save(
            access=w.access,
            kind=ReportKind.ANNUAL,
            year=2021,
            section="exchanges",
            text="学校克服疫情影响，以线上方式开展交流。",
        ),
        AuditAction.CREATE,
    ),
}


def _import_requested(world: Any) -> Any:
    rows = [["中文名称*", "国家/地区*", "机构类型*"], ["斯莱戈理工学院", "爱尔兰", "高校"]]
    return imports.import_request(
        access=world.access,
        kind="partners",
        name="合作方.xlsx",
        data=xlsx({"合作方": rows}),
        commit=False,
    )


def _import_executed(world: Any) -> Any:
    run = _import_requested(world)
    jobs.job_run(job_id=run.job_id)
    run.refresh_from_db()
    return run


IMPORT_CASES: dict[str, tuple[Call, AuditAction]] = {
    "imports.import_request": (lambda p, w: _import_requested(w), AuditAction.CREATE),
    "imports.import_checked": (
        lambda p, w: imports.import_checked(access=w.access, run=_import_executed(w)),
        AuditAction.CREATE,
    ),
}

REPORT_ACTED_BY_THE_SYSTEM = {
    "files.stored_file_keep",
}


def _sections_changed(world: Any) -> Any:
    reports.report_sections_change(
        access=world.access,
        kind=ReportKind.ANNUAL,
        year=2021,
        changes=[reports.SectionChange("bay_area", name="三、港澳台交流合作")],
    )
    return ReportHeading.objects.get(kind=ReportKind.ANNUAL, section="bay_area")
