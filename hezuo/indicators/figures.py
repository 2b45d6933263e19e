"""One year's indicator figures: definitions in force, computed values and review warnings."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from hezuo.accounts.access import Access
from hezuo.indicators.computation import Facts, Result, compute_all, needed_sources
from hezuo.indicators.facts import (
    activity_titles,
    activity_traits,
    crossing_activities,
    indicator_facts,
    named_groups,
    period_activities,
    period_lookalikes,
)
from hezuo.indicators.models import IndicatorDefinition
from hezuo.indicators.periods import Period, PeriodKind
from hezuo.indicators.provenance import part_day_rows
from hezuo.indicators.selectors import indicator_definition_list
from hezuo.indicators.spec import Source, Spec, parse_spec
from hezuo.indicators.warnings import (
    NAMED,
    Definition,
    Warning,
    part_day_warning,
    record_warnings,
    review_warnings,
)


@dataclass(frozen=True)
class Figures:
    period: Period
    definitions: dict[str, IndicatorDefinition]  # by code, in catalogue order
    results: dict[str, Result]
    warnings: list[Warning]
    facts: Facts
    activity_titles: dict[int, str]


def definition_spec(definition: IndicatorDefinition, *, include_estimates: bool = False) -> Spec:
    """The definition's counting rule, with the class-hours in a day it is computed with (its
    own, or the school's): values, provenance, warnings and the workbook all read them here."""
    return parse_spec(
        formula_kind=definition.formula_kind,
        filters=definition.filters,
        hours_per_day=definition.hours_per_day_in_force,
        include_estimates=definition.include_estimates or include_estimates,
    )


def _in_force(
    access: Access, year: int, include_estimates: bool
) -> tuple[dict[str, IndicatorDefinition], dict[str, Spec]]:
    definitions = {
        d.code: d
        for d in indicator_definition_list(access=access, year=year)
        .select_related("school")  # the school's class-hours in a day, for every definition
        .prefetch_related("claimed_activities")
        .order_by("report_family", "sequence", "code")
    }
    specs = {
        code: definition_spec(d, include_estimates=include_estimates)
        for code, d in definitions.items()
    }
    return definitions, specs


def indicator_values(
    *,
    access: Access,
    year: int,
    period_kind: PeriodKind = PeriodKind.CALENDAR,
    include_estimates: bool = False,
) -> dict[str, Result]:
    """Every indicator in force for ``year``, values only (no warnings, no record ids): what a
    page shows beside another year's figures."""
    period = Period(year, period_kind)
    _definitions, specs = _in_force(access, year, include_estimates)
    facts = indicator_facts(
        access=access, period=period, sources=needed_sources(specs.values()), with_ids=False
    )
    return compute_all(specs, facts)


def indicator_figures(
    *,
    access: Access,
    year: int,
    period_kind: PeriodKind = PeriodKind.CALENDAR,
    include_estimates: bool = False,
    with_provenance: bool = True,
) -> Figures:
    """Compute every indicator in force for ``year`` (nothing is stored), with the review
    warnings.

    ``include_estimates`` counts estimate-based records for every indicator; otherwise only
    definitions that say so count them. Without ``with_provenance`` the values and the warnings
    are the same but the results carry no record ids (for figures that are looked at, not
    printed or stored): the values come from the monthly tallies, and only the activities a
    warning names are read one by one. The records whose class-hours are not whole days are
    found with the provenance, or for one indicator by ``indicator_warnings``.
    """
    period = Period(year, period_kind)
    definitions, specs = _in_force(access, year, include_estimates)
    sources = needed_sources(specs.values())
    facts = indicator_facts(access=access, period=period, sources=sources, with_ids=with_provenance)
    results = compute_all(specs, facts)
    claims = {
        code: [activity.pk for activity in d.claimed_activities.all()]
        for code, d in definitions.items()
    }
    claimed = {pk for pks in claims.values() for pk in pks}
    lookalikes = period_lookalikes(access=access, period=period) if definitions else []
    crossing = crossing_activities(access=access, period=period) if definitions else {}
    counted = results
    if not with_provenance and Source.PARTICIPATIONS in sources:
        # The activities the warnings may name, read with their ids: estimate-based ones, the
        # claimed ones, those that look alike and those that run into the next period.
        named = claimed.union(crossing, *(group.activity_ids for group in lookalikes))
        groups = named_groups(school_id=access.school.pk, period=period, named=named)
        counted = compute_all(specs, dataclasses.replace(facts, participations=groups))
    mentioned = claimed.union(
        *(result.estimate_activity_ids[:NAMED] for result in counted.values()),
        *(group.activity_ids for group in lookalikes),
        crossing,
    )
    titles = activity_titles(access=access, ids=mentioned)
    warnings = review_warnings(
        definitions={
            code: Definition(code, d.name, str(d.get_unit_display()), specs[code])
            for code, d in definitions.items()
        },
        results=results,
        counted=counted,
        claims=claims,
        claimed_traits=activity_traits(
            period_activities(access=access, period=period).filter(pk__in=claimed)
        ),
        activity_titles=titles,
    ) + record_warnings(
        results=counted,
        lookalikes=lookalikes,
        crossing=crossing,
        period_label=period.label,
        activity_titles=titles,
    )
    return Figures(
        period=period,
        definitions=definitions,
        results=results,
        warnings=warnings,
        facts=facts,
        activity_titles=titles,
    )


def indicator_warnings(*, access: Access, figures: Figures, code: str) -> list[Warning]:
    """The warnings about the indicator ``code`` of ``figures``. Figures read without their
    provenance cannot tell the records whose class-hours are not whole days: the database
    counts them for this one indicator."""
    found = [warning for warning in figures.warnings if code in warning.indicators]
    definition, result = figures.definitions[code], figures.results[code]
    if result.source != Source.PARTICIPATIONS or result.ratio_of is not None or result.records:
        return found
    spec = definition_spec(definition, include_estimates=result.estimates_counted)
    count = part_day_rows(access=access, spec=spec, period=figures.period)
    if count:
        found.append(
            part_day_warning(
                Definition(code, definition.name, str(definition.get_unit_display()), spec), count
            )
        )
    return found
