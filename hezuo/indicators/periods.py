"""The span of days a report year covers. Pure functions."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class PeriodKind(models.TextChoices):
    CALENDAR = "calendar", _("自然年")
    ACADEMIC = "academic", _("学年")


@dataclass(frozen=True)
class Period:
    """Calendar year Y: 1 Jan – 31 Dec Y. Academic year Y: 1 Sep Y – 31 Aug Y+1 (学年 Y–Y+1)."""

    year: int
    kind: PeriodKind = PeriodKind.CALENDAR

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, 1 if self.kind == PeriodKind.CALENDAR else 9, 1)

    @property
    def end(self) -> dt.date:
        if self.kind == PeriodKind.CALENDAR:
            return dt.date(self.year, 12, 31)
        return dt.date(self.year + 1, 8, 31)

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.start <= day <= self.end

    @property
    def label(self) -> str:
        if self.kind == PeriodKind.CALENDAR:
            return f"{self.year}"
        return f"{self.year}–{self.year + 1}"
