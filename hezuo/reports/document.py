"""A report as a neutral document: what the builders make and every renderer reads.

A document is sections of blocks (headings, paragraphs, tables, entry lists). A figure in a
paragraph or a table is a ``Figure``: its value as written, its unit, an optional label (an
estimate says so wherever it appears) and the number of the ``Note`` that lists the records and
evidence behind it. The notes are the document's provenance appendix. Pure data, no database.

A report comes in two editions made from the same document: the 核对版 (checking edition, for
the office: every figure marked with its note, the notes with their links, the sections meant
for checking) and the 报送版 (submission edition, what is handed in: ``for_submission`` leaves
out the notes, the note markers and the checking sections; a figure without a note is set as the
text around it)."""

from __future__ import annotations

import itertools
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from fractions import Fraction
from typing import Any

from hezuo.activities.calculations import round_figure
from hezuo.core.chinese import close_dates
from hezuo.core.sheets import text_width


@dataclass(frozen=True)
class Figure:
    text: str  # "570", "117万余元"
    unit: str = ""  # "人日"; empty where ``text`` carries it
    note: int | None = None  # the provenance note it refers to
    label: str = ""  # "估算，未计入统计": printed with the figure wherever it appears

    def plain(self) -> str:
        """The figure as text, without its note reference."""
        label = f"（{self.label}）" if self.label else ""
        return f"{self.text}{self.unit}{label}" if self.unit else f"{self.text}{label}"


Inline = str | Figure


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 2  # 1 is the title of a section


@dataclass(frozen=True)
class Paragraph:
    parts: tuple[Inline, ...]
    indent: bool = True  # first-line indent of two characters, as Chinese prose is set

    def plain(self) -> str:
        return "".join(part if isinstance(part, str) else part.plain() for part in self.parts)


# A table's width in digit widths (a Chinese character is two) at the size tables are set in:
# A4's text width at 10 pt, as the PDF sets them (Word measures its template's). Each column
# takes its padding.
TABLE_WIDTH = 86
CELL_PADDING = 3
UNBROKEN_CELL = 18  # digit widths, with the space around its digits: 2021年10月20日
UNBROKEN_HEADER = 10
LONG_TEXT = 8  # four characters
WHOLE_AT_MOST = 0.75  # of the width, for the columns kept whole


@dataclass(frozen=True)
class Table:
    headers: tuple[str, ...]
    rows: tuple[tuple[Inline, ...], ...]
    title: str = ""
    widths: tuple[int, ...] = ()  # relative column widths; equal when empty

    def shares(self, width: float = TABLE_WIDTH) -> tuple[float, ...]:
        """Each column's part of the table's width (``width`` digit widths at the size its
        cells are set in). A column is at least as wide as its header's first five characters
        and its short values (线上, 正常招生, 2021年7月5日), which never break, and a column of
        long text keeps room for four characters; what is left goes to the columns that would wrap,
        in proportion to what they lack of their longest line, weighted as ``widths`` asks."""
        count = len(self.headers)
        weights = [float(weight) for weight in self.widths or (1,) * count]
        widest = [
            max((_set_width(_plain(row[column])) for row in self.rows), default=0.0)
            for column in range(count)
        ]
        # Short values stay whole while the columns that wrap keep a quarter of the width to
        # share; past that the widest of them wrap first (智能机电技术 before 正常招生).
        whole = {column for column in range(count) if widest[column] <= UNBROKEN_CELL}
        while True:
            least = [
                max(
                    min(text_width(header), UNBROKEN_HEADER),
                    widest[column] if column in whole else LONG_TEXT,
                )
                + CELL_PADDING
                for column, header in enumerate(self.headers)
            ]
            wrappable = [column for column in whole if widest[column] > LONG_TEXT]
            if sum(least) <= width * WHOLE_AT_MOST or not wrappable:
                break
            whole.discard(max(wrappable, key=lambda column: widest[column]))
        most = [
            max(least[column], widest[column] + CELL_PADDING, text_width(header) + CELL_PADDING)
            for column, header in enumerate(self.headers)
        ]
        if sum(least) >= width:  # too many columns to keep them all whole: the least decide
            return tuple(share / sum(least) for share in least)
        sizes = list(least)
        if sum(most) <= width:  # every line whole: the room left goes by the weights
            left = width - sum(most)
            total = sum(weights)
            return tuple((most[c] + left * weights[c] / total) / width for c in range(count))
        open_ = {column for column in range(count) if most[column] > least[column]}
        left = width - sum(least)
        while open_ and left > 1e-9:
            claims = {c: (most[c] - sizes[c]) * weights[c] for c in open_}
            total = sum(claims.values())
            given = {c: min(most[c] - sizes[c], left * claims[c] / total) for c in open_}
            for column, amount in given.items():
                sizes[column] += amount
            left -= sum(given.values())
            open_ = {c for c in open_ if most[c] - sizes[c] > 1e-9}
        return tuple(size / width for size in sizes)


