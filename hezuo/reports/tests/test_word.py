"""Office-grade Word: a report marked as Simplified Chinese, written only in named styles so that
the template governs every paragraph and table cell, and the 公文 template close to
GB/T 9704-2012 — read back with python-docx, converted by LibreOffice and looked at."""

from __future__ import annotations

import io
import subprocess
from collections.abc import Callable
from pathlib import Path

import docx
import pikepdf
import pytest
from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.styles.style import CharacterStyle
from docx.text.paragraph import Paragraph as DocxParagraph
from lxml import etree  # type: ignore[import-untyped]

from hezuo.accounts.access import system_access
from hezuo.binders.plan import scope_for
from hezuo.binders.tests.pdfs import text
from hezuo.files.conversion import office_to_pdf
from hezuo.files.sniffing import FileType
from hezuo.reports.building import ReportScope, render, report_document
from hezuo.reports.kinds import ReportKind
from hezuo.reports.models import ReportEdition, ReportFormat
from hezuo.reports.templates import (
    default_template,
    gongwen_template,
    template_check,
)
from hezuo.reports.tests.documents import docx_text, sample_document, squeeze
from tests.office import soffice

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
ARTIFACTS = Path(__file__).resolve().parents[3] / "artifacts" / "screenshots"


def school_template() -> bytes:
    """A school's own template made in Word: only its 正文 is set, 仿宋 三号 with the first
    line indented two characters; it names none of the styles a report uses."""
    document = docx.Document()
    normal = document.styles["Normal"]
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme"):
        fonts.attrib.pop(qn(theme), None)
    fonts.set(qn("w:eastAsia"), "仿宋")
    normal.font.size = Pt(16)
    indent = normal.element.get_or_add_pPr().get_or_add_ind()
    indent.set(qn("w:firstLineChars"), "200")
    for name in [style.name for style in document.styles]:
        # A template made in Word defines only the styles it uses.
        if name not in {"Normal", "Default Paragraph Font", "Normal Table", "No List"}:
            found = document.styles[name]
            found.element.getparent().remove(found.element)
    document.add_paragraph("{{ title }}")
    document.add_paragraph("{{p body }}")
    document.add_paragraph("{{p notes }}")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


TEMPLATES: dict[str, Callable[[], bytes]] = {
    "plain": lambda: default_template(ReportKind.ANNUAL),
    "gongwen": lambda: gongwen_template(ReportKind.ANNUAL),
    "school": school_template,
}


def rendered(template: bytes, edition: str = ReportEdition.CHECKING) -> DocxDocument:
    data = render(sample_document(), ReportFormat.DOCX, template=template, edition=edition).data
    return docx.Document(io.BytesIO(data))


def every_paragraph(document: DocxDocument) -> list[DocxParagraph]:
    found = list(document.paragraphs)
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                found.extend(cell.paragraphs)
    return found


def cell_paragraphs(document: DocxDocument) -> list[DocxParagraph]:
    return [
        paragraph
        for table in document.tables
        for row in table.rows
        for cell in row.cells
        for paragraph in cell.paragraphs
    ]


def along_chain(style: CharacterStyle | None, read: Callable[[CharacterStyle], object]) -> object:
    """The first value ``read`` finds along ``style``'s chain of bases (None: none sets it)."""
    while style is not None:
        value = read(style)
        if value is not None:
            return value
        base = style.base_style
        style = base if isinstance(base, CharacterStyle) else None
    return None


def style_name(paragraph: DocxParagraph) -> str:
    return "" if paragraph.style is None else str(paragraph.style.name)


def style_size(style: CharacterStyle) -> float | None:
    size = style.font.size
    return None if size is None else size.pt


def style_chinese_font(style: CharacterStyle) -> str | None:
    properties = style.element.rPr
    fonts = None if properties is None else properties.rFonts
    return None if fonts is None else fonts.get(qn("w:eastAsia"))


def style_first_line_chars(style: CharacterStyle) -> int | None:
    properties = style.element.pPr
    indent = None if properties is None else properties.ind
    found = None if indent is None else indent.get(qn("w:firstLineChars"))
    return None if found is None else int(found)


def effective(paragraph: DocxParagraph, read: Callable[[CharacterStyle], object]) -> object:
    return along_chain(paragraph.style, read)


def assert_chinese(document: DocxDocument) -> None:
    language = document.styles.element.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
    assert language is not None
    assert (language.get(f"{W}val"), language.get(f"{W}eastAsia")) == ("zh-CN", "zh-CN")
    theme = document.settings.element.find(f"{W}themeFontLang")
    assert theme is not None and theme.get(f"{W}eastAsia") == "zh-CN"


