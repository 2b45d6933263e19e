"""质量年报 国际合作指标表: the official indicators in force for a year, every row listed (a zero
included, as the official table has it), each value with its records; then, in the 核对版 only,
what a reviewer should check before submitting (the indicator engine's warnings). A year with
no official table installed is refused, never printed as an empty table."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.utils.translation import gettext as _

from hezuo.accounts.access import Access
from hezuo.core.chinese import chinese_month
from hezuo.core.errors import HezuoError
from hezuo.reports.document import Block, Document, Entries, Notes, Paragraph, Section, paragraphs
from hezuo.reports.figures import estimate_paragraphs, indicator_rows, indicator_table, year_figures
from hezuo.reports.kinds import SECTIONS, ReportKind


def quality_title(year: int) -> str:
    """The table of ``year``'s data, which the next year's quality report (质量年报) carries."""
    return f"{year + 1}年质量年报国际合作指标表（{year}年数据）"


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
    table: list[Block] = [indicator_table(rows, title=f"国际合作指标（{year}年数据）")]
    table.extend(estimate_paragraphs(rows))
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
        period=f"数据年度：{year}年　报告年度：{year + 1}年",
        date=chinese_month(today),
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
                checking=True,
            ),
        ),
        notes=tuple(notes_of.notes),
    )
