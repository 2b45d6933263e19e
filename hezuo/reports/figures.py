"""Indicator figures as a report writes them: each value from the indicator engine with a note
listing its records, an office's override shown as such beside the computed value, and
estimates only ever printed with their label."""

from __future__ import annotations

from dataclasses import dataclass

from hezuo.accounts.access import Access
from hezuo.indicators.figures import Figures, indicator_figures
from hezuo.indicators.models import IndicatorDefinition
from hezuo.indicators.selectors import indicator_value_list
from hezuo.reports.document import Figure, Inline, Notes, Paragraph, Table, number_text
from hezuo.reports.sources import activity_sources, result_sources

ESTIMATE_LEFT_OUT = "估算口径，未计入统计"
ESTIMATE_COUNTED = "含估算口径"
OVERRIDDEN = "人工修正"


@dataclass(frozen=True)
class IndicatorRow:
    definition: IndicatorDefinition
    value: Figure
    estimate: Figure | None  # estimate-based records left out (or counted), with their label
    warnings: tuple[str, ...]


def year_figures(*, access: Access, year: int) -> Figures:
    return indicator_figures(access=access, year=year)


def indicator_rows(
    *, access: Access, figures: Figures, notes: Notes, official_only: bool = False
) -> list[IndicatorRow]:
    """One row per indicator in force that has a value or an estimate (all of them with
    ``official_only``, as an official table lists every row)."""
    overrides = {
        stored.definition.code: stored
        for stored in indicator_value_list(access=access, year=figures.period.year)
        if stored.override_value is not None and stored.period_kind == figures.period.kind
    }
    rows = []
    for code, definition in figures.definitions.items():
        if official_only and not definition.is_official:
            continue
        result = figures.results[code]
        if not official_only and not result.value and not result.estimate_value:
            continue
        unit = str(definition.get_unit_display())
        sources = result_sources(
            access,
            kind=result.source,
            records=result.records,
            activity_ids=result.activity_ids,
            hours_per_day=definition.hours_per_day_in_force,
        )
        stored = overrides.get(code)
        remark = definition.source_ref
        if stored is not None:
            assert stored.override_value is not None
            value = notes.figure(
                number_text(stored.override_value),
                unit=unit,
                label=OVERRIDDEN,
                what=f"{definition.name}（{unit}）",
                sources=sources,
                remark=(
                    f"计算值 {number_text(result.value)}{unit}；修正理由：{stored.override_reason}"
                ),
            )
        else:
            value = notes.figure(
                number_text(result.value),
                unit=unit,
                label=ESTIMATE_COUNTED if result.estimates_counted else "",
                what=f"{definition.name}（{unit}）",
                sources=sources,
                remark=remark,
            )
        estimate = None
        if result.estimate_value and not result.estimates_counted:
            estimate = notes.figure(
                number_text(result.estimate_value),
                unit=unit,
                label=ESTIMATE_LEFT_OUT,
                what=f"{definition.name}（{unit}，估算口径）",
                sources=activity_sources(
                    access,
                    result.estimate_activity_ids,
                    hours_per_day=definition.hours_per_day_in_force,
                ),
                remark="估算口径的记录不计入正式统计；计算方法见各记录。",
            )
        warnings = tuple(w.message for w in figures.warnings if code in w.indicators)
        rows.append(IndicatorRow(definition, value, estimate, warnings))
    return rows


def indicator_table(rows: list[IndicatorRow], *, title: str) -> Table:
    body: list[tuple[Inline, ...]] = []
    for index, row in enumerate(rows, start=1):
        remark: Inline = row.estimate if row.estimate is not None else ""
        body.append((str(index), row.definition.name, row.value, remark))
    return Table(
        headers=("序号", "指标", "数值", "估算口径（未计入）"),
        rows=tuple(body),
        title=title,
        widths=(1, 7, 3, 3),
    )


def estimate_paragraphs(rows: list[IndicatorRow]) -> tuple[Paragraph, ...]:
    """The sentence for each estimate left out, so it is never read as a counted figure."""
    return tuple(
        Paragraph(
            (
                f"另按估算口径，{row.definition.name}为",
                row.estimate,
                "，该数据为估算，未计入上表统计。",
            )
        )
        for row in rows
        if row.estimate is not None
    )
