from __future__ import annotations

from decimal import Decimal

import pytest

from hezuo.assistance.calculations import format_quantity


@pytest.mark.parametrize(
    ("quantity", "unit", "approximation", "shown"),
    [
        ("117", "万元", "over", "117万余元"),
        ("2000", "人", "over", "2000余人"),
        ("2300", "人", "nearly", "近2300人"),
        ("1800", "个", "about", "约1800个"),
        ("2", "人", "exact", "2人"),
        ("117.50", "万元", "exact", "117.5万元"),
        ("1E+3", "个", "exact", "1000个"),
    ],
)
def test_figures_are_written_as_reports_write_them(
    quantity: str, unit: str, approximation: str, shown: str
) -> None:
    assert format_quantity(Decimal(quantity), unit, approximation) == shown
