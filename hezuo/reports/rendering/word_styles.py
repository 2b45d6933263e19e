"""The named styles a Word report is written in, so that its template governs the whole look.

The DOCX renderer sets no font, size, indent or spacing of its own: every paragraph it writes
names one of the styles below, table cells and captions included, and every table names the
table style. A template defines them as the school wants them (hezuo's two built-in templates
define every one, ``hezuo.reports.templates``). A style a template leaves out is added when a
report is written, in its neutral form (``NEUTRAL``): based on the template's 正文 (Normal) and
adding only what the style is for — a heading is bold and kept with what follows, a table cell
has no first-line indent and single spacing — so the template's 正文 still decides its font and
size. A school's template whose 正文 is 仿宋 三号 thus sets tables in 仿宋 三号 too.

Indents are given in characters (``w:firstLineChars="200"``: two characters, as Chinese prose is
set), with the same width in twips for readers that know only twips."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import cast

from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Pt, Twips
from docx.styles.style import ParagraphStyle

BODY = "Normal"  # 正文: a paragraph of prose, first line indented two characters
BODY_FLUSH = "正文无缩进"  # prose without the indent (a point's label and text)
HEADINGS = {1: "Heading 1", 2: "Heading 2", 3: "Heading 3"}  # 标题 1–3
CAPTION = "Caption"  # 题注: a table's title, kept with its table
TABLE = "Table Grid"  # 网格型: the table style, its borders
TABLE_TEXT = "表格文字"  # a table cell
TABLE_HEADER = "表格表头"  # a cell of the header row
ENTRY = "条目"  # a line of an entry list (evidence codes and titles)
NOTE = "数据来源"  # a provenance note (核对版 only)
NOTE_SOURCE = "数据来源条目"  # a record behind a note

# Word's own styles keep their English names in styles.xml in every language of Word.
BUILT_IN = frozenset(
    {BODY, *HEADINGS.values(), CAPTION, TABLE, "Title", "Subtitle", "Header", "Footer"}
)
CHINESE = "zh-CN"
TWIPS_PER_POINT = 20
DEFAULT_SIZE = 10.5  # points: Word's size when neither the styles nor the defaults give one


@dataclass(frozen=True)
class StyleSpec:
    """One style: what it is based on and what it sets (None: inherited from its base)."""

    name: str
    base: str | None = BODY
    kind: WD_STYLE_TYPE = WD_STYLE_TYPE.PARAGRAPH
    latin: str = ""  # the font of Latin letters and digits
    chinese: str = ""  # the font of Chinese text (w:eastAsia)
    size: float | None = None  # points
    bold: bool | None = None
    align: WD_ALIGN_PARAGRAPH | None = None
    first_line: int | None = None  # hundredths of a character: 200 is two characters
    left: int | None = None  # hundredths of a character
    right: int | None = None  # hundredths of a character
    line_exact: float | None = None  # points
    line_multiple: float | None = None  # 1.0: single
    before: float | None = None  # points
    after: float | None = None  # points
    keep_next: bool = False
    outline: int | None = None  # 0 for 标题 1
    borders: bool = False  # a table style: single lines round every cell


def table_text(size: float | None = None) -> StyleSpec:
    """A table cell's style (``size`` points; None: the body's): single spacing, no indent,
    flush left — a justified cell spreads a wrapped name's characters apart."""
    return StyleSpec(
        TABLE_TEXT,
        size=size,
        first_line=0,
        line_multiple=1.0,
        before=0,
        after=0,
        align=WD_ALIGN_PARAGRAPH.LEFT,
    )


