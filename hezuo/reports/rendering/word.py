"""The DOCX renderer: the document written into a Word template (docxtpl).

A template is an ordinary .docx holding the page set-up, the styles, header and footer and
placeholders (``{{ title }}``, ``{{p body }}`` …, listed in ``hezuo.reports.templates``). Each
section, the whole body and the notes are rendered as sub-documents with python-docx. Every
paragraph is written in a named style of the template (``word_styles``: 正文, 标题 1–3, 题注,
表格文字, 数据来源 …) and every table in its table style, with no font, size, indent or spacing
of its own, so the template governs the whole report, tables included; the only emphasis set
here is a figure's bold where it leads to its note (the 核对版). The document is marked as
Simplified Chinese. Templates are rendered in Jinja's sandbox with escaping on: a template is
data an office uploads, not code.
"""

from __future__ import annotations

from io import BytesIO

from docx.document import Document as DocxDocument
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.opc.part import Part
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Emu, Length
from docx.styles.style import ParagraphStyle
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
from hezuo.reports.rendering.word_styles import (
    BODY,
    BODY_FLUSH,
    CAPTION,
    ENTRY,
    HEADINGS,
    NOTE,
    NOTE_SOURCE,
    TABLE,
    TABLE_HEADER,
    TABLE_TEXT,
    effective_size,
    ensure_styles,
    set_chinese,
)

TEXT_WIDTH_CM = 15.8  # A4 less 2.6 cm each side, where a template gives no page set-up


def note_anchor(number: int) -> str:
    return f"note_{number}"


def render_report_docx(document: Document, template: bytes) -> bytes:
    tpl = DocxTemplate(BytesIO(template))
    used = tpl.get_undeclared_template_variables(jinja_env=SandboxedEnvironment())
    target = tpl.get_docx()
    set_chinese(target)
    writer = _Writer(tpl, ensure_styles(target), _text_width(target))
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


def _text_width(document: DocxDocument) -> Length:
    """The width between the margins of the template's first page."""
    section = document.sections[0]
    width, left, right = section.page_width, section.left_margin, section.right_margin
    if width is None or left is None or right is None or width - left - right <= 0:
        return Cm(TEXT_WIDTH_CM)
    return Emu(width - left - right)


