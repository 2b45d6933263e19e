"""Indicator values from facts: one pure pass, exact arithmetic, and the ids behind each value.

Facts are the few columns of the school's records that indicators look at, loaded by
``facts.indicator_facts``. Participation facts come grouped: every row of a group shares the
traits filters look at, so a million rows arrive as a few thousand groups; a group keeps the
ids of its rows when provenance is asked for. Nothing here touches the database.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from functools import cached_property

from hezuo.indicators.models import FormulaKind
from hezuo.indicators.spec import Source, Spec


@dataclass(frozen=True, slots=True)
class Traits:
    """What indicator filters look at in an activity."""

    activity_type: str
    direction: str
    mode: str
    is_estimate: bool
    partner_regions: frozenset[str] = frozenset()
    partner_types: frozenset[str] = frozenset()
    has_approved_evidence: bool | None = None  # None: not looked up


@dataclass(frozen=True, slots=True)
class ParticipationGroup:
    """Participation rows that share their activity's traits, category and role.

    Sums are kept in integers, exactly: ``day_hundredths`` = Σ headcount × days × 100 over rows
    kept in days, ``hour_hundredths`` = Σ headcount × class-hours × 100 over rows kept in hours.
    When the rows were also grouped by their class-hours, ``hours_each`` is that number × 100
    (so part days can be told); it is None for rows kept in days or when not grouped so.
    """

    traits: Traits
    person_category: str
    role: str
    headcount: int
    day_hundredths: int
    hour_hundredths: int
    rows: int
    hours_each: int | None = None
    ids: tuple[int, ...] = ()
    activity_ids: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class ActivityFact:
    id: int
    traits: Traits


@dataclass(frozen=True, slots=True)
class OutcomeFact:
    id: int
    activity_id: int
    traits: Traits
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

    participations: Sequence[ParticipationGroup] = ()
    activities: Sequence[ActivityFact] = ()
    outcomes: Sequence[OutcomeFact] = ()
    programmes: Sequence[ProgrammeFact] = ()
    assistance: Sequence[AssistanceFact] = ()

    @cached_property
    def participations_by_traits(self) -> dict[Traits, list[ParticipationGroup]]:
        """The participation groups by their activity's traits, so a filter looks at each
        set of traits once, whatever the number of groups that share it."""
        grouped: dict[Traits, list[ParticipationGroup]] = {}
        for group in self.participations:
            grouped.setdefault(group.traits, []).append(group)
        return grouped


@dataclass(frozen=True)
class Result:
    """A computed value and what it was computed from.

    ``records`` are the ids of the counted rows of ``source`` (when the facts carry ids; their
    number is ``record_count`` in any case) and ``activity_ids`` the activities they belong
    to. ``estimate_value`` is what estimate-based records add (when counted) or would add
    (when left out), from ``estimate_activity_ids``.
    ``unproven_records`` is how many counted records belong to an activity without approved
    evidence (``unproven_activity_ids`` those activities, when the facts carry ids), and
    ``part_day_records`` counted rows whose class-hours are not whole days (found only when
    the facts carry ids).
    """

    value: Fraction
    source: Source
    records: tuple[int, ...] = ()
    record_count: int = 0
    activity_ids: tuple[int, ...] = ()
    estimate_value: Fraction = Fraction(0)
    estimate_activity_ids: tuple[int, ...] = ()
    estimates_counted: bool = False
    unproven_activity_ids: tuple[int, ...] = ()
    unproven_records: int = 0
    part_day_records: tuple[int, ...] = ()
    ratio_of: tuple[str, str] | None = None


def traits_match(spec: Spec, traits: Traits) -> bool:
    return (
        spec.allows("activity_types", traits.activity_type)
        and spec.allows("directions", traits.direction)
        and spec.allows("modes", traits.mode)
        and spec.allows_any("partner_region_categories", traits.partner_regions)
        and spec.allows_any("partner_org_types", traits.partner_types)
    )


def _exact(buckets: dict[int, int]) -> Fraction:
    return sum((Fraction(n, d) for d, n in buckets.items()), start=Fraction(0))


class _Tally:
    """Adds up one indicator, keeping estimates apart and the ids of what was counted.

    Amounts are numerators over a denominator and are summed per denominator in integers
    (a Fraction per group would cost more than the matching).
    """

    def __init__(self, spec: Spec) -> None:
        self.spec = spec
        self.counted: dict[int, int] = {}
        self.estimates: dict[int, int] = {}
        self.records: list[int] = []
        self.record_count = 0
        self.activities: set[int] = set()
        self.estimate_activities: set[int] = set()
        self.unproven: set[int] = set()
        self.unproven_records = 0
        self.part_days: list[int] = []

    def take(
        self,
        traits: Traits | None,
        numerator: int,
        denominator: int,
        records: Iterable[int],
        activities: Iterable[int] = (),
        count: int = 1,
    ) -> bool:
        """Add numerator/denominator (of ``count`` records); False when it is an estimate left
        out."""
        estimate = traits is not None and traits.is_estimate
        bucket = self.estimates if estimate else self.counted
        bucket[denominator] = bucket.get(denominator, 0) + numerator
        if estimate:
            self.estimate_activities.update(activities)
            if not self.spec.include_estimates:
                return False
        self.records.extend(records)
        self.record_count += count
        self.activities.update(activities)
        if traits is not None and traits.has_approved_evidence is False:
            self.unproven.update(activities)
            self.unproven_records += count
        return True

    def take_fraction(
        self,
        traits: Traits | None,
        amount: Fraction,
        records: Iterable[int],
        activities: Iterable[int] = (),
    ) -> bool:
        return self.take(traits, amount.numerator, amount.denominator, records, activities)

    def result(self) -> Result:
        estimates = _exact(self.estimates)
        counted = _exact(self.counted) + (estimates if self.spec.include_estimates else 0)
        return Result(
            value=counted,
            source=self.spec.source,
            records=tuple(sorted(self.records)),
            record_count=self.record_count,
            activity_ids=tuple(sorted(self.activities)),
            estimate_value=estimates,
            estimate_activity_ids=tuple(sorted(self.estimate_activities)),
            estimates_counted=self.spec.include_estimates,
            unproven_activity_ids=tuple(sorted(self.unproven)),
            unproven_records=self.unproven_records,
            part_day_records=tuple(sorted(self.part_days)),
        )


def _participations(spec: Spec, facts: Facts, tally: _Tally) -> None:
    """Sum the matching groups in integers (a Fraction per group would cost more than the
    matching); each trait set is matched once, for all the groups that share it."""
    kind = spec.formula_kind
    day = 100 * spec.hours_per_day
    for traits, groups in facts.participations_by_traits.items():
        if not traits_match(spec, traits):
            continue
        for group in groups:
            if not (
                spec.allows("person_categories", group.person_category)
                and spec.allows("roles", group.role)
            ):
                continue
            if kind == FormulaKind.SUM_PERSON_DAYS:
                # days×100×h/d + hours×100, over 100×h/d (h/d = hours per day)
                numerator = group.day_hundredths * spec.hours_per_day + group.hour_hundredths
                denominator = day
            elif kind == FormulaKind.COUNT_DISTINCT_PERSONS:
                numerator, denominator = group.headcount, 1
            else:
                numerator, denominator = group.rows, 1
            taken = tally.take(
                traits, numerator, denominator, group.ids, group.activity_ids, group.rows
            )
            if taken and group.hours_each is not None and group.hours_each % day:
                tally.part_days.extend(group.ids)


def compute(spec: Spec, facts: Facts) -> Result:
    """The value of one (non-ratio) indicator over ``facts``."""
    if spec.formula_kind == FormulaKind.RATIO:
        raise ValueError("ratios are computed from other results: use compute_all")
    tally = _Tally(spec)
    if spec.source == Source.PARTICIPATIONS:
        _participations(spec, facts, tally)
    elif spec.source == Source.ACTIVITIES:
        for activity in facts.activities:
            if traits_match(spec, activity.traits):
                tally.take(activity.traits, 1, 1, (activity.id,), (activity.id,))
    elif spec.source == Source.OUTCOMES:
        for outcome in facts.outcomes:
            if (
                traits_match(spec, outcome.traits)
                and spec.allows("outcome_kinds", outcome.kind)
                and spec.allows("standard_kinds", outcome.standard_kind)
                and spec.allows("outcome_levels", outcome.level)
            ):
                amount = (
                    Fraction(outcome.quantity or 0)
                    if spec.formula_kind == FormulaKind.SUM_FIELD
                    else Fraction(1)
                )
                tally.take_fraction(outcome.traits, amount, (outcome.id,), (outcome.activity_id,))
    elif spec.source == Source.PROGRAMMES:
        for programme in facts.programmes:
            if spec.allows("programme_forms", programme.form) and spec.allows(
                "programme_statuses", programme.status
            ):
                tally.take(None, 1, 1, (programme.id,))
    else:
        for record in facts.assistance:
            if spec.allows("assistance_items", record.item):
                amount = (
                    Fraction(record.quantity)
                    if spec.formula_kind == FormulaKind.SUM_FIELD
                    else Fraction(1)
                )
                tally.take_fraction(None, amount, (record.id,))
    return tally.result()


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


def needed_sources(specs: Iterable[Spec]) -> set[Source]:
    """The kinds of facts a set of definitions looks at, so nothing else is loaded."""
    return {spec.source for spec in specs}
