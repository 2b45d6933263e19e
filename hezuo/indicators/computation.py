"""Indicator values from facts: one pure pass, exact arithmetic, and the ids behind each value.

The facts are the few columns of the school's records that indicators look at, loaded by
``selectors.indicator_facts``; nothing here touches the database.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from hezuo.activities.calculations import person_days
from hezuo.indicators.models import FormulaKind
from hezuo.indicators.spec import Source, Spec


@dataclass(frozen=True, slots=True)
class ActivityFact:
    id: int
    activity_type: str
    direction: str
    mode: str
    is_estimate: bool
    partner_regions: frozenset[str]
    partner_types: frozenset[str]
    has_approved_evidence: bool = False


@dataclass(frozen=True, slots=True)
class ParticipationFact:
    id: int
    activity_id: int
    person_category: str
    role: str
    headcount: int
    days: Decimal | None
    hours: Decimal | None


@dataclass(frozen=True, slots=True)
class OutcomeFact:
    id: int
    activity_id: int
    kind: str
    standard_kind: str
    level: str
    quantity: Decimal | None


@dataclass(frozen=True, slots=True)
class ProgrammeFact:
    id: int
    form: str
    status: str


@dataclass(frozen=True, slots=True)
class AssistanceFact:
    id: int
    item: str
    quantity: Decimal


@dataclass(frozen=True)
class Facts:
    """Everything of one school and period that indicators may count."""

    activities: Mapping[int, ActivityFact]
    participations: Sequence[ParticipationFact] = ()
    outcomes: Sequence[OutcomeFact] = ()
    programmes: Sequence[ProgrammeFact] = ()
    assistance: Sequence[AssistanceFact] = ()


@dataclass(frozen=True)
class Result:
    """A computed value and what it was computed from.

    ``records`` are the ids of the counted rows of ``source``; ``activity_ids`` the activities
    they belong to. ``estimate_value`` is what estimate-based records add (when counted) or
    would add (when left out); ``estimate_activity_ids`` names them.
    """

    value: Fraction
    source: Source
    records: tuple[int, ...] = ()
    activity_ids: tuple[int, ...] = ()
    estimate_value: Fraction = Fraction(0)
    estimate_activity_ids: tuple[int, ...] = ()
    estimates_counted: bool = False
    ratio_of: tuple[str, str] | None = None
    counted_hours_rows: tuple[int, ...] = field(default=())


def _activity_matches(spec: Spec, activity: ActivityFact) -> bool:
    return (
        spec.allows("activity_types", activity.activity_type)
        and spec.allows("directions", activity.direction)
        and spec.allows("modes", activity.mode)
        and spec.allows_any("partner_region_categories", activity.partner_regions)
        and spec.allows_any("partner_org_types", activity.partner_types)
    )


def _participation_matches(spec: Spec, row: ParticipationFact) -> bool:
    return spec.allows("person_categories", row.person_category) and spec.allows("roles", row.role)


def _measure(spec: Spec, row: ParticipationFact) -> Fraction:
    if spec.formula_kind == FormulaKind.SUM_PERSON_DAYS:
        return person_days(
            headcount=row.headcount,
            days=row.days,
            hours=row.hours,
            hours_per_day=spec.hours_per_day,
        )
    if spec.formula_kind == FormulaKind.COUNT_DISTINCT_PERSONS:
        return Fraction(row.headcount)
    return Fraction(1)


def compute(spec: Spec, facts: Facts) -> Result:
    """The value of one (non-ratio) indicator over ``facts``."""
    if spec.formula_kind == FormulaKind.RATIO:
        raise ValueError("ratios are computed from other results: use compute_all")
    counted = Fraction(0)
    estimates = Fraction(0)
    records: list[int] = []
    activity_ids: set[int] = set()
    estimate_ids: set[int] = set()
    hour_rows: list[int] = []

    def take(activity: ActivityFact | None, amount: Fraction, record_id: int) -> None:
        nonlocal counted, estimates
        if activity is not None and activity.is_estimate:
            estimates += amount
            estimate_ids.add(activity.id)
            if not spec.include_estimates:
                return
        counted += amount
        records.append(record_id)
        if activity is not None:
            activity_ids.add(activity.id)

    activities = facts.activities
    if spec.source == Source.PARTICIPATIONS:
        for row in facts.participations:
            activity = activities.get(row.activity_id)
            if activity is None or not _activity_matches(spec, activity):
                continue
            if _participation_matches(spec, row):
                take(activity, _measure(spec, row), row.id)
                if row.hours is not None and (not activity.is_estimate or spec.include_estimates):
                    hour_rows.append(row.id)
    elif spec.source == Source.ACTIVITIES:
        for activity in activities.values():
            if _activity_matches(spec, activity):
                take(activity, Fraction(1), activity.id)
    elif spec.source == Source.OUTCOMES:
        for outcome in facts.outcomes:
            activity = activities.get(outcome.activity_id)
            if (
                activity is None
                or not _activity_matches(spec, activity)
                or not spec.allows("outcome_kinds", outcome.kind)
                or not spec.allows("standard_kinds", outcome.standard_kind)
                or not spec.allows("outcome_levels", outcome.level)
            ):
                continue
            amount = (
                Fraction(outcome.quantity or 0)
                if spec.formula_kind == FormulaKind.SUM_FIELD
                else Fraction(1)
            )
            take(activity, amount, outcome.id)
    elif spec.source == Source.PROGRAMMES:
        for programme in facts.programmes:
            if spec.allows("programme_forms", programme.form) and spec.allows(
                "programme_statuses", programme.status
            ):
                take(None, Fraction(1), programme.id)
    else:
        for record in facts.assistance:
            if spec.allows("assistance_items", record.item):
                amount = (
                    Fraction(record.quantity)
                    if spec.formula_kind == FormulaKind.SUM_FIELD
                    else Fraction(1)
                )
                take(None, amount, record.id)
    return Result(
        value=counted,
        source=spec.source,
        records=tuple(sorted(records)),
        activity_ids=tuple(sorted(activity_ids)),
        estimate_value=estimates,
        estimate_activity_ids=tuple(sorted(estimate_ids)),
        estimates_counted=spec.include_estimates,
        counted_hours_rows=tuple(sorted(hour_rows)),
    )


def compute_all(specs: Mapping[str, Spec], facts: Facts) -> dict[str, Result]:
    """Every indicator of a catalogue (by code); ratios after the values they divide."""
    results = {
        code: compute(spec, facts)
        for code, spec in specs.items()
        if spec.formula_kind != FormulaKind.RATIO
    }
    for code, spec in specs.items():
        if spec.formula_kind != FormulaKind.RATIO:
            continue
        numerator = results.get(spec.numerator)
        denominator = results.get(spec.denominator)
        if numerator is None or denominator is None:
            raise ValueError(f"ratio {code} needs {spec.numerator} and {spec.denominator}")
        value = (
            numerator.value * spec.scale / denominator.value if denominator.value else Fraction(0)
        )
        results[code] = Result(
            value=value, source=spec.source, ratio_of=(spec.numerator, spec.denominator)
        )
    return results


def total(results: Iterable[Result]) -> Fraction:
    return sum((result.value for result in results), start=Fraction(0))
