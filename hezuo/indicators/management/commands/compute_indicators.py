"""`hezuo compute_indicators --school SLUG --year 2021`: compute, store and print a year's
indicators with their warnings.

A year for which no official table is installed is refused (the message names the command
that installs a table, or the one that carries the last table forward), unless only the
school's own indicators are asked for (``--school-indicators-only``)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _

from hezuo.accounts.access import system_access
from hezuo.activities.calculations import round_figure
from hezuo.core.commands import WorkCommand
from hezuo.core.errors import HezuoError
from hezuo.core.files import write_file_atomically
from hezuo.core.text import listing
from hezuo.indicators.catalogues import available_catalogues
from hezuo.indicators.figures import indicator_figures
from hezuo.indicators.periods import PeriodKind
from hezuo.indicators.selectors import OfficialTables, indicator_official_tables
from hezuo.indicators.services import indicator_values_snapshot
from hezuo.indicators.xlsx import figures_workbook


class Command(WorkCommand):
    help = "Compute a school's indicators for a year, store them with their provenance, print them."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--school", required=True, help="the school's slug")
        parser.add_argument("--year", required=True, type=int)
        parser.add_argument(
            "--academic-year", action="store_true", help="1 Sep YEAR – 31 Aug YEAR+1"
        )
        parser.add_argument(
            "--include-estimates",
            action="store_true",
            help="count estimate-based records for every indicator",
        )
        parser.add_argument("--format", choices=["table", "json"], default="table")
        parser.add_argument(
            "--no-store", action="store_true", help="print only; do not store the values"
        )
        parser.add_argument(
            "--xlsx", metavar="FILE", help="also write the workbook (values, warnings, records)"
        )
        parser.add_argument(
            "--school-indicators-only",
            action="store_true",
            help="compute the school's own indicators although no official table applies",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            access = system_access(school=options["school"])
            tables = indicator_official_tables(access=access, year=options["year"])
            if not tables.applies and not options["school_indicators_only"]:
                raise CommandError(_without_table(tables, school=access.school.slug))
            figures = indicator_figures(
                access=access,
                year=options["year"],
                period_kind=PeriodKind.ACADEMIC
                if options["academic_year"]
                else PeriodKind.CALENDAR,
                include_estimates=options["include_estimates"],
            )
            if not options["no_store"]:
                indicator_values_snapshot(access=access, figures=figures)
            if options["xlsx"]:
                write_file_atomically(
                    Path(options["xlsx"]), figures_workbook(access=access, figures=figures)
                )
        except HezuoError as error:
            raise CommandError(error.message) from None
        rows = [
            {
                "code": code,
                "name": definition.name,
                "unit": str(definition.get_unit_display()),
                "value": float(round_figure(figures.results[code].value, 4)),
                "records": figures.results[code].record_count,
            }
            for code, definition in figures.definitions.items()
        ]
        if options["format"] == "json":
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
        else:
            self.stdout.write(f"{access.school.name} {figures.period.label}")
            for row in rows:
                self.stdout.write(
                    f"  {row['code']:<10} {row['name']}  {row['value']:g} {row['unit']}"
                    f"  ({row['records']})"
                )
        for warning in figures.warnings:
            self.stderr.write(f"! {warning.message}")


def _without_table(tables: OfficialTables, *, school: str) -> str:
    """Why a year is refused, and the one command that lets it be computed."""
    if tables.lapsed:
        return _(
            "%(year)s年没有已安装的官方指标表（最近的是%(tables)s）。"
            "如本年度沿用该表，请运行：hezuo carry_indicators_forward --school %(school)s "
            "--year %(year)s。只计算本校自定的指标请加 --school-indicators-only。"
        ) % {
            "year": tables.year,
            "tables": listing([table.label for table in tables.lapsed]),
            "school": school,
        }
    return _(
        "%(year)s年没有已安装的官方指标表。请先安装指标目录：hezuo install_indicators "
        "--school %(school)s CATALOGUE（可用的有：%(catalogues)s）。"
        "只计算本校自定的指标请加 --school-indicators-only。"
    ) % {"year": tables.year, "school": school, "catalogues": listing(available_catalogues())}
