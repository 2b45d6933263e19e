"""The PDF is set as a document an office hands in: a table's caption never stands alone at the
foot of a page, whatever comes before it."""

from __future__ import annotations

import pypdfium2

from hezuo.reports.building import render
from hezuo.reports.document import Document, Paragraph, Section, Table
from hezuo.reports.models import ReportFormat

CAPTION = "合作办学项目一览"


def _document(filler: int) -> Document:
    blocks = [
        Paragraph((f"第{n}段：学校与合作方开展交流，记录见附件。" * 3,)) for n in range(filler)
    ]
    table = Table(
        headers=("项目名称", "状态"),
        rows=tuple((f"项目{n}", "正常招生") for n in range(6)),
        title=CAPTION,
    )
    return Document(
        kind="annual",
        title="版式测试",
        school="甲职业技术学院",
        period="2021年度",
        date="2026年11月",
        sections=(Section("programmes", "一、合作办学", (*blocks, table)),),
    )


def _page_of(pdf: pypdfium2.PdfDocument, text: str) -> int:
    for number in range(len(pdf)):
        if text in "".join(pdf[number].get_textpage().get_text_range().split()):
            return number
    raise AssertionError(f"{text} not found")


def test_a_caption_stays_with_its_table_wherever_the_page_breaks() -> None:
    pages_seen = set()
    for filler in range(20, 36):  # moves the table down the page, past a page break
        data = render(_document(filler), ReportFormat.PDF).data
        with pypdfium2.PdfDocument(data) as pdf:
            caption, first_row = _page_of(pdf, CAPTION), _page_of(pdf, "项目0")
            pages_seen.add(caption)
            assert caption == first_row, f"{filler} paragraphs: the caption is alone on a page"
    assert len(pages_seen) > 1, "the fillers pushed the table onto the next page"


def test_numbers_are_set_close_to_the_chinese_around_them() -> None:
    """2021年度, not 2021 年度: no space is added between Chinese and a number, as Chinese is
    set (typst would add a quarter em), so the text read back has none either."""
    data = render(_document(1), ReportFormat.PDF).data
    with pypdfium2.PdfDocument(data) as pdf:
        text = pdf[0].get_textpage().get_text_range()
    assert "2021年度" in text and "第0段" in text and "项目0" in text