@dataclass(frozen=True)
class Entries:
    """Lines of a label and a text: evidence codes and titles, numbered points."""

    rows: tuple[tuple[str, str], ...]


Block = Heading | Paragraph | Table | Entries


@dataclass(frozen=True)
class Section:
    key: str  # the section's placeholder in a DOCX template
    title: str
    blocks: tuple[Block, ...]
    checking: bool = False  # for the office's checking only: left out of the submission
    # The figures its words state (四、结对帮扶 is prose, as the seed writes it), as tables a
    # workbook holds; Word and PDF print the words only.
    sheets: tuple[Table, ...] = ()


@dataclass(frozen=True)
class Source:
    """One record behind a figure."""

    kind: str  # "交流活动"
    title: str
    detail: str = ""  # "30 人 × 10 天 = 300 人日"
    url: str = ""  # the record's page in hezuo
    evidence: tuple[str, ...] = ()  # codes of its evidence


@dataclass(frozen=True)
class Note:
    number: int
    label: str  # what the figure is: "学生境外交流培训（人日）"
    value: str  # the figure as the text gives it
    sources: tuple[Source, ...]
    remark: str = ""  # how it was computed, what it leaves out


@dataclass(frozen=True)
class Document:
    kind: str
    title: str
    school: str
    period: str  # "2021年度", the scope the report covers
    date: str  # "2026年11月"
    sections: tuple[Section, ...]
    notes: tuple[Note, ...] = ()
    notes_title: str = "数据来源"

    def text(self) -> str:
        """Every word of the document as plain text, in reading order (for checks and search)."""
        lines = [self.title, self.school, self.period]
        for section in self.sections:
            lines.append(section.title)
            for block in section.blocks:
                lines.extend(block_lines(block))
        for note in self.notes:
            lines.append(f"[{note.number}] {note.label} {note.value}")
        return "\n".join(lines)

    def figures(self) -> dict[str, str]:
        """Each note's figure, by label: what a stored version records as its data snapshot."""
        return {f"[{note.number}] {note.label}": note.value for note in self.notes}


def for_submission(document: Document) -> Document:
    """The 报送版 of ``document``: no checking sections, no notes, no note markers. A figure
    without a note reads as the words around it (renderers mark only figures with a note)."""

    def plain(part: Inline) -> Inline:
        return replace(part, note=None) if isinstance(part, Figure) else part

    def table(item: Table) -> Table:
        return replace(item, rows=tuple(tuple(plain(cell) for cell in row) for row in item.rows))

    def block(item: Block) -> Block:
        if isinstance(item, Paragraph):
            return replace(item, parts=tuple(plain(part) for part in item.parts))
        return table(item) if isinstance(item, Table) else item

    return replace(
        document,
        sections=tuple(
            replace(
                section,
                blocks=tuple(block(item) for item in section.blocks),
                sheets=tuple(table(item) for item in section.sheets),
            )
            for section in document.sections
            if not section.checking
        ),
        notes=(),
    )


def block_lines(block: Block) -> list[str]:
    if isinstance(block, Heading):
        return [block.text]
    if isinstance(block, Paragraph):
        return [block.plain()]
    if isinstance(block, Table):
        return [
            block.title,
            " ".join(block.headers),
            *(" ".join(cell_text(cell) for cell in row) for row in block.rows),
        ]
    return [f"{label} {text}" for label, text in block.rows]


