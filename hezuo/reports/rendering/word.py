"""The DOCX renderer: the document written into a Word template (docxtpl).

A template is an ordinary .docx holding the page set-up, the styles, header and footer and
placeholders (``{{ title }}``, ``{{p body }}`` …, listed in ``hezuo.reports.templates``). Each
section, the whole body and the notes are rendered as sub-documents with python-docx in the
template's own styles, so a school that changes a style in Word changes the report. Templates
are rendered in Jinja's sandbox with escaping on: a template is data an office uploads, not code.
"""

from __future__ import annotations

from io import BytesIO

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph as DocxParagraph
from docxtpl import DocxTemplate
from docxtpl.subdoc import Subdoc
from jinja2.sandbox import SandboxedEnvironment

from hezuo.reports.document import (
    Block,
    Document,
    Entries,
    Figure,
    Heading,
    Inline,
    Paragraph,
    Section,
    Table,
)

TEXT_WIDTH_CM = 15.8  # A4 less the default template's margins


def note_anchor(number: int) -> str:
    return f"note_{number}"


def render_report_docx(document: Document, template: bytes) -> bytes:
    tpl = DocxTemplate(BytesIO(template))
    used = tpl.get_undeclared_template_variables(jinja_env=SandboxedEnvironment())
    writer = _Writer(tpl)
    context: dict[str, object] = {
        "title": document.title,
        "school": document.school,
        "period": document.period,
        "date": document.date,
        "notes_title": document.notes_title,
    }
    # Only what the template places is written (each sub-document costs as much as its text).
    if "body" in used:
        context["body"] = writer.sections(document.sections)
    if "notes" in used:
        context["notes"] = writer.notes(document)
    for section in document.sections:
        if section.key in used:
            context[section.key] = writer.sections((section,))
    tpl.render(context, jinja_env=SandboxedEnvironment(autoescape=True), autoescape=True)
    out = BytesIO()
    tpl.save(out)
    return out.getvalue()