NEUTRAL: dict[str, StyleSpec] = {
    spec.name: spec
    for spec in (
        StyleSpec(BODY, base=None),
        StyleSpec(BODY_FLUSH, first_line=0),
        *(
            StyleSpec(name, bold=True, first_line=0, keep_next=True, outline=level - 1)
            for level, name in HEADINGS.items()
        ),
        StyleSpec(
            CAPTION, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, first_line=0, keep_next=True
        ),
        StyleSpec(TABLE, base="Normal Table", kind=WD_STYLE_TYPE.TABLE, borders=True),
        table_text(),
        StyleSpec(TABLE_HEADER, base=TABLE_TEXT, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER),
        StyleSpec(ENTRY, first_line=0, left=200),
        StyleSpec(NOTE, first_line=0),
        StyleSpec(NOTE_SOURCE, base=NOTE, left=200),
    )
}


def ensure_styles(document: DocxDocument) -> dict[str, ParagraphStyle]:
    """Every style a report names, by name: the template's own, and the neutral form of each
    it leaves out (added to ``document``)."""
    for spec in NEUTRAL.values():
        if _find(document, spec.name) is None:
            define(document, spec)
    return {name: found for name in NEUTRAL if (found := _find(document, name)) is not None}


def define_all(document: DocxDocument, specs: Iterable[StyleSpec]) -> None:
    """Define each of ``specs`` in ``document``, replacing what a style of that name held."""
    for spec in specs:
        define(document, spec)


def define(document: DocxDocument, spec: StyleSpec) -> ParagraphStyle:
    """The style ``spec`` describes, added to ``document`` or replacing the one of its name."""
    style = _find(document, spec.name)
    if style is None:
        # A paragraph or a table style (python-docx's table style is a kind of paragraph style).
        style = cast(
            ParagraphStyle,
            document.styles.add_style(spec.name, spec.kind, builtin=spec.name in BUILT_IN),
        )
    element = style.element
    for tag in ("w:basedOn", "w:pPr", "w:rPr", "w:tblPr"):
        for old in element.findall(qn(tag)):
            element.remove(old)
    if spec.base is not None and (base := _find(document, spec.base)) is not None:
        style.base_style = base
    if spec.name not in BUILT_IN:
        style.quick_style = True  # shown in Word's style gallery, where an office edits it
    if spec.kind == WD_STYLE_TYPE.TABLE:
        if spec.borders:
            element.append(_table_borders())
        return style
    _run_properties(style, spec)
    _paragraph_properties(document, style, spec)
    return style


def _find(document: DocxDocument, name: str) -> ParagraphStyle | None:
    """The paragraph or table style named ``name``, if ``document`` has one."""
    try:
        found = document.styles[name]
    except KeyError:
        return None
    return found if isinstance(found, ParagraphStyle) else None


def _run_properties(style: ParagraphStyle, spec: StyleSpec) -> None:
    font = style.font
    if spec.latin or spec.chinese:
        properties = style.element.get_or_add_rPr()
        fonts = properties.get_or_add_rFonts()
        for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(theme), None)
        if spec.latin:
            for attribute in ("w:ascii", "w:hAnsi", "w:cs"):
                fonts.set(qn(attribute), spec.latin)
        if spec.chinese:
            fonts.set(qn("w:eastAsia"), spec.chinese)
    if spec.size is not None:
        font.size = Pt(spec.size)
    if spec.bold is not None:
        font.bold = spec.bold


def _paragraph_properties(document: DocxDocument, style: ParagraphStyle, spec: StyleSpec) -> None:
    paragraph = style.paragraph_format
    if spec.align is not None:
        paragraph.alignment = spec.align
    if spec.line_exact is not None:
        paragraph.line_spacing = Pt(spec.line_exact)
    elif spec.line_multiple is not None:
        paragraph.line_spacing = spec.line_multiple
    if spec.before is not None:
        paragraph.space_before = Pt(spec.before)
    if spec.after is not None:
        paragraph.space_after = Pt(spec.after)
    if spec.keep_next:
        paragraph.keep_with_next = True
    properties = style.element.get_or_add_pPr()
    if spec.outline is not None:
        outline = OxmlElement("w:outlineLvl")
        outline.set(qn("w:val"), str(spec.outline))
        properties.insert_element_before(outline, "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr")
    if spec.first_line is not None or spec.left is not None or spec.right is not None:
        # A character is as wide as the style's size; Word reads the *Chars attributes.
        character = Twips(round(effective_size(document, spec.name) * TWIPS_PER_POINT))
        indent = properties.get_or_add_ind()
        for attribute, hundredths in (
            ("firstLine", spec.first_line),
            ("left", spec.left),
            ("right", spec.right),
        ):
            if hundredths is not None:
                indent.set(qn(f"w:{attribute}"), str(round(character.twips * hundredths / 100)))
                indent.set(qn(f"w:{attribute}Chars"), str(hundredths))


