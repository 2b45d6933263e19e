"""Writes for the indicator catalogue (the office admin keeps it)."""

from __future__ import annotations

from typing import Any

from hezuo.accounts.access import Access, Capability
from hezuo.core.writes import create_audited, delete_audited, update_audited
from hezuo.indicators.models import FormulaKind, IndicatorDefinition, IndicatorUnit, ReportFamily

DEFINITION_EDITABLE = (
    "name",
    "unit",
    "valid_to_year",
    "formula_kind",
    "filters",
    "hours_per_day",
    "include_estimates",
    "is_official",
    "sequence",
    "source_ref",
)


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
    hours_per_day: int = 8,
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
    *, access: Access, definition: IndicatorDefinition, **changes: object
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
