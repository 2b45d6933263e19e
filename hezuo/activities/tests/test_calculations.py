"""Person-days are exact: no rounding until a figure is shown."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hezuo.activities.calculations import person_days, round_figure

amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("9999.99"), places=2)
headcounts = st.integers(min_value=1, max_value=100_000)


def test_days_multiply_by_headcount() -> None:
    assert person_days(headcount=39, days=Decimal(16), hours=None, hours_per_day=8) == 624


def test_hours_are_divided_by_the_hours_in_a_day() -> None:
    assert person_days(headcount=25000, days=None, hours=Decimal(1), hours_per_day=8) == 3125
    assert person_days(headcount=45, days=None, hours=Decimal(48), hours_per_day=8) == 270
    assert person_days(headcount=1, days=None, hours=Decimal(1), hours_per_day=6) == Fraction(1, 6)


@pytest.mark.parametrize(
    ("days", "hours"), [(None, None), (Decimal(1), Decimal(8))], ids=["neither", "both"]
)
def test_exactly_one_of_days_and_hours_is_required(
    days: Decimal | None, hours: Decimal | None
) -> None:
    with pytest.raises(ValueError, match="exactly one"):
        person_days(headcount=1, days=days, hours=hours, hours_per_day=8)


def test_headcount_below_one_is_refused() -> None:
    with pytest.raises(ValueError, match="headcount"):
        person_days(headcount=0, days=Decimal(1), hours=None, hours_per_day=8)


@given(headcount=headcounts, hours=amounts, hours_per_day=st.integers(min_value=1, max_value=24))
def test_hours_to_days_is_exact(headcount: int, hours: Decimal, hours_per_day: int) -> None:
    value = person_days(headcount=headcount, days=None, hours=hours, hours_per_day=hours_per_day)
    assert value * hours_per_day == headcount * Fraction(hours)


@given(
    rows=st.lists(st.tuples(headcounts, amounts), min_size=1, max_size=30), cut=st.integers(0, 30)
)
def test_splitting_rows_in_two_never_changes_the_sum(
    rows: list[tuple[int, Decimal]], cut: int
) -> None:
    def total(part: list[tuple[int, Decimal]]) -> Fraction:
        return sum(
            (person_days(headcount=h, days=None, hours=a, hours_per_day=8) for h, a in part),
            start=Fraction(0),
        )

    assert total(rows[:cut]) + total(rows[cut:]) == total(rows)


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (Fraction(570), "570"),
        (Fraction(1, 3), "0.33"),
        (Fraction(2, 3), "0.67"),
        (Fraction(5, 2), "2.5"),
        (Fraction(1, 200), "0.01"),  # half-up, not banker's rounding
    ],
)
def test_figures_are_rounded_half_up_only_when_shown(value: Fraction, shown: str) -> None:
    assert str(round_figure(value)) == shown
