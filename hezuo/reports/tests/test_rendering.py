"""The three renderers and the Word templates, read back by python-docx, LibreOffice, poppler,
qpdf and openpyxl."""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

import docx
import openpyxl
import pikepdf
import pytest
from docx.oxml.ns import qn

from hezuo.binders.tests.pdfs import qpdf_check, text
from hezuo.core.errors import HezuoError
from hezuo.reports.building import render
from hezuo.reports.document import Notes, Paragraph, Section, Source
from hezuo.reports.kinds import ReportKind
from hezuo.reports.models import ReportFormat
from hezuo.reports.templates import default_template, placeholders, template_check
from hezuo.reports.tests.documents import docx_text, sample_document, squeeze
from tests.office import convert


def edited(template: bytes, *, add: str = "", replace: tuple[str, str] | None = None) -> bytes:
    """``template`` as an office would change it in Word."""
    document = docx.Document(io.BytesIO(template))
    if replace is not None:
        for paragraph in document.paragraphs:
            if paragraph.text == replace[0]:
                for run in paragraph.runs[1:]:
                    run.text = ""
                paragraph.runs[0].text = replace[1]
    if add:
        document.paragraphs[1].insert_paragraph_before(add)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.mark.parametrize("kind", list(ReportKind))
def test_each_default_template_passes_its_own_check(kind: ReportKind) -> None:
    template_check(kind, default_template(kind))


def test_the_pdf_passes_qpdf_and_reads_back_with_every_figure(tmp_path: Path) -> None:
    path = tmp_path / "report.pdf"
    rendered = render(sample_document(), ReportFormat.PDF)
    path.write_bytes(rendered.data)
    assert qpdf_check(path).returncode == 0
    content = squeeze(text(path))
    assert "学生境外交流培训570人日[1]" in content
    assert "3125人日（估算口径，未计入统计）[2]" in content
    assert "— 1 —".replace(" ", "") in content  # the page number
    assert rendered.pages == 1


def test_the_pdf_links_each_figure_to_its_note_and_each_record_to_hezuo(tmp_path: Path) -> None:
    rendered = render(sample_document(), ReportFormat.PDF)
    with pikepdf.open(io.BytesIO(rendered.data)) as pdf:
        uris, internal = [], 0
        for page in pdf.pages:
            for annotation in page.get("/Annots", []):
                action = annotation.get("/A")
                if action is not None and action.get("/URI") is not None:
                    uris.append(str(action.URI))
                elif annotation.get("/Dest") is not None or action is not None:
                    internal += 1
        assert pdf.docinfo["/Title"] == "2021年合作办学情况报告"
    assert uris == ["http://hezuo.example/s/x/activities/1/"]
    assert internal >= 3  # [1] in the text and the table, [2] in the table


def test_the_docx_opens_in_word_readers_with_every_figure(tmp_path: Path) -> None:
    path = tmp_path / "report.docx"
    path.write_bytes(render(sample_document(), ReportFormat.DOCX).data)
    content = docx_text(path)
    assert "2021年合作办学情况报告" in content
    assert "学生境外交流培训570人日[1]。" in content
    assert "3125人日（估算口径，未计入统计）[2]" in content
    assert "[1] 学生境外交流培训（人日）：570人日" in content
    converted = convert(path, "pdf", tmp_path)
    assert "3125人日（估算口径，未计入统计）" in squeeze(text(converted[0]))


def test_the_docx_sets_chinese_in_songti_and_headings_in_heiti() -> None:
    document = docx.Document(io.BytesIO(render(sample_document(), ReportFormat.DOCX).data))
    fonts = {
        style.name: style.element.rPr.rFonts.get(
            "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia"
        )
        for style in document.styles
        if style.name in {"Normal", "Heading 1"}
    }
    assert fonts == {"Normal": "宋体", "Heading 1": "黑体"}
    section = document.sections[0]
    assert section.page_width is not None and section.page_height is not None
    assert (round(section.page_width.cm), round(section.page_height.cm)) == (21, 30)
    assert "PAGE" in section.footer._element.xml


def test_an_edited_template_round_trips() -> None:
    template = edited(
        default_template(ReportKind.ANNUAL),
        add="{{ school }}国际交流与合作处 编制",
        replace=("{{p body }}", "{{p exchanges }}"),
    )
    template_check(ReportKind.ANNUAL, template)
    content = docx_text(render(sample_document(), ReportFormat.DOCX, template=template).data)
    assert "示例职业技术学院国际交流与合作处 编制" in content
    assert "二、国际交流合作" in content
    assert "一、合作办学" not in content  # the office placed only that section


