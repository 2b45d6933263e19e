"""When an agreement's expiry warnings are due. Pure functions."""

from __future__ import annotations

import datetime as dt

# Warnings go out when this many days or fewer remain, the largest threshold first.
WARNING_THRESHOLDS = (90, 60, 30)


def days_left(valid_until: dt.date, today: dt.date) -> int:
    return (valid_until - today).days


def warning_threshold(valid_until: dt.date | None, today: dt.date) -> int | None:
    """The smallest threshold (90, 60 or 30) that ``days left`` has reached, or None when the
    agreement has no end date, has already expired, or is further away than 90 days."""
    if valid_until is None:
        return None
    left = days_left(valid_until, today)
    if left < 0:
        return None
    reached = [limit for limit in WARNING_THRESHOLDS if left <= limit]
    return min(reached) if reached else None
