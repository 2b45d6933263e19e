"""质量年报 国际合作指标表: the official indicators in force for a year, every row listed (a zero
included, as the official table has it), each value with its records; then what a reviewer
should check before submitting (the indicator engine's warnings)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from hezuo.accounts.access import Access
from hezuo.reports.document import Block, Document, Entries, Notes, Paragraph, Section, paragraphs
from hezuo.reports.figures import estimate_paragraphs, indicator_rows, indicator_table, year_figures
from hezuo.reports.kinds import SECTIONS, ReportKind


def quality_title(year: int) -> str:
    return f"{year}年质量年报国际合作指标表"


def build_quality(
    *, access: Access, year: int, narratives: Mapping[str, str], today: dt.date
) -> Document:
    figures = year_figures(access=access, year=year)
    notes_of = Notes()
    rows = indicator_rows(access=access, figures=figures, notes=notes_of, official_only=True)
    table: list[Block] = []
    if rows:
        table.append(indicator_table(rows, title=f"国际合作指标（{year}年数据）"))
        table.extend(estimate_paragraphs(rows))
    else:
        table.append(Paragraph((f"{year}年没有适用的官方指标，请先在指标目录中安装。",)))
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
        title=quality_title(year),
        school=access.school.name,
        period=f"{year} 年度",
        date=f"{today.year} 年 {today.month} 月",
        sections=(
            Section(
                table_key,
                str(table_title),
                paragraphs(narratives.get(table_key, "")) + tuple(table),
            ),
            Section(
                review_key,
                str(review_title),
                paragraphs(narratives.get(review_key, "")) + tuple(review),
            ),
        ),
        notes=tuple(notes_of.notes),
    )
