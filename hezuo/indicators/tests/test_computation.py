"""Computing indicators: exact, filter by filter, and the records behind every value."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from hezuo.activities.calculations import person_days
from hezuo.indicators.computation import (
    ActivityFact,
    AssistanceFact,
    Facts,
    OutcomeFact,
    ParticipationGroup,
    ProgrammeFact,
    Traits,
    compute,
    compute_all,
)
from hezuo.indicators.spec import Spec, parse_spec


def rule(kind: str = "sum_person_days", estimates: bool = False, **filters: object) -> Spec:
    return parse_spec(
        formula_kind=kind, filters=dict(filters), hours_per_day=8, include_estimates=estimates
    )


def traits(kind: str = "student_exchange", **extra: object) -> Traits:
    values: dict[str, object] = {
        "activity_type": kind,
        "direction": "inbound",
        "mode": "online",
        "is_estimate": False,
        "partner_regions": frozenset({"hmt"}),
        "partner_types": frozenset({"university"}),
        "has_approved_evidence": True,
    }
    values.update(extra)
    return Traits(**values)  # type: ignore[arg-type]


def row(
    pk: int,
    activity: int,
    of: Traits,
    headcount: int,
    days: str | None = None,
    hours: str | None = None,
    category: str = "student",
) -> ParticipationGroup:
    """One participation row as a group of one."""
    each = int(Decimal(hours) * 100) if hours else None
    return ParticipationGroup(
        traits=of,
        person_category=category,
        role="trainee",
        headcount=headcount,
        day_hundredths=int(headcount * Decimal(days) * 100) if days else 0,
        hour_hundredths=headcount * each if each else 0,
        rows=1,
        hours_each=each,
        ids=(pk,),
        activity_ids=(activity,),
    )


EXCHANGE = traits()
AUDIENCE = traits("international_communication", is_estimate=True, has_approved_evidence=False)
INTERNSHIP = traits(
    "student_internship_abroad",
    direction="outbound",
    mode="offline",
    partner_types=frozenset({"going_global_enterprise"}),
    partner_regions=frozenset({"domestic"}),
)
SEED = Facts(
    participations=[
        row(10, 1, EXCHANGE, 30, days="10"),
        row(11, 2, EXCHANGE, 45, hours="48"),
        row(12, 3, AUDIENCE, 25000, hours="1", category="overseas_person"),
        row(13, 4, INTERNSHIP, 17, days="180"),
        row(14, 4, INTERNSHIP, 3, days="22"),
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
    assert left_out.estimate_activity_ids == (3,)
    counted = compute(rule(estimates=True, activity_types=audience), SEED)
    assert (counted.value, counted.records, counted.estimates_counted) == (3125, (12,), True)
    assert counted.unproven_activity_ids == (3,)
    assert counted.part_day_records == (12,)  # 1 class-hour is not a whole day


def test_headcounts_records_and_fields() -> None:
    contest = traits("skills_competition")
    facts = Facts(
        participations=[row(1, 1, contest, 4, days="2"), row(2, 1, contest, 2, days="1")],
        activities=[ActivityFact(1, contest)],
        outcomes=[
            OutcomeFact(7, 1, contest, "award", "", "international", None),
            OutcomeFact(8, 1, contest, "award", "", "provincial", None),
            OutcomeFact(9, 1, contest, "audience_reach", "", "", Decimal("1510000")),
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
    assert compute(rule("count_records", activity_types=["skills_competition"]), facts).value == 1
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


# Hypothesis: rows of three activities, in days or in class-hours.
KINDS = {1: EXCHANGE, 2: traits("teacher_training_received"), 3: EXCHANGE}
Row = tuple[int, int, tuple[str, Decimal], str]
rows = st.lists(
    st.tuples(
        st.integers(1, 3),
        st.integers(1, 500),
        st.one_of(
            st.tuples(st.just("days"), st.decimals(Decimal("0.01"), Decimal("400"), places=2)),
            st.tuples(st.just("hours"), st.decimals(Decimal("0.01"), Decimal("2000"), places=2)),
        ),
        st.sampled_from(["student", "full_time_teacher"]),
    ),
    max_size=40,
)


def facts_of(data: list[Row], start: int = 0) -> Facts:
    return Facts(
        participations=[
            row(
                start + index,
                activity,
                KINDS[activity],
                headcount,
                days=str(amount) if unit == "days" else None,
                hours=str(amount) if unit == "hours" else None,
                category=category,
            )
            for index, (activity, headcount, (unit, amount), category) in enumerate(data)
        ]
    )


def grouped(facts: Facts) -> Facts:
    """The same rows merged as the database groups them (same traits, category, role, hours)."""
    merged: dict[tuple[object, ...], ParticipationGroup] = {}
    for g in facts.participations:
        key = (g.traits, g.person_category, g.role, g.hours_each)
        old = merged.get(key)
        merged[key] = (
            g
            if old is None
            else ParticipationGroup(
                traits=g.traits,
                person_category=g.person_category,
                role=g.role,
                headcount=old.headcount + g.headcount,
                day_hundredths=old.day_hundredths + g.day_hundredths,
                hour_hundredths=old.hour_hundredths + g.hour_hundredths,
                rows=old.rows + g.rows,
                hours_each=g.hours_each,
                ids=old.ids + g.ids,
                activity_ids=tuple(sorted(set(old.activity_ids + g.activity_ids))),
            )
        )
    return Facts(participations=list(merged.values()))


SPEC = rule(activity_types=["student_exchange"], person_categories=["student"])


@given(data=rows, cut=st.integers(0, 40))
def test_splitting_the_records_in_two_never_changes_a_sum(data: list[Row], cut: int) -> None:
    whole = compute(SPEC, facts_of(data)).value
    parts = compute(SPEC, facts_of(data[:cut])).value
    parts += compute(SPEC, facts_of(data[cut:], start=1000)).value
    assert parts == whole


@given(data=rows)
def test_grouping_rows_changes_neither_values_nor_provenance(data: list[Row]) -> None:
    for kind in ("sum_person_days", "count_distinct_persons"):
        spec = rule(kind, activity_types=["student_exchange"])
        one_by_one = compute(spec, facts_of(data))
        together = compute(spec, grouped(facts_of(data)))
        assert (together.value, together.records) == (one_by_one.value, one_by_one.records)


@given(data=rows, extra=rows)
def test_adding_a_matching_record_never_lowers_a_count(data: list[Row], extra: list[Row]) -> None:
    for kind in ("sum_person_days", "count_distinct_persons"):
        spec = rule(kind, activity_types=["student_exchange"])
        before = compute(spec, facts_of(data)).value
        assert compute(spec, facts_of(data + extra)).value >= before


@given(data=rows)
def test_hours_become_days_exactly(data: list[Row]) -> None:
    expected = sum(
        (
            person_days(
                headcount=headcount,
                days=amount if unit == "days" else None,
                hours=amount if unit == "hours" else None,
                hours_per_day=8,
            )
            for _, headcount, (unit, amount), _ in data
        ),
        start=Fraction(0),
    )
    assert compute(rule(), facts_of(data)).value == expected
