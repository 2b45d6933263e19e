"""质量年报's international table (高职: 国际影响表) as the evaluator reads it: the official
indicators in force for the data year, every row listed in the table's own order and wording (a
zero included), with its unit, the year before and the data year side by side, and each value
with its records; then, in the 核对版 only, what a reviewer should check before submitting (the
indicator engine's warnings). A year with no official table installed is refused, never printed
as an empty table."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import replace

from django.utils.translation import gettext as _

from hezuo.accounts.access import Access
from hezuo.core.chinese import chinese_month
from hezuo.core.errors import HezuoError
from hezuo.indicators.models import ReportFamily
from hezuo.reports.document import (
    Block,
    Document,
    Entries,
    Figure,
    Inline,
    Notes,
    Paragraph,
    Section,
    Table,
    paragraphs,
)
from hezuo.reports.figures import IndicatorRow, estimate_paragraphs, indicator_rows, year_figures
from hezuo.reports.kinds import SECTIONS, ReportKind

GENERIC_TABLE = "国际合作指标表"
# The name the official quality report gives its international table, per report family.
OFFICIAL_TABLES: dict[str, str] = {ReportFamily.HIGHER_QUALITY_REPORT: "国际影响表"}
NOT_IN_FORCE = "—"


def quality_title(year: int, table: str = GENERIC_TABLE) -> str:
    """The table of ``year``'s data, which the next year's quality report (质量年报) carries."""
    return f"{year + 1}年质量年报{table}（{year}年数据）"


def table_name(rows: Sequence[IndicatorRow]) -> str:
    """The official name of the table ``rows`` make (国际影响表 for 高职's), or the generic
    name when they come from no known table or from more than one."""
    names = {OFFICIAL_TABLES.get(row.definition.report_family, GENERIC_TABLE) for row in rows}
    return names.pop() if len(names) == 1 else GENERIC_TABLE


class _Renumbered:
    """Notes numbered in the order their figures are read (row by row, left to right), though
    each year's figures were computed, and noted, apart."""

    def __init__(self) -> None:
        self.notes = Notes()

    def take(self, figure: Figure, source: Notes) -> Figure:
        if figure.note is None:
            return figure
        note = source.notes[figure.note - 1]
        number = len(self.notes.notes) + 1
        self.notes.notes.append(replace(note, number=number))
        return replace(figure, note=number)


def official_table(
    rows: Sequence[IndicatorRow],
    before: Mapping[str, IndicatorRow],
    *,
    year: int,
    notes: Notes,
    notes_before: Notes,
    title: str,
) -> tuple[Table, Notes]:
    """序号 | 指标 | 单位 | the year before | ``year``, and 估算口径 when any row has one; a row
    not in force the year before shows a dash there."""
    merged = _Renumbered()
    with_estimates = any(row.estimate is not None for row in rows)
    body: list[tuple[Inline, ...]] = []
    for index, row in enumerate(rows, start=1):
        unit = str(row.definition.get_unit_display())
        earlier = before.get(row.definition.code)
        cells: list[Inline] = [
            str(index),
            row.definition.name,
            unit,
            (
                merged.take(replace(earlier.value, unit=""), notes_before)
                if earlier is not None
                else NOT_IN_FORCE
            ),
            merged.take(replace(row.value, unit=""), notes),
        ]
        if with_estimates:
            cells.append(merged.take(row.estimate, notes) if row.estimate is not None else "")
        body.append(tuple(cells))
    headers: tuple[str, ...] = ("序号", "指标", "单位", f"{year - 1}年", f"{year}年")
    widths: tuple[int, ...] = (1, 8, 1, 2, 2)
    if with_estimates:
        headers += ("估算口径（未计入）",)
        widths += (3,)
    return Table(headers=headers, rows=tuple(body), title=title, widths=widths), merged.notes


def _with_table_estimates(rows: Sequence[IndicatorRow], table: Table) -> list[IndicatorRow]:
    """``rows`` with each estimate as the table's last column has it (its note renumbered)."""
    return [
        replace(row, estimate=cells[-1]) if isinstance(cells[-1], Figure) and row.estimate else row
        for row, cells in zip(rows, table.rows, strict=True)
    ]


def build_quality(
    *, access: Access, year: int, narratives: Mapping[str, str], today: dt.date
) -> Document:
    figures = year_figures(access=access, year=year)
    notes_of = Notes()
    rows = indicator_rows(access=access, figures=figures, notes=notes_of, official_only=True)
    if not rows:
        raise HezuoError(
            _(
                "%(year)s年没有适用的官方指标表，无法生成质量年报国际合作指标表。"
                "请在“指标”页面为该年度安装或沿用官方指标表后再生成。"
            )
            % {"year": year}
        )
    notes_before = Notes()
    before = {
        row.definition.code: row
        for row in indicator_rows(
            access=access,
            figures=year_figures(access=access, year=year - 1),
            notes=notes_before,
            official_only=True,
        )
    }
    name = table_name(rows)
    table, notes = official_table(
        rows, before, year=year, notes=notes_of, notes_before=notes_before, title=name
    )
    school = access.school
    identity = f"院校代码：{school.code}　院校名称：{school.name}" if school.code else ""
    blocks: list[Block] = [Paragraph((identity,), indent=False)] if identity else []
    blocks.append(table)
    blocks.extend(estimate_paragraphs(_with_table_estimates(rows, table)))
    review: list[Block] = []
    if figures.warnings:
        review.append(
            Entries(
                tuple((str(warning.kind.label), warning.message) for warning in figures.warnings)
            )
        )
    else:
        review.append(Paragraph(("未发现需要核对的事项。",)))
    (table_key, table_title), (review_key, review_title) = SECTIONS[ReportKind.QUALITY]
    return Document(
        kind=ReportKind.QUALITY,
        title=quality_title(year, name),
        school=access.school.name,
        period=f"数据年度：{year}年　报告年度：{year + 1}年",
        date=chinese_month(today),
        sections=(
            Section(
                table_key,
                str(table_title),
                paragraphs(narratives.get(table_key, "")) + tuple(blocks),
            ),
            Section(
                review_key,
                str(review_title),
                paragraphs(narratives.get(review_key, "")) + tuple(review),
                checking=True,
            ),
        ),
        notes=tuple(notes.notes),
    )
