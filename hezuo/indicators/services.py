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
from hezuo.indicators.selectors import indicator_official_tables


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
    note: str


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
    note: str = "",
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
            note=note,
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
            "note": catalogue.note,
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


# The first words of the line a carried version's note starts with: the data a copy writes,
# in the catalogue's language (as its wording and citation are), not the reader's.
CARRIED = "本版本沿用"


def _caveats(note: str) -> list[str]:
    """A note's lines but the one saying where a carried version comes from (carrying a
    carried version forward again says so once, about the version it copies)."""
    return [line for line in note.splitlines() if line and not line.startswith(CARRIED)]


@transaction.atomic
def indicator_catalogue_carry_forward(*, access: Access, year: int) -> list[IndicatorDefinition]:
    """Carry the last official table of each report family that has none for ``year`` forward
    to it, as the office decides when no newer official table is installed.

    The table's definitions are copied as a new version, from the year after the table ended
    to ``year``, noting where they come from; the table itself keeps its years. History stays
    honest that way: the official table still says which years it was issued for, the values
    already stored for those years keep their definitions, and a wording changed for the new
    years leaves the old ones alone. Carrying forward again (the next year) copies the carried
    version, so each year the office decided on is its own version, ending with that year —
    the year after comes without a table until someone decides again.
    """
    access.require(Capability.MANAGE_SCHOOL)
    tables = indicator_official_tables(access=access, year=year)
    if not tables.lapsed:
        if tables.applies:
            raise HezuoError(_("%(year)s年已有适用的官方指标表，无需沿用。") % {"year": year})
        raise HezuoError(
            _("%(year)s年以前没有安装过官方指标表，没有可沿用的表；请先安装指标目录。")
            % {"year": year}
        )
    carried = []
    for table in tables.lapsed:
        assert table.valid_to_year is not None  # a table without an end is never lapsed
        first_year = table.valid_to_year + 1
        years = f"{year}年度" if first_year == year else f"{first_year}—{year}年度"
        note = (
            f"{CARRIED}{table.valid_from_year}—{table.valid_to_year}年度的官方指标表："
            f"{years}没有已安装的官方指标表，由本校决定沿用。"
            "有新的官方指标表时，请安装新表并删除或缩短本版本。"
        )
        rows = IndicatorDefinition.objects.filter(
            school=access.school,
            is_official=True,
            report_family=table.report_family,
            valid_from_year=table.valid_from_year,
            valid_to_year=table.valid_to_year,
        ).order_by("sequence", "code")
        for row in rows:
            carried.append(
                indicator_definition_create(
                    access=access,
                    code=row.code,
                    name=row.name,
                    unit=IndicatorUnit(row.unit),
                    report_family=ReportFamily(row.report_family),
                    valid_from_year=first_year,
                    valid_to_year=year,
                    formula_kind=FormulaKind(row.formula_kind),
                    filters=row.filters,
                    hours_per_day=row.hours_per_day,
                    include_estimates=row.include_estimates,
                    is_official=True,
                    sequence=row.sequence,
                    source_ref=row.source_ref,
                    note="\n".join([note, *_caveats(row.note)]),
                )
            )
    return carried


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
