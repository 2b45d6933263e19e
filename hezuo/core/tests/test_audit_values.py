from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hezuo.core.audit import diff, json_value


def test_decimals_are_compared_by_value_not_by_how_they_are_written() -> None:
    assert json_value(Decimal("570.0000")) == json_value(Decimal("570")) == "570"
    assert json_value(Decimal("0.0100")) == "0.01"
    assert json_value(Decimal("1E+3")) == "1000"


def test_dates_and_sets_become_plain_json() -> None:
    assert json_value(dt.date(2021, 5, 12)) == "2021-05-12"
    assert json_value({3, 1, 2}) == [1, 2, 3]


def test_a_diff_lists_only_what_changed() -> None:
    assert diff({"a": 1, "b": "x"}, {"a": 1, "b": "y"}) == {"b": ["x", "y"]}