def test_a_template_with_an_unknown_placeholder_is_rejected_with_its_name() -> None:
    template = edited(default_template(ReportKind.ANNUAL), add="{{ principal }} {{ title }}")
    with pytest.raises(HezuoError) as caught:
        template_check(ReportKind.ANNUAL, template)
    assert "principal" in caught.value.message
    assert "title" not in caught.value.message.split("可用的占位符")[0]


def test_a_section_placeholder_of_another_report_is_unknown() -> None:
    template = edited(default_template(ReportKind.QUALITY), add="{{p exchanges }}")
    with pytest.raises(HezuoError, match="exchanges"):
        template_check(ReportKind.QUALITY, template)
    assert "exchanges" in placeholders(ReportKind.ANNUAL)


def test_a_broken_placeholder_is_rejected() -> None:
    template = edited(default_template(ReportKind.ANNUAL), add="{{ title ")
    with pytest.raises(HezuoError, match="占位符写法有误"):
        template_check(ReportKind.ANNUAL, template)


def test_a_file_that_is_not_a_word_document_is_rejected() -> None:
    with pytest.raises(HezuoError, match=r"不是有效的 Word 文档"):
        template_check(ReportKind.ANNUAL, b"%PDF-1.7 not a template")


def test_a_template_cannot_reach_python_objects() -> None:
    template = edited(default_template(ReportKind.ANNUAL), add="X{{ title.__class__ }}X")
    template_check(ReportKind.ANNUAL, template)
    content = docx_text(render(sample_document(), ReportFormat.DOCX, template=template).data)
    assert "XX" in content
    assert "class" not in content


def test_the_xlsx_has_each_table_as_numbers_and_every_record_behind_them(tmp_path: Path) -> None:
    path = tmp_path / "report.xlsx"
    path.write_bytes(render(sample_document(), ReportFormat.XLSX).data)
    book = openpyxl.load_workbook(path)
    # 一、合作办学 states its figure in a sentence only, and its builder made no table of it.
    assert book.sheetnames == ["主要数据", "数据来源"]
    table = book["主要数据"]
    assert [cell.value for cell in table[1]] == ["指标", "数值（人日）", "估算（人日）", "数据来源"]
    assert [cell.value for cell in table[2]] == ["学生境外交流培训", 570, 3125, "[1]、[2]"]
    assert table["C2"].number_format == '0"（估算口径，未计入统计）"'
    notes = book["数据来源"]
    names = [cell.value for cell in notes[1]]
    assert notes.cell(2, names.index("记录") + 1).value == "台湾朝阳科技大学线上研习营"
    link = notes.cell(2, names.index("链接") + 1)
    assert link.hyperlink is not None
    assert link.hyperlink.target == "http://hezuo.example/s/x/activities/1/"
    converted = convert(path, "csv", tmp_path)
    assert "570" in converted[0].read_text()


def test_every_docx_link_leads_to_its_records_page_each_address_related_once() -> None:
    notes = Notes()
    figures = [
        notes.figure(
            str(number),
            unit="人日",
            what=f"第 {number} 项",
            sources=tuple(
                Source(
                    kind="交流活动", title=f"活动 {record}", url=f"http://hezuo.example/a/{record}/"
                )
                for record in (number, number + 1)  # neighbours share an address
            ),
        )
        for number in range(1, 41)
    ]
    document = replace(
        sample_document(),
        sections=(Section("exchanges", "二、国际交流合作", (Paragraph(tuple(figures)),)),),
        notes=tuple(notes.notes),
    )
    data = render(document, ReportFormat.DOCX).data
    word = docx.Document(io.BytesIO(data))
    part = word.part
    external = {rid: rel.target_ref for rid, rel in part.rels.items() if rel.is_external}
    assert sorted(external.values()) == sorted(f"http://hezuo.example/a/{n}/" for n in range(1, 42))
    linked = []
    for link in part.element.body.iter(qn("w:hyperlink")):
        rid = link.get(qn("r:id"))
        if rid is not None:
            shown = "".join(text.text or "" for text in link.iter(qn("w:t")))
            linked.append((shown, external[rid]))
    assert len(linked) == 80
    assert all(url == f"http://hezuo.example/a/{shown.split()[1]}/" for shown, url in linked)
