"""Indicator catalogues shipped as data files (one per report family and first year).

A catalogue cites the public document its wording comes from (``source_ref``: title, issuing
body, years; a 核对版 report prints it under the indicator) and keeps what the office should
check before relying on it apart (``note``: installed as the definitions' 核对说明, printed in
no report)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from hezuo.core.errors import HezuoError
from hezuo.core.text import listing
from hezuo.indicators.models import FormulaKind, IndicatorUnit, ReportFamily
from hezuo.indicators.spec import InvalidSpec, parse_spec

CATALOGUE_DIR = Path(__file__).resolve().parent / "catalogues"


@dataclass(frozen=True)
class CatalogueRow:
    code: str
    name: str
    unit: IndicatorUnit
    formula_kind: FormulaKind
    filters: dict[str, Any]
    sequence: int
    is_official: bool
    hours_per_day: int | None  # None: the school's class-hours in a day
    include_estimates: bool


@dataclass(frozen=True)
class Catalogue:
    name: str
    title: str
    report_family: ReportFamily
    valid_from_year: int
    valid_to_year: int | None
    source_ref: str
    note: str
    rows: tuple[CatalogueRow, ...]


def available_catalogues() -> list[str]:
    return sorted(path.stem for path in CATALOGUE_DIR.glob("*.json"))


def read_catalogue(name: str) -> Catalogue:
    """Read and check a shipped catalogue; any mistake is reported with the row's code."""
    path = CATALOGUE_DIR / f"{name}.json"
    if name not in available_catalogues():
        raise HezuoError(
            _("没有名为“%(name)s”的指标目录；可用的有：%(names)s。")
            % {"name": name, "names": listing(available_catalogues())}
        )
    data = json.loads(path.read_text(encoding="utf-8"))
    rows = []
    for sequence, item in enumerate(data["indicators"], start=1):
        try:
            row = CatalogueRow(
                code=item["code"],
                name=item["name"],
                unit=IndicatorUnit(item["unit"]),
                formula_kind=FormulaKind(item["formula_kind"]),
                filters=dict(item.get("filters", {})),
                sequence=sequence,
                is_official=bool(item.get("official", True)),
                hours_per_day=(
                    int(item["hours_per_day"]) if item.get("hours_per_day") is not None else None
                ),
                include_estimates=bool(item.get("include_estimates", False)),
            )
            if row.hours_per_day is not None and not 1 <= row.hours_per_day <= 24:
                raise ValueError(_("每日课时数应在 1 到 24 之间。"))
            parse_spec(  # checks the rule only; the class-hours do not change it
                formula_kind=row.formula_kind,
                filters=row.filters,
                hours_per_day=row.hours_per_day or 8,
                include_estimates=row.include_estimates,
            )
        except (KeyError, ValueError, InvalidSpec) as error:
            raise HezuoError(
                _("指标目录“%(name)s”第 %(row)s 项有误：%(error)s")
                % {"name": name, "row": sequence, "error": error}
            ) from None
        rows.append(row)
    return Catalogue(
        name=name,
        title=data["title"],
        report_family=ReportFamily(data["report_family"]),
        valid_from_year=int(data["valid_from_year"]),
        valid_to_year=data.get("valid_to_year"),
        source_ref=data.get("source_ref", ""),
        note=data.get("note", ""),
        rows=tuple(rows),
    )
