"""A year in a page's address that hezuo does not accept (not a number, year 0, a negative one,
year 9999 whose next year has no date, twenty digits) is answered as no year, or as not found
where the page is about that year — never as a server error."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from hezuo.core.years import parse_year

pytestmark = pytest.mark.django_db
BAD = ["9999", "0", "-5", "12345678901234567890", "x", "2021.5", "\u200b"]


def url(name: str) -> str:
    return reverse(f"web:{name}", args=["zhongshan-torch"])


@pytest.mark.parametrize("year", BAD)
def test_a_year_hezuo_does_not_accept_is_no_server_error(
    signed_in: Callable[[str], Client], year: str
) -> None:
    client = signed_in("torch-admin")
    for name in ("dashboard", "indicators", "evidence-search"):
        response = client.get(url(name), {"year": year, "q": "交流"})
        assert response.status_code == 200, (name, year, response.status_code)
    narratives = client.get(url("report-narratives"), {"year": year})
    assert narratives.status_code == 404, (year, narratives.status_code)


def test_the_years_hezuo_accepts() -> None:
    assert parse_year(" 2021 ") == 2021
    assert parse_year(1900) == 1900 and parse_year("2999") == 2999
    assert [parse_year(year) for year in BAD] == [None] * len(BAD)
    assert parse_year(None) is None
