"""Reads for reports, their templates, narratives and section titles."""

from __future__ import annotations

from django.db.models import QuerySet

from hezuo.accounts.access import Access, scoped, scoped_get
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


def report_headings(*, access: Access, kind: str) -> dict[str, str]:
    """The office's own title of each renamed section of ``kind``'s reports, by section key."""
    return dict(
        scoped(ReportHeading.objects.filter(kind=kind), access=access).values_list(
            "section", "title"
        )
    )
