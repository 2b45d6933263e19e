"""The Excel import refuses a participation row that lasts longer than its activity, on the row
and column of its days, whether the activity is new, already in hezuo, or changes its dates in
the same file."""

from __future__ import annotations

import datetime as dt

import pytest

from hezuo.activities.models import Activity
from hezuo.imports.importing import Outcome, run_import
from hezuo.imports.kinds import ActivitiesImport
from hezuo.imports.tests.books import activities_book, activity
from hezuo.partners.models import PartnerType
from hezuo.partners.services import partner_create
from tests.personas import Personas, in_alpha

IRELAND = activity("赴爱尔兰研修", 1)  # 1–10 March 2021: ten days
START = dt.date(2021, 3, 1)


@pytest.fixture
def sligo(personas: Personas) -> None:
    partner_create(
        access=personas.access(personas.alice),
        name_zh="斯莱戈理工学院",
        country_code="IE",
        org_type=PartnerType.UNIVERSITY,
    )


def _import(personas: Personas, data: bytes) -> Outcome:
    return run_import(ActivitiesImport(personas.access(personas.alice)), data, dry_run=False)


def _problems(outcome: Outcome) -> list[tuple[str, int, str, str]]:
    return [(p.sheet, p.row, p.column, p.message) for p in outcome.problems]


def test_a_new_activitys_row_longer_than_it_is_refused_on_its_days(
    personas: Personas, sligo: None
) -> None:
    outcome = _import(
        personas,
        activities_book(
            [IRELAND],
            [
                ["赴爱尔兰研修", START, "在校生", "学员", 30, 10, None],
                ["赴爱尔兰研修", START, "在校生", "学员", 2, 400, None],
            ],
        ),
    )
    assert _problems(outcome) == [
        (
            "参与记录",
            3,
            "F (天数)",
            "参与记录的天数为 400 天，超过了活动的时长（2021-03-01 至 2021-03-10，共 10 天）。",
        )
    ]
    assert not in_alpha(Activity).exists()


def test_rows_of_an_activity_in_hezuo_are_checked_against_its_dates(
    personas: Personas, sligo: None
) -> None:
    assert _import(personas, activities_book([IRELAND])).problems == []
    outcome = _import(
        personas,
        activities_book([], [["赴爱尔兰研修", START, "在校生", "学员", 2, 11, None]]),
    )
    [(sheet, row, column, message)] = _problems(outcome)
    assert (sheet, row, column) == ("参与记录", 2, "F (天数)")
    assert "共 10 天" in message
    assert not in_alpha(Activity).get().participations.exists()


def test_an_activity_whose_dates_change_in_the_same_file_takes_rows_that_fit_them(
    personas: Personas, sligo: None
) -> None:
    assert _import(personas, activities_book([IRELAND])).problems == []
    longer = [*IRELAND[:5], dt.date(2021, 3, 20), *IRELAND[6:]]
    rows = [["赴爱尔兰研修", START, "在校生", "学员", 2, 20, None]]
    assert _import(personas, activities_book([longer], rows)).problems == []
    shorter = [*IRELAND[:5], dt.date(2021, 3, 5), *IRELAND[6:]]
    [(sheet, row, column, message)] = _problems(_import(personas, activities_book([shorter], rows)))
    # Shortened below the rows it keeps, the activity is refused on its end date.
    assert (sheet, row, column) == ("交流活动", 2, "F (结束日期)")
    assert "共 5 天" in message
    rows = [["赴爱尔兰研修", START, "在校生", "学员", 2, 6, None]]
    [(sheet, row, column, message)] = _problems(_import(personas, activities_book([shorter], rows)))
    assert (sheet, row, column) == ("参与记录", 2, "F (天数)")
    assert "共 5 天" in message
    rows = [["赴爱尔兰研修", START, "在校生", "学员", 2, 5, None]]
    # The twenty-day rows go before the activity is shortened to five days.
    assert _import(personas, activities_book([shorter], rows)).problems == []
    stored = in_alpha(Activity).get()
    assert (stored.end_on, [row.days for row in stored.participations.all()]) == (
        dt.date(2021, 3, 5),
        [5],
    )
