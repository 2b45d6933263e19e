"""Computing indicators: exact, filter by filter, and the records behind every value."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from hezuo.indicators.computation import (
    ActivityFact,
    AssistanceFact,
    Facts,
    OutcomeFact,
    ParticipationFact,
    ProgrammeFact,
    compute,
    compute_all,
)
from hezuo.indicators.spec import Spec, parse_spec


def rule(kind: str = "sum_person_days", estimates: bool = False, **filters: object) -> Spec:
    return parse_spec(
        formula_kind=kind, filters=dict(filters), hours_per_day=8, include_estimates=estimates
    )


def activity(pk: int, kind: str = "student_exchange", **extra: object) -> ActivityFact:
    values: dict[str, object] = {
        "id": pk,
        "activity_type": kind,
        "direction": "inbound",
        "mode": "online",
        "is_estimate": False,
        "partner_regions": frozenset({"hmt"}),
        "partner_types": frozenset({"university"}),
    }
    values.update(extra)
    return ActivityFact(**values)  # type: ignore[arg-type]


def row(
    pk: int,
    activity_id: int,
    headcount: int,
    days: str | None = None,
    hours: str | None = None,
    category: str = "student",
) -> ParticipationFact:
    return ParticipationFact(
        id=pk,
        activity_id=activity_id,
        person_category=category,
        role="trainee",
        headcount=headcount,
        days=Decimal(days) if days else None,
        hours=Decimal(hours) if hours else None,
    )


SEED = Facts(
    activities={
        1: activity(1),
        2: activity(2),
        3: activity(3, "international_communication", is_estimate=True),
        4: activity(
            4,
            "student_internship_abroad",
            direction="outbound",
            mode="offline",
            partner_types=frozenset({"going_global_enterprise"}),
            partner_regions=frozenset({"domestic"}),
        ),
    },
    participations=[
        row(10, 1, 30, days="10"),
        row(11, 2, 45, hours="48"),
        row(12, 3, 25000, hours="1", category="overseas_person"),
        row(13, 4, 17, days="180"),
        row(14, 4, 3, days="22"),
    ],
)


def test_the_seed_figures() -> None:
    assert compute(rule(activity_types=["student_exchange"]), SEED).value == 570
    internships = rule(
        activity_types=["student_internship_abroad"], partner_org_types=["going_global_enterprise"]
    )
    result = compute(internships, SEED)
    assert (result.value, result.records, result.activity_ids) == (3126, (13, 14), (4,))


def test_estimates_count_only_when_asked_and_are_reported_either_way() -> None:
    audience = ["international_communication"]
    left_out = compute(rule(activity_types=audience), SEED)
    assert (left_out.value, left_out.estimate_value, left_out.records) == (0, 3125, ())
    counted = compute(rule(estimates=True, activity_types=audience), SEED)
    assert (counted.value, counted.records, counted.estimates_counted) == (3125, (12,), True)


def test_headcounts_records_and_fields() -> None:
    facts = Facts(
        activities={1: activity(1, "skills_competition")},
        participations=[row(1, 1, 4, days="2"), row(2, 1, 2, days="1")],
        outcomes=[
            OutcomeFact(7, 1, "award", "", "international", None),
            OutcomeFact(8, 1, "award", "", "provincial", None),
            OutcomeFact(9, 1, "audience_reach", "", "", Decimal("1510000")),
        ],
        programmes=[
            ProgrammeFact(5, "overseas_branch", "enrolling"),
            ProgrammeFact(6, "sino_foreign_programme", "enrolling"),
        ],
        assistance=[
            AssistanceFact(3, "funds", Decimal("117")),
            AssistanceFact(4, "funds", Decimal("0.5")),
        ],
    )
    assert compute(rule("count_distinct_persons"), facts).value == 6
    awards = rule(
        "count_records",
        source="outcomes",
        outcome_kinds=["award"],
        activity_types=["skills_competition"],
    )
    assert compute(awards, facts).records == (7, 8)
    reach = rule("sum_field", source="outcomes", outcome_kinds=["audience_reach"])
    assert compute(reach, facts).value == 1510000
    branches = rule("count_records", source="programmes", programme_forms=["overseas_branch"])
    assert compute(branches, facts).records == (5,)
    funds = rule("sum_field", source="assistance_records", assistance_items=["funds"])
    assert compute(funds, facts).value == Fraction(235, 2)


def test_ratios_divide_other_results() -> None:
    specs = {
        "a": rule(activity_types=["student_exchange"]),
        "b": rule("count_distinct_persons", activity_types=["student_exchange"]),
        "r": rule("ratio", numerator="a", denominator="b"),
    }
    results = compute_all(specs, SEED)
    assert results["r"].value == Fraction(570 * 100, 75)
    assert results["r"].ratio_of == ("a", "b")


def test_a_ratio_over_nothing_is_zero() -> None:
    specs = {
        "a": rule(activity_types=["other"]),
        "r": rule("ratio", numerator="a", denominator="a"),
    }
    assert compute_all(specs, SEED)["r"].value == 0


rows = st.lists(
    st.tuples(
        st.integers(1, 3),  # activity
        st.integers(1, 500),  # headcount
        st.one_of(
            st.tuples(st.just("days"), st.decimals(Decimal("0.01"), Decimal("400"), places=2)),
            st.tuples(st.just("hours"), st.decimals(Decimal("0.01"), Decimal("2000"), places=2)),
        ),
        st.sampled_from(["student", "full_time_teacher"]),
    ),
    max_size=40,
)
ACTIVITIES = {1: activity(1), 2: activity(2, "teacher_training_received"), 3: activity(3)}


def facts_of(data: list[tuple[int, int, tuple[str, Decimal], str]], start: int = 0) -> Facts:
    return Facts(
        activities=ACTIVITIES,
        participations=[
            ParticipationFact(
                id=start + index,
                activity_id=a,
                person_category=category,
                role="trainee",
                headcount=h,
                days=amount if unit == "days" else None,
                hours=amount if unit == "hours" else None,
            )
            for index, (a, h, (unit, amount), category) in enumerate(data)
        ],
    )


@given(data=rows, cut=st.integers(0, 40))
def test_splitting_the_records_in_two_never_changes_a_sum(
    data: list[tuple[int, int, tuple[str, Decimal], str]], cut: int
) -> None:
    spec = rule(activity_types=["student_exchange"], person_categories=["student"])
    whole = compute(spec, facts_of(data)).value
    parts = (
        compute(spec, facts_of(data[:cut])).value
        + compute(spec, facts_of(data[cut:], start=1000)).value
    )
    assert parts == whole


@given(data=rows, extra=rows)
def test_adding_a_matching_record_never_lowers_a_count(
    data: list[tuple[int, int, tuple[str, Decimal], str]],
    extra: list[tuple[int, int, tuple[str, Decimal], str]],
) -> None:
    for kind in ("sum_person_days", "count_distinct_persons", "count_records"):
        spec = rule(kind, activity_types=["student_exchange"])
        if kind == "count_records":
            spec = rule(kind, source="participations", activity_types=["student_exchange"])
        before = compute(spec, facts_of(data)).value
        more = facts_of(data + extra)
        assert compute(spec, more).value >= before


@given(data=rows)
def test_hours_become_days_exactly(data: list[tuple[int, int, tuple[str, Decimal], str]]) -> None:
    facts = facts_of(data)
    value = compute(rule(), facts).value
    expected = sum(
        (
            Fraction(r.headcount)
            * (Fraction(r.days) if r.days is not None else Fraction(r.hours or 0) / 8)
            for r in facts.participations
        ),
        start=Fraction(0),
    )
    assert value == expected
