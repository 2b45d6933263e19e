"""`hezuo notify_expiring [--school SLUG] [--today YYYY-MM-DD]`: the daily expiry digest."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils import timezone

from hezuo.accounts.access import system_access
from hezuo.agreements.services import expiry_notices_send
from hezuo.core.commands import WorkCommand
from hezuo.core.errors import HezuoError
from hezuo.core.models import School


class Command(WorkCommand):
    help = "E-mail each school's office about agreements reaching 90, 60 or 30 days (once each)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--school", help="one school's slug (default: every school)")
        parser.add_argument("--today", type=dt.date.fromisoformat, help="run as of this date")

    def handle(self, *args: Any, **options: Any) -> None:
        today = options["today"] or timezone.localdate()
        slugs = (
            [options["school"]]
            if options["school"]
            else list(School.objects.order_by("slug").values_list("slug", flat=True))
        )
        try:
            for slug in slugs:
                notices = expiry_notices_send(access=system_access(school=slug), today=today)
                self.stdout.write(f"{slug}: {len(notices)}")
        except HezuoError as error:
            raise CommandError(error.message) from None
