"""A table's columns are as wide as its builder asks, but a short value (线上, 正常招生, a date)
and a header's first characters are never broken over lines, in PDF and in Word alike."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest
from docx.shared import Emu

from hezuo.binders.tests.pdfs import text
from hezuo.reports.document import (
    CELL_PADDING,
    TABLE_WIDTH,
    Document,
    Figure,
    Section,
    Table,
)
from hezuo.reports.kinds import ReportKind
from hezuo.reports.models import BuiltinTemplate
from hezuo.reports.rendering.pdf import render_report_pdf
from hezuo.reports.rendering.word import render_report_docx
from hezuo.reports.rendering.word_styles import TABLE_TEXT, effective_size
from hezuo.reports.templates import builtin_template, default_template

ACTIVITIES = Table(
    headers=("活动", "日期", "方式", "合作方", "人日"),
    rows=(
        (
            "专业教师与澳门科技大学线上交流培训",
            "2021年10月20日",
            "线上",
            "澳门科技大学",
            Figure("657", "人日"),
        ),
        ("第二十六届澳门国际贸易投资展览会及澳门校园招聘", "2021年7月5日", "线下", "", "—"),
    ),
    widths=(6, 2, 1, 4, 2),
)


def test_a_narrow_column_is_widened_to_its_short_values_and_the_rest_share_what_is_left() -> None:
    shares = ACTIVITIES.shares()
    assert sum(shares) == pytest.approx(1)
    assert shares[2] >= (4 + CELL_PADDING) / TABLE_WIDTH  # 线上 on one line
    assert shares[4] >= (7.5 + CELL_PADDING) / TABLE_WIDTH  # 657人日 on one line
    assert shares[0] == max(shares)  # the titles lack the most and are weighted most
    assert shares[1] >= (16.5 + CELL_PADDING) / TABLE_WIDTH  # 2021年10月20日 on one line


def test_every_line_whole_when_the_table_is_wide_enough() -> None:
    table = Table(headers=("项目", "说明"), rows=(("甲", "较长的说明文字" * 5),), widths=(1, 3))
    # The longest lines (7 and 73 digit widths with padding), the 6 left over by the weights.
    assert table.shares() == pytest.approx(((7 + 1.5) / 86, (73 + 4.5) / 86))


def test_too_many_columns_to_keep_whole_share_by_their_least() -> None:
    table = Table(headers=tuple("一二三四五六七八九十"), rows=(("正常招生",) * 10,))
    assert len(set(table.shares())) == 1 and sum(table.shares()) == pytest.approx(1)


def test_the_short_values_stay_whole_in_pdf_and_word(tmp_path: Path) -> None:
    document = Document(
        kind="annual",
        title="2021年合作办学情况报告",
        school="甲职业技术学院",
        period="2021年度",
        date="2022年1月",
        sections=(Section("exchanges", "一、国际交流合作", (ACTIVITIES,)),),
    )
    path = tmp_path / "report.pdf"
    path.write_bytes(render_report_pdf(document))
    lines = text(path).splitlines()
    assert any("线上" in line for line in lines) and any("线下" in line for line in lines)
    assert any("2021年10月20日" in line.replace(" ", "") for line in lines)
    word = docx.Document(
        io.BytesIO(render_report_docx(document, default_template(ReportKind.ANNUAL)))
    )
    grid = [column.width for column in word.tables[0].columns]
    assert grid[2] / sum(grid) >= (4 + CELL_PADDING) / TABLE_WIDTH - 0.001  # whole EMUs


def test_word_measures_the_columns_at_the_size_its_template_sets_cells_in() -> None:
    """The 公文 template sets cells larger than the PDF: its 状态 column is made wide enough
    for 正常招生 at that size, and the long columns wrap around it."""
    programmes = Table(
        headers=("项目名称", "办学形式", "合作方", "专业", "状态", "批准书编号"),
        rows=(
            (
                "UK NARIC 国际专业标准评估认证（包装策划与设计、光电技术应用）",
                "内地与港澳台合作办学",
                "英国国家学历学位评估认证中心（UK NARIC）",
                "智能机电技术",
                "正常招生",
                "PDE44HK3A20210001N",
            ),
        ),
        widths=(5, 3, 4, 2, 3, 3),
    )
    document = Document(
        kind="annual",
        title="2021年合作办学情况报告",
        school="甲职业技术学院",
        period="2021年度",
        date="2022年1月",
        sections=(Section("programmes", "一、合作办学", (programmes,)),),
    )
    template = builtin_template(ReportKind.ANNUAL, BuiltinTemplate.GONGWEN)
    word = docx.Document(io.BytesIO(render_report_docx(document, template)))
    size = effective_size(word, TABLE_TEXT)
    status = word.tables[0].columns[4].width
    assert Emu(status).pt >= (8 + CELL_PADDING) * size / 2 - 1  # four characters and padding
    assert size > 10  # larger than the PDF's cells: measured at the template's own size
