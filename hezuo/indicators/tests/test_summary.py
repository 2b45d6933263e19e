"""Figures looked at (the indicator page, the API's list) are read from the monthly tallies
without the ids of their records: they must say what the figures with their provenance say —
the same values, record counts and warnings (but the records whose class-hours are not whole
days, found with the provenance only)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from hezuo.accounts.access import Access, system_access
from hezuo.activities.models import (
    Activity,
    ActivityType,
    Direction,
    Mode,
    ParticipationRole,
    PersonCategory,
)
from hezuo.activities.services import ParticipationInput, activity_create
from hezuo.core.models import School
from hezuo.indicators.figures import (
    Figures,
    definition_spec,
    indicator_figures,
    indicator_values,
    indicator_warnings,
)
from hezuo.indicators.models import IndicatorDefinition
from hezuo.indicators.provenance import indicator_record_page
from hezuo.indicators.services import indicator_definition_claim
from hezuo.indicators.warnings import WarningKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def torch(demo: list[School]) -> Access:
    """The demo school with what every warning is about: an activity entered twice, one into
    the next year, claims the definition meets and one it does not."""
    access = system_access(school="zhongshan-torch")
    original = (
        Activity.objects.filter(school=access.school, start_on__year=2021)
        .filter(participations__isnull=False)
        .first()
    )
    assert original is not None
    activity_create(
        access=access,
        title=original.title + "（重复）",
        activity_type=ActivityType(original.activity_type),
        direction=Direction(original.direction),
        mode=Mode(original.mode),
        start_on=original.start_on,
        end_on=original.end_on,
        partners=original.partners.all(),
        is_estimate=original.is_estimate,
        method_note=original.method_note,
        participations=[
            ParticipationInput(
                PersonCategory(row.person_category),
                ParticipationRole(row.role),
                row.headcount,
                days=row.days,
                hours=row.hours,
            )
            for row in original.participations.all()
        ],
    )
    crossing = activity_create(
        access=access,
        title="跨年研修",
        activity_type=ActivityType.STUDENT_EXCHANGE,
        direction=Direction.OUTBOUND,
        mode=Mode.OFFLINE,
        start_on=dt.date(2021, 12, 20),
        end_on=dt.date(2022, 1, 8),
        participations=[
            ParticipationInput(
                PersonCategory.STUDENT, ParticipationRole.TRAINEE, 6, hours=Decimal(20)
            )
        ],
    )
    # An internship abroad with no 走出去 enterprise among its partners: 3 of gjyx-3's filters
    # but not the partners'.
    activity_create(
        access=access,
        title="境外实习（无合作企业）",
        activity_type=ActivityType.STUDENT_INTERNSHIP_ABROAD,
        direction=Direction.OUTBOUND,
        mode=Mode.OFFLINE,
        start_on=dt.date(2021, 5, 10),
        end_on=dt.date(2021, 6, 10),
        participations=[
            ParticipationInput(
                PersonCategory.STUDENT, ParticipationRole.INTERN, 3, days=Decimal(30)
            )
        ],
    )
    for definition in IndicatorDefinition.objects.filter(school=access.school)[:3]:
        indicator_definition_claim(access=access, definition=definition, activities=[crossing])
    return access


def said(figures: Figures) -> list[tuple[str, tuple[str, ...], str]]:
    return [
        (str(w.kind), w.indicators, w.message)
        for w in figures.warnings
        if w.kind != WarningKind.HOURS_NOT_WHOLE_DAYS
    ]


@pytest.mark.parametrize("estimates", [False, True])
@pytest.mark.parametrize("year", [2021, 2022])
def test_figures_without_provenance_say_what_the_provenance_says(
    torch: Access, year: int, estimates: bool
) -> None:
    full = indicator_figures(access=torch, year=year, include_estimates=estimates)
    looked_at = indicator_figures(
        access=torch, year=year, include_estimates=estimates, with_provenance=False
    )
    values = indicator_values(access=torch, year=year, include_estimates=estimates)
    assert list(looked_at.results) == list(full.results) == list(values)
    for code, result in full.results.items():
        shown = looked_at.results[code]
        assert (
            shown.value,
            shown.record_count,
            shown.estimate_value,
            shown.estimates_counted,
            shown.unproven_records,
        ) == (
            result.value,
            len(result.records),
            result.estimate_value,
            result.estimates_counted,
            result.unproven_records,
        ), code
        assert values[code].value == result.value
        if result.source == "participations":  # from the tallies: no row read
            assert shown.records == ()
    assert said(looked_at) == said(full)
    kinds = {kind for kind, _codes, _message in said(full)}
    if year == 2021:  # every kind of warning is compared
        assert {
            WarningKind.LOOKALIKE_ACTIVITIES,
            WarningKind.CROSSES_PERIOD,
            WarningKind.CLAIM_MISMATCH,
            WarningKind.NO_APPROVED_EVIDENCE,
            WarningKind.ESTIMATES_COUNTED if estimates else WarningKind.ESTIMATES_EXCLUDED,
        } <= kinds


@pytest.mark.parametrize("estimates", [False, True])
@pytest.mark.parametrize("year", [2021, 2022])
def test_the_records_paged_from_the_database_are_those_computed(
    torch: Access, year: int, estimates: bool
) -> None:
    """The records behind a value looked at are found by the database a page at a time: every
    page together is the computed provenance, each record once."""
    full = indicator_figures(access=torch, year=year, include_estimates=estimates)
    looked_at = indicator_figures(
        access=torch, year=year, include_estimates=estimates, with_provenance=False
    )
    checked = 0
    for code, definition in full.definitions.items():
        result = full.results[code]
        if result.ratio_of is not None:
            continue
        spec = definition_spec(definition, include_estimates=estimates)
        listed: list[object] = []
        first = indicator_record_page(
            access=torch, spec=spec, period=full.period, result=looked_at.results[code], size=3
        )
        for page in range(1, first.pages + 2):  # one past the last gives the last again
            found = indicator_record_page(
                access=torch,
                spec=spec,
                period=full.period,
                result=looked_at.results[code],
                page=page,
                size=3,
            )
            if page <= first.pages:
                listed.extend(row[0] for row in found.table.rows)
            else:
                assert found.page == first.pages
        assert first.count == len(result.records), code
        assert sorted(listed) == list(result.records), code  # type: ignore[type-var]
        checked += len(listed)
    if year == 2021:
        assert checked > 6  # more than two pages of three were read


@pytest.mark.parametrize("estimates", [False, True])
def test_one_indicators_warnings_include_the_records_not_in_whole_days(
    torch: Access, estimates: bool
) -> None:
    """An indicator's own page counts, with the database, the records whose class-hours are not
    whole days, which the figures read from the tallies cannot tell."""
    full = indicator_figures(access=torch, year=2021, include_estimates=estimates)
    looked_at = indicator_figures(
        access=torch, year=2021, include_estimates=estimates, with_provenance=False
    )
    part_days = 0
    for code in full.results:
        expected = sorted((str(w.kind), w.message) for w in full.warnings if code in w.indicators)
        shown = indicator_warnings(access=torch, figures=looked_at, code=code)
        assert sorted((str(w.kind), w.message) for w in shown) == expected, code
        part_days += sum(w.kind == WarningKind.HOURS_NOT_WHOLE_DAYS for w in shown)
    assert part_days  # the 20 class-hours of 跨年研修 are 2½ days