class _Writer:
    def __init__(self, tpl: DocxTemplate, styles: dict[str, ParagraphStyle], width: Length) -> None:
        self.tpl = tpl
        self.styles = styles  # by name, looked up once (python-docx searches on every name)
        self.width = width
        # The text's width in digit widths (half a character) at the size cells are set in.
        self.table_digits = Emu(width).pt / (effective_size(tpl.get_docx(), TABLE_TEXT) / 2)
        self.addresses = _Addresses()

    def _subdoc(self) -> Subdoc:
        """A sub-document whose body ends with its last paragraph: its section properties,
        which docxtpl leaves out when it renders, taken off now."""
        sub = self.tpl.new_subdoc()
        body = sub.subdocx.element.body
        if body.sectPr is not None:
            body.remove(body.sectPr)
        return sub

    def _paragraph(self, sub: Subdoc, style: str) -> DocxParagraph:
        """A paragraph at the end of ``sub`` in ``style``. python-docx's ``add_paragraph``
        looks through the whole body for where to put it, so a long report's notes took time
        growing with the square of their number: appended here."""
        body = sub.subdocx._body
        element = OxmlElement("w:p")
        body._element.append(element)
        paragraph = DocxParagraph(element, body)
        _set_style(paragraph, self.styles[style])
        return paragraph

    def _heading(self, sub: Subdoc, text: str, level: int) -> None:
        self._paragraph(sub, HEADINGS[level]).add_run(text)

    def sections(self, sections: tuple[Section, ...]) -> Subdoc:
        sub = self._subdoc()
        for section in sections:
            self._heading(sub, section.title, 1)
            for block in section.blocks:
                self._block(sub, block)
        return sub

    def _block(self, sub: Subdoc, block: Block) -> None:
        if isinstance(block, Heading):
            self._heading(sub, block.text, max(1, min(block.level, 3)))
        elif isinstance(block, Paragraph):
            paragraph = self._paragraph(sub, BODY if block.indent else BODY_FLUSH)
            for part in block.parts:
                self._inline(paragraph, part)
        elif isinstance(block, Table):
            self._table(sub, block)
        elif isinstance(block, Entries):
            for label, text in block.rows:
                self._paragraph(sub, ENTRY).add_run(f"{label}　{text}")

    def _inline(self, paragraph: DocxParagraph, part: Inline) -> None:
        if isinstance(part, str):
            paragraph.add_run(part)
            return
        run = paragraph.add_run(_figure_text(part))
        if part.note is not None:  # a figure that leads to its note stands out (核对版)
            run.bold = True
            _hyperlink(paragraph, f"[{part.note}]", anchor=note_anchor(part.note), superscript=True)

    def _table(self, sub: Subdoc, block: Table) -> None:
        if block.title:
            self._paragraph(sub, CAPTION).add_run(block.title)
        table: DocxTable = sub.subdocx._body.add_table(
            1 + len(block.rows), len(block.headers), self.width
        )
        table.style = TABLE  # by name: python-docx types its table styles apart
        columns = [Emu(int(self.width * share)) for share in block.shares(self.table_digits)]
        table.autofit = False
        for column, width in zip(table.columns, columns, strict=True):
            column.width = width  # the grid, which LibreOffice follows
        # The rows listed once: python-docx makes every row's object to index one of them.
        for row_index, (table_row, row) in enumerate(
            zip(table.rows, (block.headers, *block.rows), strict=True)
        ):
            cells = table_row.cells
            for column, value in enumerate(row):
                cell = cells[column]
                cell.width = columns[column]
                paragraph = cell.paragraphs[0]
                if row_index == 0:
                    _set_style(paragraph, self.styles[TABLE_HEADER])
                    paragraph.add_run(str(value))
                else:
                    _set_style(paragraph, self.styles[TABLE_TEXT])
                    self._inline(paragraph, value)
        if table.rows:
            _repeat_header(table)

    def notes(self, document: Document) -> Subdoc:
        sub = self._subdoc()
        if not document.notes:
            return sub
        self._heading(sub, document.notes_title, 1)
        for note in document.notes:
            paragraph = self._paragraph(sub, NOTE)
            paragraph.add_run(f"[{note.number}] {note.label}：{note.value}")
            _bookmark(paragraph, note_anchor(note.number), note.number)
            if note.remark:
                self._paragraph(sub, NOTE).add_run(note.remark)
            for source in note.sources:
                line = self._paragraph(sub, NOTE_SOURCE)
                line.add_run(f"{source.kind}｜")
                if source.url:
                    _hyperlink(line, source.title, relation=self.addresses.of(line, source.url))
                else:
                    line.add_run(source.title)
                tail = f"（{source.detail}）" if source.detail else ""
                if source.evidence:
                    tail += "　佐证材料：" + "、".join(source.evidence)
                if tail:
                    line.add_run(tail)
        return sub


def _figure_text(figure: Figure) -> str:
    return figure.plain()


def _set_style(paragraph: DocxParagraph, style: ParagraphStyle) -> None:
    """Write ``paragraph`` in ``style`` by its id. python-docx's ``paragraph.style = …`` looks
    for the styles part among the document's relationships and for the default style among all
    styles each time: with thousands of paragraphs and a link relationship for each note, a
    report took time growing with the square of its notes."""
    paragraph._p.style = style.style_id


class _Addresses:
    """The web addresses links lead to, each a relationship of the part holding the link, made
    once per address. python-docx's ``relate_to`` looks through every relationship of the part
    and numbers a new one by trying every number before it, so a report with a link in each of
    thousands of notes took time growing with the square of their number."""

    def __init__(self) -> None:
        self.known: dict[Part, dict[str, str]] = {}
        self.next: dict[Part, int] = {}

    def of(self, paragraph: DocxParagraph, url: str) -> str:
        """The relationship id of ``url`` in ``paragraph``'s part."""
        part = paragraph.part
        known = self.known.setdefault(part, {})
        if url not in known:
            rels = part.rels
            number = self.next.get(part) or 1 + max(
                (int(rid[3:]) for rid in rels if rid.startswith("rId") and rid[3:].isdigit()),
                default=0,
            )
            while f"rId{number}" in rels:  # one something else added meanwhile
                number += 1
            rels.add_relationship(RELATIONSHIP_TYPE.HYPERLINK, url, f"rId{number}", True)
            known[url] = f"rId{number}"
            self.next[part] = number + 1
        return known[url]


def _hyperlink(
    paragraph: DocxParagraph,
    text: str,
    *,
    anchor: str = "",
    relation: str = "",
    superscript: bool = False,
) -> None:
    """A link inside the document (``anchor``, a bookmark name) or to a web page (``relation``,
    the id of its address in the paragraph's part)."""
    link = OxmlElement("w:hyperlink")
    if anchor:
        link.set(qn("w:anchor"), anchor)
    else:
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


def _repeat_header(table: DocxTable) -> None:
    row_properties = table.rows[0]._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    row_properties.append(header)
