"""Reads for the indicator catalogue."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from hezuo.accounts.access import Access, scoped, scoped_get
from hezuo.indicators.models import IndicatorDefinition, IndicatorValue, ReportFamily


def indicator_definition_list(
    *, access: Access, year: int | None = None
) -> QuerySet[IndicatorDefinition]:
    """The catalogue; with ``year``, only the definitions in force for that report year."""
    definitions = scoped(IndicatorDefinition.objects.all(), access=access)
    if year is not None:
        definitions = definitions.filter(valid_from_year__lte=year).filter(
            Q(valid_to_year__isnull=True) | Q(valid_to_year__gte=year)
        )
    return definitions


def indicator_definition_get(*, access: Access, pk: object) -> IndicatorDefinition:
    return scoped_get(IndicatorDefinition.objects.all(), access=access, pk=pk)


def indicator_value_list(*, access: Access, year: int) -> QuerySet[IndicatorValue]:
    """The values stored for a year (with their overrides), as reports and pages show them."""
    return scoped(IndicatorValue.objects.filter(year=year), access=access).select_related(
        "definition"
    )


@dataclass(frozen=True)
class OfficialTable:
    """One version of an official table the school holds: the official definitions of a report
    family with the same first and last year (``valid_to_year`` None: no end named)."""

    report_family: ReportFamily
    valid_from_year: int
    valid_to_year: int | None
    size: int

    @property
    def label(self) -> str:
        """高职质量年报（2017—2022年度）."""
        family = ReportFamily(self.report_family).label
        if self.valid_to_year is None:
            return _("%(family)s（%(first)s年度起）") % {
                "family": family,
                "first": self.valid_from_year,
            }
        return _("%(family)s（%(first)s—%(last)s年度）") % {
            "family": family,
            "first": self.valid_from_year,
            "last": self.valid_to_year,
        }


@dataclass(frozen=True)
class OfficialTables:
    """Whether an official indicator table applies to a year, and, for each report family whose
    last official table ended before it, that table (which the office may carry forward)."""

    year: int
    in_force: tuple[OfficialTable, ...]
    lapsed: tuple[OfficialTable, ...]

    @property
    def applies(self) -> bool:
        return bool(self.in_force)


def indicator_official_tables(*, access: Access, year: int) -> OfficialTables:
    """The official tables in force for ``year`` and the ones that ended before it: a year after
    the last installed table never goes by silently (pages, the API and the CLI say so)."""
    versions = (
        scoped(IndicatorDefinition.objects.filter(is_official=True), access=access)
        .filter(valid_from_year__lte=year)
        .values("report_family", "valid_from_year", "valid_to_year")
        .annotate(size=Count("pk"))
        .order_by("report_family", "valid_from_year", "valid_to_year")
    )
    tables = [
        OfficialTable(
            report_family=ReportFamily(row["report_family"]),
            valid_from_year=row["valid_from_year"],
            valid_to_year=row["valid_to_year"],
            size=row["size"],
        )
        for row in versions
    ]
    in_force = tuple(t for t in tables if t.valid_to_year is None or t.valid_to_year >= year)
    covered = {t.report_family for t in in_force}
    latest: dict[ReportFamily, OfficialTable] = {}
    for table in tables:  # none in force in its family: each ended before the year
        kept = latest.get(table.report_family)
        ends = (table.valid_to_year or 0, table.valid_from_year)
        if table.report_family not in covered and (
            kept is None or ends > (kept.valid_to_year or 0, kept.valid_from_year)
        ):
            latest[table.report_family] = table
    return OfficialTables(year=year, in_force=in_force, lapsed=tuple(latest.values()))
