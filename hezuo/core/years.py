"""The years hezuo accepts wherever one is asked for (a page's ``?year=``, the API's ``year``):
a school's records start long after the first and its plans end long before the last, and a year
outside them would only break date arithmetic (a year 0, a year 10000)."""

from __future__ import annotations

FIRST_YEAR, LAST_YEAR = 1900, 2999


def parse_year(value: object) -> int | None:
    """``value`` as a year hezuo accepts; None when it is not a whole number or lies outside."""
    try:
        year = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return year if FIRST_YEAR <= year <= LAST_YEAR else None