def cell_text(cell: Inline) -> str:
    return cell if isinstance(cell, str) else cell.plain()


def number_text(value: Fraction | Decimal | int, places: int = 2) -> str:
    """A figure as reports write it: no trailing zeros, no exponent (570, 15.5, 0.33)."""
    rounded = round_figure(Fraction(value), places)
    text = format(rounded.normalize(), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


@dataclass
class Notes:
    """Numbers the provenance notes of one document as its figures are written."""

    notes: list[Note] = field(default_factory=list)

    def figure(
        self,
        text: str,
        *,
        unit: str = "",
        label: str = "",
        what: str,
        sources: Iterable[Source],
        remark: str = "",
        value: str = "",
    ) -> Figure:
        """A figure with the next note number; the note lists ``sources`` (``value``: the
        figure as the note gives it, when the text around the figure carries the number)."""
        number = len(self.notes) + 1
        figure = Figure(text=text, unit=unit, note=number, label=label)
        self.notes.append(
            Note(
                number=number,
                label=what,
                value=value or figure.plain(),
                sources=tuple(sources),
                remark=remark,
            )
        )
        return figure

    def evidence_codes(self) -> set[str]:
        """The evidence codes of every record behind the figures (the evidence appendix)."""
        return {code for note in self.notes for source in note.sources for code in source.evidence}


def paragraphs(text: str) -> tuple[Paragraph, ...]:
    """A narrative the office wrote, one paragraph per non-empty line, its dates set closed
    (2023年7月, not 2023 年 7 月)."""
    return tuple(
        Paragraph((close_dates(line.strip()),)) for line in text.splitlines() if line.strip()
    )


def as_data(document: Document) -> dict[str, Any]:
    """The document as JSON-ready data (for the typst template and stored versions)."""

    def inline(part: Inline) -> dict[str, Any]:
        if isinstance(part, str):
            return {"text": part}
        return {
            "figure": part.text,
            "unit": part.unit,
            "note": part.note,
            "label": part.label,
        }

    def block(item: Block) -> dict[str, Any]:
        if isinstance(item, Heading):
            return {"kind": "heading", "text": item.text, "level": item.level}
        if isinstance(item, Paragraph):
            return {
                "kind": "paragraph",
                "parts": [inline(part) for part in item.parts],
                "indent": item.indent,
            }
        if isinstance(item, Table):
            return {
                "kind": "table",
                "title": item.title,
                "headers": list(item.headers),
                "rows": [[inline(cell) for cell in row] for row in item.rows],
                "widths": list(item.shares()),
            }
        return {"kind": "entries", "rows": [list(row) for row in item.rows]}

    return {
        "kind": document.kind,
        "title": document.title,
        "school": document.school,
        "period": document.period,
        "date": document.date,
        "sections": [
            {
                "key": section.key,
                "title": section.title,
                "blocks": [block(item) for item in section.blocks],
                "sheets": [block(table) for table in section.sheets],
            }
            for section in document.sections
        ],
        "notes_title": document.notes_title,
        "notes": [
            {
                "number": note.number,
                "label": note.label,
                "value": note.value,
                "remark": note.remark,
                "sources": [
                    {
                        "kind": source.kind,
                        "title": source.title,
                        "detail": source.detail,
                        "url": source.url,
                        "evidence": list(source.evidence),
                    }
                    for source in note.sources
                ],
            }
            for note in document.notes
        ],
    }


def join_inline(parts: Sequence[Inline], separator: str = "，") -> tuple[Inline, ...]:
    """``parts`` with ``separator`` between them."""
    joined: list[Inline] = []
    for index, part in enumerate(parts):
        if index:
            joined.append(separator)
        joined.append(part)
    return tuple(joined)


def _set_width(text: str) -> float:
    """``text``'s width in digit widths as Word sets it: with a quarter of a character's space
    where Chinese meets a digit or a Latin letter (2021 年 7 月)."""
    wide = [unicodedata.east_asian_width(char) in "WFA" for char in text if not char.isspace()]
    return text_width(text) + sum(a != b for a, b in itertools.pairwise(wide)) / 2


def _plain(part: Inline) -> str:
    return part if isinstance(part, str) else part.plain()