class _Writer:
    def __init__(self, tpl: DocxTemplate) -> None:
        self.tpl = tpl
        # Styles by name, looked up once (python-docx searches the styles part on every name).
        self.styles = {style.name: style for style in tpl.get_docx().styles}

    def _paragraph(self, sub: Subdoc, style: str | None = None) -> DocxParagraph:
        paragraph: DocxParagraph = sub.add_paragraph()
        if style is not None and style in self.styles:
            paragraph.style = self.styles[style]
        return paragraph

    def _heading(self, sub: Subdoc, text: str, level: int) -> None:
        name = f"Heading {level}"
        paragraph = self._paragraph(sub, name)
        run = paragraph.add_run(text)
        if name not in self.styles:  # a template without heading styles still shows headings
            run.bold = True
            run.font.size = Pt(15 if level == 1 else 13)

    def sections(self, sections: tuple[Section, ...]) -> Subdoc:
        sub = self.tpl.new_subdoc()
        for section in sections:
            self._heading(sub, section.title, 1)
            for block in section.blocks:
                self._block(sub, block)
        return sub

    def _block(self, sub: Subdoc, block: Block) -> None:
        if isinstance(block, Heading):
            self._heading(sub, block.text, min(block.level, 3))
        elif isinstance(block, Paragraph):
            paragraph = self._paragraph(sub)
            if block.indent:
                paragraph.paragraph_format.first_line_indent = Pt(24)
            for part in block.parts:
                self._inline(paragraph, part)
        elif isinstance(block, Table):
            self._table(sub, block)
        elif isinstance(block, Entries):
            for label, text in block.rows:
                paragraph = self._paragraph(sub)
                paragraph.paragraph_format.left_indent = Pt(24)
                paragraph.add_run(label).bold = True
                paragraph.add_run(f"　{text}")

    def _inline(self, paragraph: DocxParagraph, part: Inline, size: Pt | None = None) -> None:
        if isinstance(part, str):
            run = paragraph.add_run(part)
            if size is not None:
                run.font.size = size
            return
        run = paragraph.add_run(_figure_text(part))
        run.bold = part.note is not None  # a figure that leads to its note stands out
        if size is not None:
            run.font.size = size
        if part.note is not None:
            _hyperlink(paragraph, f"[{part.note}]", anchor=note_anchor(part.note), superscript=True)

    def _table(self, sub: Subdoc, block: Table) -> None:
        if block.title:
            title = self._paragraph(sub)
            title.alignment = WD_ALIGN_PARAGRAPH.CENTER
            title.add_run(block.title).bold = True
        table: DocxTable = sub.add_table(rows=1 + len(block.rows), cols=len(block.headers))
        _borders(table)
        widths = block.widths or (1,) * len(block.headers)
        scale = TEXT_WIDTH_CM / sum(widths)
        table.autofit = False
        for column, width in zip(table.columns, widths, strict=True):
            column.width = Cm(width * scale)  # the grid, which LibreOffice follows
        small = Pt(10.5)
        for row_index, row in enumerate((block.headers, *block.rows)):
            cells = table.rows[row_index].cells
            for column, value in enumerate(row):
                cell = cells[column]
                cell.width = Cm(widths[column] * scale)
                paragraph = cell.paragraphs[0]
                paragraph.paragraph_format.line_spacing = 1.0
                if row_index == 0:
                    run = paragraph.add_run(str(value))
                    run.bold = True
                    run.font.size = small
                else:
                    self._inline(paragraph, value, size=small)
        if table.rows:
            _repeat_header(table)

    def notes(self, document: Document) -> Subdoc:
        sub = self.tpl.new_subdoc()
        if not document.notes:
            return sub
        self._heading(sub, document.notes_title, 1)
        small = Pt(9.5)
        for note in document.notes:
            paragraph = self._paragraph(sub)
            paragraph.paragraph_format.space_before = Pt(6)
            run = paragraph.add_run(f"[{note.number}] {note.label}：{note.value}")
            run.bold = True
            run.font.size = small
            _bookmark(paragraph, note_anchor(note.number), note.number)
            if note.remark:
                remark = self._paragraph(sub)
                remark.add_run(note.remark).font.size = small
            for source in note.sources:
                line = self._paragraph(sub)
                line.paragraph_format.left_indent = Pt(24)
                line.add_run(f"{source.kind}｜").font.size = small
                if source.url:
                    _hyperlink(line, source.title, url=source.url, size=small)
                else:
                    line.add_run(source.title).font.size = small
                tail = f"（{source.detail}）" if source.detail else ""
                if source.evidence:
                    tail += "　佐证材料：" + "、".join(source.evidence)
                if tail:
                    line.add_run(tail).font.size = small
        return sub


def _figure_text(figure: Figure) -> str:
    return figure.plain()


def _hyperlink(
    paragraph: DocxParagraph,
    text: str,
    *,
    anchor: str = "",
    url: str = "",
    superscript: bool = False,
    size: Pt | None = None,
) -> None:
    """A link inside the document (``anchor``, a bookmark name) or to a web page (``url``)."""
    link = OxmlElement("w:hyperlink")
    if anchor:
        link.set(qn("w:anchor"), anchor)
    else:
        relation = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
        link.set(qn("r:id"), relation)
    run = OxmlElement("w:r")
    properties = OxmlElement("w:rPr")
    colour = OxmlElement("w:color")
    colour.set(qn("w:val"), "1F4E9C")
    properties.append(colour)
    if superscript:
        align = OxmlElement("w:vertAlign")
        align.set(qn("w:val"), "superscript")
        properties.append(align)
    if size is not None:
        half_points = OxmlElement("w:sz")
        half_points.set(qn("w:val"), str(int(size.pt * 2)))
        properties.append(half_points)
    run.append(properties)
    text_element = OxmlElement("w:t")
    text_element.text = text
    text_element.set(qn("xml:space"), "preserve")
    run.append(text_element)
    link.append(run)
    paragraph._p.append(link)


def _bookmark(paragraph: DocxParagraph, name: str, number: int) -> None:
    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), str(number))
    start.set(qn("w:name"), name)
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), str(number))
    paragraph._p.insert(0, start)
    paragraph._p.append(end)


def _borders(table: DocxTable) -> None:
    """Single lines round every cell, set on the table itself so no template style is needed."""
    properties = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "single")
        element.set(qn("w:sz"), "4")
        element.set(qn("w:space"), "0")
        element.set(qn("w:color"), "000000")
        borders.append(element)
    properties.append(borders)


def _repeat_header(table: DocxTable) -> None:
    row_properties = table.rows[0]._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    row_properties.append(header)
