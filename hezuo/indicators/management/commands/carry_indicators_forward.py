"""`hezuo carry_indicators_forward --school SLUG --year 2025`: carry the last official indicator
table forward to a year for which no official table is installed."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _

from hezuo.accounts.access import system_access
from hezuo.core.commands import WorkCommand
from hezuo.core.errors import HezuoError
from hezuo.indicators.services import indicator_catalogue_carry_forward


class Command(WorkCommand):
    help = (
        "Carry a school's last official indicator table forward to a year that has none "
        "installed (a new version of its definitions, ending with that year)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--school", required=True, help="the school's slug")
        parser.add_argument("--year", required=True, type=int)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            access = system_access(school=options["school"])
            carried = indicator_catalogue_carry_forward(access=access, year=options["year"])
        except HezuoError as error:
            raise CommandError(error.message) from None
        except ValidationError as error:  # a version of the same code and years is there
            raise CommandError(" ".join(error.messages)) from None
        first = min(definition.valid_from_year for definition in carried)
        self.stdout.write(
            _("已把官方指标表沿用到%(first)s—%(year)s年度：%(count)s个指标。")
            % {"first": first, "year": options["year"], "count": len(carried)}
        )