def assert_no_direct_formatting(document: DocxDocument) -> None:
    """No run or paragraph of the body sets a font, size, spacing, indent or alignment."""
    body = document.element.body
    for run_properties in body.iter(f"{W}rPr"):
        if run_properties.getparent().tag != f"{W}r":
            continue
        tags = {etree.QName(child).localname for child in run_properties}
        assert not tags & {"sz", "szCs", "spacing", "rFonts", "i"}, tags
    for paragraph_properties in body.iter(f"{W}pPr"):
        tags = {etree.QName(child).localname for child in paragraph_properties}
        assert not tags & {"spacing", "ind", "jc"}, tags


def assert_in_fangsong_sanhao(document: DocxDocument) -> None:
    """Every paragraph with text, table cells included, is set in 仿宋 16 pt by its style."""
    for paragraph in every_paragraph(document):
        if paragraph.text.strip():
            assert effective(paragraph, style_size) == 16, (paragraph.text, style_name(paragraph))
            assert effective(paragraph, style_chinese_font) == "仿宋", paragraph.text


@pytest.mark.parametrize("name", sorted(TEMPLATES))
def test_the_docx_is_marked_as_simplified_chinese(name: str) -> None:
    assert_chinese(rendered(TEMPLATES[name]()))


@pytest.mark.parametrize("edition", list(ReportEdition))
@pytest.mark.parametrize("name", sorted(TEMPLATES))
def test_the_renderer_sets_no_size_spacing_or_indent_of_its_own(name: str, edition: str) -> None:
    document = rendered(TEMPLATES[name](), edition)
    assert_no_direct_formatting(document)
    body = document.element.body
    bold = [run.text for run in body.iter(f"{W}r") if run.find(f"{W}rPr/{W}b") is not None]
    # Bold only for a figure that leads to its note, in the checking edition.
    expected = ["570人日", "570人日", "3125人日（估算口径，未计入统计）"]
    assert bold == (expected if edition == ReportEdition.CHECKING else [])


@pytest.mark.parametrize("edition", list(ReportEdition))
def test_a_school_template_in_fangsong_sanhao_governs_every_paragraph_and_table_cell(
    edition: str,
) -> None:
    document = rendered(school_template(), edition)
    cells = [p for p in cell_paragraphs(document) if p.text.strip()]
    assert len(cells) >= 6  # the header row and one row of three cells
    assert_in_fangsong_sanhao(document)
    prose = [p for p in document.paragraphs if p.text.startswith("学生境外交流培训")]
    assert [style_name(p) for p in prose] == ["Normal"]
    assert effective(prose[0], style_first_line_chars) == 200
    # A table cell has no first-line indent; its text is the 正文's type all the same.
    assert {style_name(p) for p in cells} == {"表格表头", "表格文字"}
    assert all(effective(p, style_first_line_chars) == 0 for p in cells)
    titles = [p for p in document.paragraphs if p.text == "主要数据"]
    assert [style_name(p) for p in titles] == ["Caption"]
    table_style = document.tables[0].style
    assert table_style is not None and table_style.name == "Table Grid"
    assert {style_name(p) for p in document.paragraphs if p.text in {"一、合作办学", "小结"}} == {
        "Heading 1",
        "Heading 2",
    }


def test_the_template_governs_the_table_text_when_it_defines_it() -> None:
    template = docx.Document(io.BytesIO(school_template()))
    table_text = template.styles.add_style("表格文字", WD_STYLE_TYPE.PARAGRAPH)
    table_text.base_style = template.styles["Normal"]
    table_text.font.size = Pt(12)
    out = io.BytesIO()
    template.save(out)
    document = rendered(out.getvalue())
    data_cells = [p for p in cell_paragraphs(document) if style_name(p) == "表格文字"]
    assert data_cells
    assert all(effective(p, style_size) == 12 for p in data_cells)
    headers = [p for p in cell_paragraphs(document) if style_name(p) == "表格表头"]
    assert all(effective(p, style_size) == 12 for p in headers)  # based on 表格文字