def effective_size(document: DocxDocument, name: str) -> float:
    """The size in points a paragraph of style ``name`` is set in: the first size found along
    the style's chain of bases, then the document's defaults."""
    style = _find(document, name)
    while style is not None:
        size = style.font.size
        if size is not None:
            return float(size.pt)
        base = style.base_style
        style = base if isinstance(base, ParagraphStyle) else None
    defaults = document.styles.element.find(qn("w:docDefaults"))
    found = None if defaults is None else defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
    size_element = None if found is None else found.find(qn("w:sz"))
    if size_element is not None:
        return int(size_element.get(qn("w:val"))) / 2
    return DEFAULT_SIZE


def set_chinese(document: DocxDocument) -> None:
    """Mark ``document`` as written in Simplified Chinese: the language of its text (spelling,
    line breaking, punctuation) and the script its theme's fonts are chosen for."""
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        styles.insert(0, defaults)
    run_default = _child(defaults, "w:rPrDefault", first=True)
    properties = _child(run_default, "w:rPr")
    language = properties.find(qn("w:lang"))
    if language is None:
        language = OxmlElement("w:lang")
        _insert_before(properties, language, ("w:eastAsianLayout", "w:specVanish", "w:oMath"))
    language.set(qn("w:val"), CHINESE)
    language.set(qn("w:eastAsia"), CHINESE)
    settings = document.settings.element
    theme_language = settings.find(qn("w:themeFontLang"))
    if theme_language is None:
        theme_language = OxmlElement("w:themeFontLang")
        # Its place among the settings is fixed by the schema; before the colour mapping.
        _insert_before(settings, theme_language, _SETTINGS_AFTER_THEME_FONT_LANG)
    theme_language.set(qn("w:val"), CHINESE)
    theme_language.set(qn("w:eastAsia"), CHINESE)


_SETTINGS_AFTER_THEME_FONT_LANG = (
    "w:clrSchemeMapping",
    "w:doNotIncludeSubdocsInStats",
    "w:doNotAutoCompressPictures",
    "w:forceUpgrade",
    "w:captions",
    "w:readModeInkLockDown",
    "w:smartTagType",
    "w:schemaLibrary",
    "w:shapeDefaults",
    "w:doNotEmbedSmartTags",
    "w:decimalSymbol",
    "w:listSeparator",
)


def _child(parent: BaseOxmlElement, tag: str, *, first: bool = False) -> BaseOxmlElement:
    found: BaseOxmlElement | None = parent.find(qn(tag))
    if found is None:
        found = OxmlElement(tag)
        if first:
            parent.insert(0, found)
        else:
            parent.append(found)
    return found


def _insert_before(
    parent: BaseOxmlElement, element: BaseOxmlElement, tags: tuple[str, ...]
) -> None:
    names = {qn(tag) for tag in tags}
    for child in parent:
        if child.tag in names:
            child.addprevious(element)
            return
    parent.append(element)


def _table_borders() -> BaseOxmlElement:
    properties = OxmlElement("w:tblPr")
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        line = OxmlElement(f"w:{edge}")
        line.set(qn("w:val"), "single")
        line.set(qn("w:sz"), "4")
        line.set(qn("w:space"), "0")
        line.set(qn("w:color"), "auto")
        borders.append(line)
    properties.append(borders)
    return properties
