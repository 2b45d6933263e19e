"""Indicators and jobs through the API: a year's values (computed now, with any override the
office stored), one indicator with every record behind it, and a background job's progress;
whether an official table applies to a year, and carrying the last one forward to it (the
definitions themselves are kept through the records' endpoints, ``indicator-definitions``).

django-ninja reads the annotations below when the module loads, so they are not postponed."""

from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from hezuo.accounts.access import Access
from hezuo.activities.calculations import round_figure
from hezuo.api.auth import school_access
from hezuo.api.schemas import ERRORS, IndicatorDetailOut, IndicatorOut, year_field
from hezuo.core.errors import NotFound
from hezuo.indicators.figures import (
    Figures,
    definition_spec,
    indicator_figures,
    indicator_warnings,
)
from hezuo.indicators.periods import PeriodKind
from hezuo.indicators.provenance import indicator_record_page
from hezuo.indicators.selectors import (
    OfficialTable,
    indicator_official_tables,
    indicator_value_list,
)
from hezuo.indicators.services import indicator_catalogue_carry_forward

router = Router(tags=["indicators"])


class YearParams(Schema):
    year: int = year_field(...)
    academic_year: bool = False
    include_estimates: bool = False


def _figures(
    request: HttpRequest, school: str, params: YearParams, *, with_provenance: bool = True
) -> tuple[Access, Figures]:
    access = school_access(request, school)
    figures = indicator_figures(
        access=access,
        year=params.year,
        period_kind=PeriodKind.ACADEMIC if params.academic_year else PeriodKind.CALENDAR,
        include_estimates=params.include_estimates,
        with_provenance=with_provenance,
    )
    return access, figures


def _value(figures: Figures, code: str, stored: dict[str, Any]) -> dict[str, Any]:
    definition = figures.definitions[code]
    result = figures.results[code]
    override = stored.get(code)
    return {
        "code": code,
        "name": definition.name,
        "unit": definition.get_unit_display(),
        "report_family": definition.report_family,
        "is_official": definition.is_official,
        "value": round_figure(result.value, 4),
        "override_value": override.override_value if override is not None else None,
        "override_reason": override.override_reason if override is not None else "",
        "estimates_counted": result.estimates_counted,
        "estimate_value": round_figure(result.estimate_value, 4),
        "records": result.record_count,
        "warnings": [w.message for w in figures.warnings if code in w.indicators],
    }


def _overrides(access: Access, figures: Figures) -> dict[str, Any]:
    return {
        stored.definition.code: stored
        for stored in indicator_value_list(access=access, year=figures.period.year)
        if stored.period_kind == figures.period.kind and stored.override_value is not None
    }


@router.get(
    "/schools/{school}/indicators/",
    response={200: list[IndicatorOut], **ERRORS},
    summary="A year's indicators",
    description="Every indicator in force for the year, computed now from the records; an "
    "override the office stored is given beside the computed value. Whether an official "
    "table applies to the year: `indicator-tables`.",
)
def list_indicators(
    request: HttpRequest, school: str, params: Query[YearParams]
) -> list[dict[str, Any]]:
    access, figures = _figures(request, school, params, with_provenance=False)
    stored = _overrides(access, figures)
    return [_value(figures, code, stored) for code in figures.definitions]


class RecordsParams(YearParams):
    page: int = Field(1, ge=1, description="The page of the records behind the value, from 1.")
    page_size: int = Field(500, ge=1, le=5000, description="Records in a page.")


@router.get(
    "/schools/{school}/indicators/{code}/",
    response={200: IndicatorDetailOut, **ERRORS},
    summary="One indicator and the records behind it",
    description="The value as in the list, and one page of the records it is computed from "
    "(`provenance.count` in all, `provenance.pages` pages of `page_size`); a page past the last "
    "gives the last.",
)
def get_indicator(
    request: HttpRequest, school: str, code: str, params: Query[RecordsParams]
) -> dict[str, Any]:
    access, figures = _figures(request, school, params, with_provenance=False)
    definition = figures.definitions.get(code)
    if definition is None:
        raise NotFound()
    result = figures.results[code]
    provenance: dict[str, Any] = {
        "source": str(result.source),
        "headings": [],
        "rows": [],
        "count": 0,
        "page": 1,
        "pages": 1,
    }
    if result.ratio_of is None:
        records = indicator_record_page(
            access=access,
            spec=definition_spec(definition, include_estimates=params.include_estimates),
            period=figures.period,
            result=result,
            page=params.page,
            size=params.page_size,
        )
        provenance |= {
            "headings": list(records.table.headings),
            "rows": [
                [cell if isinstance(cell, int | str) or cell is None else str(cell) for cell in row]
                for row in records.table.rows
            ],
            "count": records.count,
            "page": records.page,
            "pages": records.pages,
        }
    warnings = indicator_warnings(access=access, figures=figures, code=code)
    return {
        **_value(figures, code, _overrides(access, figures)),
        "warnings": [warning.message for warning in warnings],
        "ratio_of": list(result.ratio_of) if result.ratio_of else None,
        "provenance": provenance,
    }


class TablesParams(Schema):
    year: int = year_field(...)


class OfficialTableOut(Schema):
    report_family: str
    label: str
    valid_from_year: int
    valid_to_year: int | None
    size: int


class OfficialTablesOut(Schema):
    year: int
    applies: bool
    in_force: list[OfficialTableOut]
    lapsed: list[OfficialTableOut]


class CarryForwardIn(Schema):
    year: int = year_field(...)


class CarriedDefinitionOut(Schema):
    id: int
    code: str
    name: str
    report_family: str
    valid_from_year: int
    valid_to_year: int | None
    source_ref: str
    note: str


def _table(table: OfficialTable) -> dict[str, Any]:
    return {
        "report_family": str(table.report_family),
        "label": table.label,
        "valid_from_year": table.valid_from_year,
        "valid_to_year": table.valid_to_year,
        "size": table.size,
    }


@router.get(
    "/schools/{school}/indicator-tables/",
    response={200: OfficialTablesOut, **ERRORS},
    summary="Whether an official indicator table applies to a year",
    description="`applies` is false when no official table is installed for the year; "
    "`lapsed` names, per report family without one, the last table that ended before it "
    "(which `carry-forward` copies to the year).",
)
def get_indicator_tables(
    request: HttpRequest, school: str, params: Query[TablesParams]
) -> dict[str, Any]:
    tables = indicator_official_tables(access=school_access(request, school), year=params.year)
    return {
        "year": tables.year,
        "applies": tables.applies,
        "in_force": [_table(table) for table in tables.in_force],
        "lapsed": [_table(table) for table in tables.lapsed],
    }


@router.post(
    "/schools/{school}/indicator-tables/carry-forward/",
    response={201: list[CarriedDefinitionOut], **ERRORS},
    summary="Carry the last official indicator table forward to a year",
    description="For each report family without an official table for the year, its last "
    "table is copied as a new version of its definitions, from the year after it ended to "
    "the year; the table itself keeps its years. A year that has its table is refused (400).",
)
def carry_indicator_tables_forward(
    request: HttpRequest, school: str, payload: CarryForwardIn
) -> Status[list[dict[str, Any]]]:
    carried = indicator_catalogue_carry_forward(
        access=school_access(request, school), year=payload.year
    )
    return Status(
        201,
        [
            {
                "id": definition.pk,
                "code": definition.code,
                "name": definition.name,
                "report_family": definition.report_family,
                "valid_from_year": definition.valid_from_year,
                "valid_to_year": definition.valid_to_year,
                "source_ref": definition.source_ref,
                "note": definition.note,
            }
            for definition in carried
        ],
    )
