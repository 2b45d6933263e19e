"""The sections of the office's reports through the API, as on the web's 章节叙述 page: each
section's name and whether reports print it (every year's), and its narrative of one year.

django-ninja reads the annotations below when the module loads, so they are not postponed."""

from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema

from hezuo.api.auth import school_access
from hezuo.api.schemas import ERRORS, ReportSectionIn, ReportSectionOut, year_field
from hezuo.core.errors import HezuoError, NotFound
from hezuo.reports.kinds import ReportKind, offered_sections
from hezuo.reports.selectors import SectionView, report_sections
from hezuo.reports.services import SectionChange, report_sections_change

router = Router(tags=["reports"])


class SectionsParams(Schema):
    year: int | None = year_field()


PATH = "/schools/{school}/report-sections/{kind}/"


def _kind(kind: ReportKind) -> ReportKind:
    if kind == ReportKind.COMPLETION:  # its text is kept with the tasks and their years
        raise HezuoError(_("任务建设完成情况报告的叙述在建设任务及其年度小结中填写。"))
    return kind


def _section(section: SectionView) -> dict[str, Any]:
    return {
        "key": section.key,
        "title": section.title,
        "default": section.default,
        "name": section.name,
        "optional": section.optional,
        "included": section.included,
        "narrative": section.narrative,
    }


@router.get(
    PATH,
    response={200: list[ReportSectionOut], **ERRORS},
    summary="The sections of a kind of report, with the office's choices and narratives",
    description="`year` (default: last year) is the year whose narratives are given.",
)
def list_report_sections(
    request: HttpRequest, school: str, kind: ReportKind, params: Query[SectionsParams]
) -> list[dict[str, Any]]:
    access = school_access(request, school)
    year = params.year or timezone.localdate().year - 1
    return [
        _section(section) for section in report_sections(access=access, kind=_kind(kind), year=year)
    ]


@router.patch(
    PATH + "{section}/",
    response={200: ReportSectionOut, **ERRORS},
    summary="Rename a section, leave it out or take it back, write its narrative of a year",
    description="The office admin's alone. A section every report has cannot be left out, nor "
    "the last chapter of a report.",
)
def update_report_section(
    request: HttpRequest, school: str, kind: ReportKind, section: str, data: ReportSectionIn
) -> dict[str, Any]:
    access = school_access(request, school)
    kind = _kind(kind)
    if section not in dict(offered_sections(kind, access.school.province)):
        raise NotFound()
    change = SectionChange(
        section, name=data.name, included=data.included, narrative=data.narrative
    )
    with transaction.atomic():  # a refused choice changes nothing, the narrative neither
        refused = report_sections_change(access=access, kind=kind, year=data.year, changes=[change])
        if section in refused:
            raise HezuoError(refused[section])
    year = data.year or timezone.localdate().year - 1
    return _section(
        next(
            view
            for view in report_sections(access=access, kind=kind, year=year)
            if view.key == section
        )
    )