def test_the_gongwen_template_is_set_as_gb_t_9704() -> None:
    template_check(ReportKind.ANNUAL, gongwen_template(ReportKind.ANNUAL))
    document = rendered(gongwen_template(ReportKind.ANNUAL), ReportEdition.SUBMISSION)
    section = document.sections[0]
    mm = {
        name: round(getattr(section, name).mm)
        for name in (
            "page_width",
            "page_height",
            "top_margin",
            "bottom_margin",
            "left_margin",
            "right_margin",
        )
    }
    assert mm == {
        "page_width": 210,
        "page_height": 297,
        "top_margin": 37,
        "bottom_margin": 35,
        "left_margin": 28,
        "right_margin": 26,
    }
    styles = document.styles
    normal = styles["Normal"]
    assert (style_chinese_font(normal), style_size(normal)) == ("仿宋_GB2312", 16)
    assert normal.paragraph_format.line_spacing == Pt(28.95)
    assert style_first_line_chars(normal) == 200
    assert (style_chinese_font(styles["Title"]), style_size(styles["Title"])) == (
        "方正小标宋简体",
        22,
    )
    assert style_chinese_font(styles["Heading 1"]) == "黑体"
    assert style_chinese_font(styles["Heading 2"]) == "楷体_GB2312"
    assert along_chain(styles["Heading 1"], style_size) == 16
    # Page numbers "— n —" in 宋体 四号, outside: odd pages right, even pages left.
    assert document.settings.odd_and_even_pages_header_footer
    odd, even = section.footer.paragraphs[0], section.even_page_footer.paragraphs[0]
    for footer in (odd, even):
        assert footer.text.startswith("— ") and footer.text.endswith(" —")
        assert "PAGE" in footer._p.xml
        assert (style_chinese_font(footer.style), style_size(footer.style)) == ("宋体", 14)
    assert (odd.alignment, even.alignment) == (WD_ALIGN_PARAGRAPH.RIGHT, WD_ALIGN_PARAGRAPH.LEFT)
    # Where 仿宋_GB2312 or 方正小标宋简体 is missing, Word takes the font the table names.
    fonts = etree.fromstring(document.part.part_related_by(RELATIONSHIP_TYPE.FONT_TABLE).blob)
    alternatives = {
        font.get(f"{W}name"): font.find(f"{W}altName").get(f"{W}val")
        for font in fonts
        if font.find(f"{W}altName") is not None
    }
    assert alternatives["仿宋_GB2312"] == "仿宋"
    assert alternatives["方正小标宋简体"] == "黑体"
    template = gongwen_template(ReportKind.ANNUAL)
    content = docx_text(render(sample_document(), ReportFormat.DOCX, template=template).data)
    assert "示例职业技术学院\n2026年11月" in content  # 落款: the school and the date


def test_libreoffice_sets_the_gongwen_docx_on_a4_in_the_free_fallback_fonts(
    tmp_path: Path,
) -> None:
    soffice()  # skips where LibreOffice is not installed
    data = render(
        sample_document(),
        ReportFormat.DOCX,
        template=gongwen_template(ReportKind.ANNUAL),
        edition=ReportEdition.SUBMISSION,
    ).data
    pdf = tmp_path / "gongwen.pdf"
    pdf.write_bytes(office_to_pdf(data, FileType.DOCX))
    with pikepdf.open(pdf) as opened:
        box = [round(float(value)) for value in opened.pages[0].mediabox]
        fonts = {
            str(font.get("/BaseFont"))
            for page in opened.pages
            for font in page.resources.get("/Font", {}).values()
        }
    assert box == [0, 0, 595, 842]
    assert any("NotoSerifCJK" in font for font in fonts), fonts  # 仿宋_GB2312's fallback
    content = squeeze(text(pdf))
    assert "2021年合作办学情况报告" in content
    assert "学生境外交流培训570人日。" in content
    assert "—1—" in content
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    # Page 1 as a reader sees it, kept with the other screenshots.
    page = ARTIFACTS / "report-docx-gongwen"
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-singlefile", str(pdf), str(page)],
        check=True,
        timeout=60,
    )
    assert page.with_suffix(".png").stat().st_size > 0


@pytest.mark.django_db
@pytest.mark.parametrize("kind", list(ReportKind))
def test_every_report_of_a_demo_school_is_in_chinese_and_in_the_schools_fangsong(
    demo: object, kind: ReportKind
) -> None:
    if kind == ReportKind.COMPLETION:
        access = system_access(school="shenzhen-longgang")
        scope = scope_for(access=access, task_code="9.2", project_id=None, year=None)
        request = ReportScope(kind, scope=scope)
    else:
        access = system_access(school="zhongshan-torch")
        request = ReportScope(kind, year=2021)
    document = report_document(access=access, request=request)
    for edition in ReportEdition:
        data = render(document, ReportFormat.DOCX, template=school_template(), edition=edition)
        written = docx.Document(io.BytesIO(data.data))
        assert_chinese(written)
        assert_no_direct_formatting(written)
        assert_in_fangsong_sanhao(written)
