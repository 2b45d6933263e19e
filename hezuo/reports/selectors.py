"""Reads for reports, their templates, narratives and the office's choice of sections."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.db.models import QuerySet

from hezuo.accounts.access import Access, scoped, scoped_get
from hezuo.reports.kinds import (
    OPTIONAL_SECTIONS,
    numbered_by_place,
    offered_sections,
    split_numbering,
)
from hezuo.reports.models import Report, ReportHeading, ReportNarrative, ReportTemplate


def report_list(*, access: Access, kind: str | None = None) -> QuerySet[Report]:
    reports = scoped(Report.objects.all(), access=access).select_related(
        "job", "output", "created_by", "project", "task", "template"
    )
    if kind:
        reports = reports.filter(kind=kind)
    return reports


def report_get(*, access: Access, pk: object) -> Report:
    return scoped_get(
        Report.objects.select_related(
            "job", "output", "created_by", "project", "task", "template", "template__file"
        ),
        access=access,
        pk=pk,
    )


def report_template_list(*, access: Access) -> QuerySet[ReportTemplate]:
    return scoped(ReportTemplate.objects.all(), access=access).select_related("file", "uploaded_by")


def report_template_get(*, access: Access, pk: object) -> ReportTemplate:
    return scoped_get(ReportTemplate.objects.select_related("file"), access=access, pk=pk)


def report_template_active(*, access: Access, kind: str) -> ReportTemplate | None:
    """The template in use for ``kind``; None: hezuo's default."""
    return report_template_list(access=access).filter(kind=kind, is_active=True).first()


def report_narratives(*, access: Access, kind: str, year: int) -> dict[str, str]:
    """The office's narrative of each section of one year's report, by section key."""
    return dict(
        scoped(ReportNarrative.objects.filter(kind=kind, year=year), access=access).values_list(
            "section", "text"
        )
    )


@dataclass(frozen=True)
class SectionChoices:
    """What the office chose for the sections of one kind of report: its own title of each
    renamed section, and the sections its reports leave out (both by section key)."""

    titles: Mapping[str, str] = field(default_factory=dict)
    left_out: frozenset[str] = frozenset()


def report_section_choices(*, access: Access, kind: str) -> SectionChoices:
    rows = scoped(ReportHeading.objects.filter(kind=kind), access=access).values_list(
        "section", "title", "included"
    )
    titles, left_out = {}, set()
    for section, title, included in rows:
        if title:
            titles[section] = title
        if not included:
            left_out.add(section)
    return SectionChoices(titles, frozenset(left_out))


@dataclass(frozen=True)
class SectionView:
    """One section of a kind of report as the office keeps it."""

    key: str
    title: str  # as the reports print it: numbered by its place, unnumbered when left out
    default: str  # hezuo's name for it, without numbering
    name: str  # the office's name for it ("": hezuo's)
    optional: bool  # may be left out
    included: bool
    narrative: str  # the office's text for the year asked


def report_sections(*, access: Access, kind: str, year: int) -> list[SectionView]:
    """The sections ``kind``'s reports have for the school (the 粤港澳大湾区 chapter a Guangdong
    school's only), with the office's choices and its narratives of ``year``."""
    sections = offered_sections(kind, access.school.province)
    choices = report_section_choices(access=access, kind=kind)
    texts = report_narratives(access=access, kind=kind, year=year)
    numbered = dict(
        numbered_by_place((key, title) for key, title in sections if key not in choices.left_out)
    )
    views = []
    for key, default in sections:
        numbering, hezuos = split_numbering(numbered.get(key, str(default)))
        name = choices.titles.get(key, "")
        included = key not in choices.left_out
        views.append(
            SectionView(
                key=key,
                title=(numbering if included else "") + (name or hezuos),
                default=hezuos,
                name=name,
                optional=key in OPTIONAL_SECTIONS.get(kind, ()),
                included=included,
                narrative=texts.get(key, ""),
            )
        )
    return views
