"""Person-days (人日), the unit of most exchange indicators. Pure functions, exact arithmetic.

person_days = headcount × days, or headcount × hours ÷ hours_per_day when a record is kept in
class-hours. Fractions keep the result exact (1 hour at 3 hours a day is exactly 1/3 day);
rounding happens only when a figure is shown.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction


def person_days(
    *,
    headcount: int,
    days: Decimal | None,
    hours: Decimal | None,
    hours_per_day: int | Decimal,
) -> Fraction:
    """The person-days of one participation record.

    Exactly one of ``days`` and ``hours`` is given (the database guarantees it for stored rows).
    """
    if (days is None) == (hours is None):
        raise ValueError("exactly one of days and hours is required")
    if headcount < 1:
        raise ValueError("headcount must be at least 1")
    if days is not None:
        return headcount * Fraction(days)
    if hours_per_day <= 0:
        raise ValueError("hours_per_day must be positive")
    assert hours is not None
    return headcount * Fraction(hours) / Fraction(hours_per_day)


def round_figure(value: Fraction, places: int = 2) -> Decimal:
    """A figure as it is shown: half-up to ``places`` decimals, trailing zeros dropped."""
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    rounded = exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    normal = rounded.normalize()
    return normal.quantize(Decimal(1)) if normal == normal.to_integral() else normal
