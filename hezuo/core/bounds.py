"""The bounds every record's dates and head counts keep, one set for the web, the API, imports
and the admin (the models' validators) and for anything else that writes (the databases'
check constraints): a date from 1990 to 2100 — a school's records start after the first and
its plans end before the last, and a date outside would only break the arithmetic of months and
years every figure is summed by (a participation dated 9999-12-31 once stopped every import of
its school) — and at most a million people in one participation row, so that the sums of
person-days stay far inside the database's integers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import CheckConstraint, Q
from django.utils.translation import gettext_lazy as _

EARLIEST, LATEST = dt.date(1990, 1, 1), dt.date(2100, 12, 31)
HEADCOUNT_MAX = 1_000_000

DATE_MESSAGE = _("日期应在 1990-01-01 至 2100-12-31 之间。")
HEADCOUNT_MESSAGE = _("人数不能超过 1,000,000。")

DATE_VALIDATORS = [
    MinValueValidator(EARLIEST, message=DATE_MESSAGE),
    MaxValueValidator(LATEST, message=DATE_MESSAGE),
]
HEADCOUNT_VALIDATORS = [MaxValueValidator(HEADCOUNT_MAX, message=HEADCOUNT_MESSAGE)]


def dates_in_bounds(prefix: str, *names: str) -> list[CheckConstraint]:
    """A check constraint for each date field of ``names`` (empty, or within the bounds),
    named ``{prefix}_{name}_in_bounds``."""
    return [
        CheckConstraint(
            condition=Q(**{f"{name}__isnull": True})
            | Q(**{f"{name}__gte": EARLIEST, f"{name}__lte": LATEST}),
            name=f"{prefix}_{name}_in_bounds",
            violation_error_message=DATE_MESSAGE,
        )
        for name in names
    ]


def headcount_in_bounds(prefix: str) -> CheckConstraint:
    return CheckConstraint(
        condition=Q(headcount__lte=HEADCOUNT_MAX),
        name=f"{prefix}_headcount_in_bounds",
        violation_error_message=HEADCOUNT_MESSAGE,
    )


def records_out_of_bounds(
    label: str, dates: tuple[str, ...] = (), headcount: bool = False
) -> Callable[[Any, Any], None]:
    """A migration step run before the bounds' constraints are added: it stops the upgrade,
    naming each record whose value lies outside (the constraint would refuse the table), so
    that the office corrects them with the version it runs — nothing is changed or lost."""

    def check(apps: Any, schema_editor: Any) -> None:
        model = apps.get_model(label)
        outside = Q()
        for name in dates:
            outside |= Q(**{f"{name}__lt": EARLIEST}) | Q(**{f"{name}__gt": LATEST})
        if headcount:
            outside |= Q(headcount__gt=HEADCOUNT_MAX)
        if not outside:
            return
        found = list(model.objects.filter(outside).values_list("pk", flat=True)[:50])
        if found:
            raise RuntimeError(
                f"{label}: records {', '.join(map(str, found))} have dates outside "
                f"{EARLIEST}–{LATEST} or more than {HEADCOUNT_MAX:,} people; correct them "
                "(in the version now running) before upgrading."
            )

    return check
