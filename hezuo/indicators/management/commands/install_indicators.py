"""`hezuo install_indicators --school SLUG CATALOGUE …`: add shipped indicator catalogues."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError, CommandParser

from hezuo.accounts.access import system_access
from hezuo.core.commands import WorkCommand
from hezuo.core.errors import HezuoError
from hezuo.indicators.catalogues import available_catalogues
from hezuo.indicators.services import indicator_catalogue_install


class Command(WorkCommand):
    help = f"Install indicator catalogues for a school ({', '.join(available_catalogues())})."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--school", required=True, help="the school's slug")
        parser.add_argument("catalogues", nargs="+", metavar="CATALOGUE")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            access = system_access(school=options["school"])
            for name in options["catalogues"]:
                definitions = indicator_catalogue_install(access=access, name=name)
                self.stdout.write(f"{name}: {len(definitions)}")
        except HezuoError as error:
            raise CommandError(error.message) from None
