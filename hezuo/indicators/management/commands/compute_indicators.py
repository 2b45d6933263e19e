"""`hezuo compute_indicators --school SLUG --year 2021`: compute, store and print a year's
indicators with their warnings."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from hezuo.accounts.access import system_access
from hezuo.activities.calculations import round_figure
from hezuo.core.errors import HezuoError
from hezuo.core.files import write_file_atomically
from hezuo.indicators.figures import indicator_figures
from hezuo.indicators.periods import PeriodKind
from hezuo.indicators.services import indicator_values_snapshot
from hezuo.indicators.xlsx import figures_workbook


class Command(BaseCommand):
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

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            access = system_access(school=options["school"])
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
                "records": len(figures.results[code].records),
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
