"""Writes for the indicator catalogue (the office admin keeps it)."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any, TypedDict, Unpack

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hezuo.accounts.access import Access, Capability
from hezuo.activities.calculations import round_figure
from hezuo.activities.models import Activity
from hezuo.core.errors import HezuoError
from hezuo.core.writes import create_audited, delete_audited, update_audited
from hezuo.indicators.catalogues import read_catalogue
from hezuo.indicators.computation import Result
from hezuo.indicators.figures import Figures
from hezuo.indicators.models import (
    FormulaKind,
    IndicatorDefinition,
    IndicatorUnit,
    IndicatorValue,
    ReportFamily,
)


class DefinitionChanges(TypedDict, total=False):
    """What ``indicator_definition_update`` may change (the code, report family and first year
    identify a definition's version and stay), each with the type it takes."""

    name: str
    unit: IndicatorUnit
    valid_to_year: int | None
    formula_kind: FormulaKind
    filters: dict[str, Any]
    hours_per_day: int | None
    include_estimates: bool
    is_official: bool
    sequence: int
    source_ref: str


DEFINITION_EDITABLE = tuple(DefinitionChanges.__annotations__)


def indicator_definition_create(
    *,
    access: Access,
    code: str,
    name: str,
    unit: IndicatorUnit,
    report_family: ReportFamily,
    valid_from_year: int,
    formula_kind: FormulaKind,
    filters: dict[str, Any] | None = None,
    valid_to_year: int | None = None,
    hours_per_day: int | None = None,
    include_estimates: bool = False,
    is_official: bool = True,
    sequence: int = 0,
    source_ref: str = "",
) -> IndicatorDefinition:
    access.require(Capability.MANAGE_SCHOOL)
    return create_audited(
        IndicatorDefinition(
            school=access.school,
            code=code,
            name=name,
            unit=unit,
            report_family=report_family,
            valid_from_year=valid_from_year,
            valid_to_year=valid_to_year,
            formula_kind=formula_kind,
            filters=filters or {},
            hours_per_day=hours_per_day,
            include_estimates=include_estimates,
            is_official=is_official,
            sequence=sequence,
            source_ref=source_ref,
        ),
        actor=access.user,
    )


def indicator_definition_update(
    *, access: Access, definition: IndicatorDefinition, **changes: Unpack[DefinitionChanges]
) -> IndicatorDefinition:
    access.require(Capability.MANAGE_SCHOOL)
    access.ensure_own(definition)
    return update_audited(
        definition, actor=access.user, changes=changes, allowed=DEFINITION_EDITABLE
    )


def indicator_definition_delete(*, access: Access, definition: IndicatorDefinition) -> None:
    access.require(Capability.MANAGE_SCHOOL)
    access.ensure_own(definition)
    delete_audited(definition, actor=access.user)


@transaction.atomic
def indicator_catalogue_install(*, access: Access, name: str) -> list[IndicatorDefinition]:
    """Add a shipped catalogue's definitions to the school, or bring them up to date.

    Definitions are matched by report family, code and first year; the school's own edits to a
    definition are overwritten only where the catalogue's data differ. A catalogue row names
    class-hours in a day only where the official wording does; one that names none leaves a
    new definition to the school's class-hours and an installed one with what it holds (an
    office's override is not undone by installing again).
    """
    access.require(Capability.MANAGE_SCHOOL)
    catalogue = read_catalogue(name)
    installed = []
    for row in catalogue.rows:
        values: dict[str, Any] = {
            "name": row.name,
            "unit": row.unit,
            "valid_to_year": catalogue.valid_to_year,
            "formula_kind": row.formula_kind,
            "filters": row.filters,
            "hours_per_day": row.hours_per_day,
            "include_estimates": row.include_estimates,
            "is_official": row.is_official,
            "sequence": row.sequence,
            "source_ref": catalogue.source_ref,
        }
        existing = IndicatorDefinition.objects.filter(
            school=access.school,
            report_family=catalogue.report_family,
            code=row.code,
            valid_from_year=catalogue.valid_from_year,
        ).first()
        if existing is None:
            installed.append(
                indicator_definition_create(
                    access=access,
                    code=row.code,
                    report_family=catalogue.report_family,
                    valid_from_year=catalogue.valid_from_year,
                    **values,
                )
            )
        else:
            if row.hours_per_day is None:
                del values["hours_per_day"]
            installed.append(
                indicator_definition_update(access=access, definition=existing, **values)
            )
    return installed


def indicator_definition_claim(
    *, access: Access, definition: IndicatorDefinition, activities: Iterable[Activity]
) -> IndicatorDefinition:
    """Declare which activities the office means to count for an indicator."""
    access.require(Capability.MANAGE_SCHOOL)
    access.ensure_own(definition)
    items = list(activities)
    access.ensure_own(*items)
    return update_audited(
        definition,
        actor=access.user,
        changes={},
        allowed=(),
        m2m={"claimed_activities": items},
    )


def _provenance(result: Result) -> dict[str, Any]:
    return {
        "source": str(result.source),
        "records": list(result.records),
        "activities": list(result.activity_ids),
        "estimate_activities": list(result.estimate_activity_ids),
        "estimate_value": str(result.estimate_value),
        "ratio_of": list(result.ratio_of) if result.ratio_of else None,
    }


@transaction.atomic
def indicator_values_snapshot(*, access: Access, figures: Figures) -> list[IndicatorValue]:
    """Store the figures with their provenance and warnings; unchanged values stay as they
    are, changed ones are updated (the audit trail keeps what they were)."""
    access.require(Capability.MANAGE_SCHOOL)
    now = timezone.now()
    stored = []
    for code, definition in figures.definitions.items():
        access.ensure_own(definition)
        result = figures.results[code]
        warnings = [
            {
                "kind": str(w.kind),
                "message": w.message,
                "activities": list(w.activity_ids),
                "records": list(w.record_ids),
            }
            for w in figures.warnings
            if code in w.indicators
        ]
        values = {
            "computed_value": round_figure(result.value, 4),
            "computed_exact": str(result.value),
            "includes_estimates": result.estimates_counted,
            "provenance": _provenance(result),
            "warnings": warnings,
        }
        existing = IndicatorValue.objects.filter(
            definition=definition, year=figures.period.year, period_kind=figures.period.kind
        ).first()
        if existing is None:
            stored.append(
                create_audited(
                    IndicatorValue(
                        school=access.school,
                        definition=definition,
                        year=figures.period.year,
                        period_kind=figures.period.kind,
                        computed_at=now,
                        **values,
                    ),
                    actor=access.user,
                )
            )
        else:
            updated = update_audited(
                existing, actor=access.user, changes=values, allowed=tuple(values)
            )
            IndicatorValue.objects.filter(pk=updated.pk).update(computed_at=now)
            updated.computed_at = now
            stored.append(updated)
    return stored


def indicator_value_override(
    *, access: Access, value: IndicatorValue, override_value: Decimal | None, reason: str
) -> IndicatorValue:
    """Replace the reported value (None clears the override); a reason is required to set one."""
    access.require(Capability.MANAGE_SCHOOL)
    access.ensure_own(value)
    reason = reason.strip()
    if override_value is not None and not reason:
        raise HezuoError(_("人工修正数值须填写理由。"))
    return update_audited(
        value,
        actor=access.user,
        changes={"override_value": override_value, "override_reason": reason},
        allowed=("override_value", "override_reason"),
    )


@transaction.atomic
def indicator_override_set(
    *,
    access: Access,
    figures: Figures,
    code: str,
    override_value: Decimal | None,
    reason: str,
) -> IndicatorValue:
    """Override one indicator of the year the figures cover; a year not stored yet is stored
    first, so the override sits beside the computed value and its provenance."""
    access.require(Capability.MANAGE_SCHOOL)
    stored = IndicatorValue.objects.filter(
        school=access.school,
        definition__code=code,
        year=figures.period.year,
        period_kind=figures.period.kind,
    ).first()
    if stored is None:
        stored = next(
            value
            for value in indicator_values_snapshot(access=access, figures=figures)
            if value.definition.code == code
        )
    return indicator_value_override(
        access=access, value=stored, override_value=override_value, reason=reason
    )
