"""Word templates of the reports: hezuo's two (the plain default and one close to the official
document format GB/T 9704-2012, both made here, by code, whenever they are needed), the
placeholders a template may use, and the check an uploaded template must pass before it is
kept."""

from __future__ import annotations

import zipfile
from io import BytesIO

import docx
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt
from docx.text.paragraph import Paragraph
from docxtpl import DocxTemplate
from jinja2 import TemplateSyntaxError
from jinja2.sandbox import SandboxedEnvironment
from lxml import etree  # type: ignore[import-untyped]

from hezuo.core.errors import HezuoError
from hezuo.reports.kinds import SECTIONS, ReportKind
from hezuo.reports.models import BuiltinTemplate
from hezuo.reports.rendering.word_styles import (
    BODY,
    BODY_FLUSH,
    CAPTION,
    CHINESE,
    ENTRY,
    HEADINGS,
    NOTE,
    NOTE_SOURCE,
    TABLE,
    TABLE_HEADER,
    TABLE_TEXT,
    StyleSpec,
    define_all,
    ensure_styles,
    set_chinese,
    table_text,
)

# Placeholders every report's template may use, with what they hold.
COMMON = {
    "title": gettext_lazy("报告标题，如“2021年合作办学情况报告”"),
    "school": gettext_lazy("学校名称"),
    "period": gettext_lazy("报告覆盖的年度或范围，如“2021年度”"),
    "date": gettext_lazy("生成年月，如“2026年11月”"),
    "body": gettext_lazy("正文：全部章节（段落占位符，写作 {{p body }}）"),
    "notes": gettext_lazy("数据来源附录：每个数据对应的记录与佐证材料（写作 {{p notes }}）"),
    "notes_title": gettext_lazy("数据来源附录的标题"),
}


def placeholders(kind: ReportKind) -> dict[str, str]:
    """The placeholders a template of ``kind`` may use: the common ones and one per section."""
    found = {name: str(text) for name, text in COMMON.items()}
    for key, title in SECTIONS[kind]:
        found[key] = _("单独一章：%(title)s（写作 {{p %(key)s }}）") % {"title": title, "key": key}
    return found


def used_placeholders(data: bytes) -> set[str]:
    """The placeholders a Word template uses (``data``: a .docx)."""
    template = DocxTemplate(BytesIO(data))
    return set(template.get_undeclared_template_variables(jinja_env=SandboxedEnvironment()))


def template_check(kind: ReportKind, data: bytes) -> None:
    """Raise ``HezuoError`` with a message saying what is wrong, unless ``data`` is a Word
    template of ``kind`` whose placeholders are all known."""
    try:
        used = used_placeholders(data)
    except TemplateSyntaxError as error:
        raise HezuoError(
            _("模板中的占位符写法有误：%(error)s。占位符应写作 {{ 名称 }}。")
            % {"error": error.message}
        ) from None
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError):
        raise HezuoError(
            _("上传的文件不是有效的 Word 文档（.docx），请在 Word 中另存为 .docx 后再上传。")
        ) from None
    allowed = placeholders(kind)
    unknown = sorted(set(used) - set(allowed))
    if unknown:
        raise HezuoError(
            _("模板含有未知的占位符：%(unknown)s。可用的占位符：%(allowed)s。")
            % {"unknown": "、".join(unknown), "allowed": "、".join(allowed)}
        )


# hezuo's two templates, as styles (``word_styles``) and a page set-up. Sizes in points:
# 三号 16, 四号 14, 小四 12, 五号 10.5, 二号 22.
LATIN = "Times New Roman"
PLAIN_STYLES = (
    StyleSpec(
        BODY,
        base=None,
        latin=LATIN,
        chinese="宋体",
        size=12,
        align=WD_ALIGN_PARAGRAPH.JUSTIFY,
        first_line=200,
        line_multiple=1.5,
        before=0,
        after=0,
    ),
    StyleSpec(BODY_FLUSH, first_line=0),
    StyleSpec(
        "Title",
        chinese="黑体",
        size=20,
        bold=True,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        first_line=0,
        after=6,
        keep_next=True,
    ),
    StyleSpec("Subtitle", align=WD_ALIGN_PARAGRAPH.CENTER, first_line=0, after=12),
    *(
        StyleSpec(
            HEADINGS[level],
            chinese="黑体",
            size=size,
            bold=True,
            first_line=0,
            before=before,
            after=before / 2,
            keep_next=True,
            outline=level - 1,
        )
        for level, size, before in ((1, 15, 12), (2, 13, 6), (3, 12, 6))
    ),
    StyleSpec(
        CAPTION,
        bold=True,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        first_line=0,
        before=6,
        keep_next=True,
    ),
    StyleSpec(TABLE, base="Normal Table", kind=WD_STYLE_TYPE.TABLE, borders=True),
    table_text(10.5),
    StyleSpec(TABLE_HEADER, base=TABLE_TEXT, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER),
    StyleSpec(ENTRY, first_line=0, left=200),
    StyleSpec(NOTE, size=10.5, first_line=0, line_multiple=1.0, before=6),
    StyleSpec(NOTE_SOURCE, base=NOTE, left=200, before=0),
    StyleSpec(
        "Footer", size=10.5, align=WD_ALIGN_PARAGRAPH.CENTER, first_line=0, line_multiple=1.0
    ),
)

# GB/T 9704-2012 《党政机关公文格式》: A4; 天头 37 mm, 订口 28 mm, a text block of 156 × 225 mm
# (so 35 mm below and 26 mm on the right) of 22 lines (225 mm / 22 = 28.95 pt a line); 正文
# 三号仿宋, 标题 二号小标宋, 一级标题 黑体, 二级 楷体, 三级 仿宋; page numbers 四号半角宋体
# "— 1 —", outside (odd pages right, even pages left, one character in). The fonts are those
# named by the standard; where a computer lacks them, Word takes the alternative named in the
# font table (仿宋, 楷体, 黑体 — installed with Windows), and LibreOffice, as hezuo's conversion
# runs it, takes Noto Serif CJK SC / Noto Sans CJK SC (``hezuo/files/resources/fonts.conf``).
GONGWEN_LINE = 28.95
FANGSONG, KAISHU, HEITI, XIAOBIAOSONG = "仿宋_GB2312", "楷体_GB2312", "黑体", "方正小标宋简体"
GONGWEN_FALLBACKS = {FANGSONG: "仿宋", KAISHU: "楷体", XIAOBIAOSONG: HEITI}
SIGNATURE = "落款"  # the school and the date at the end, four characters in from the right
GONGWEN_STYLES = (
    StyleSpec(
        BODY,
        base=None,
        latin=LATIN,
        chinese=FANGSONG,
        size=16,
        bold=False,
        align=WD_ALIGN_PARAGRAPH.JUSTIFY,
        first_line=200,
        line_exact=GONGWEN_LINE,
        before=0,
        after=0,
    ),
    StyleSpec(BODY_FLUSH, first_line=0),
    StyleSpec(
        "Title",
        chinese=XIAOBIAOSONG,
        size=22,
        bold=False,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        first_line=0,
        line_exact=36,
        keep_next=True,
    ),
    StyleSpec("Subtitle", align=WD_ALIGN_PARAGRAPH.CENTER, first_line=0, after=GONGWEN_LINE),
    StyleSpec(HEADINGS[1], chinese=HEITI, keep_next=True, outline=0),
    StyleSpec(HEADINGS[2], chinese=KAISHU, keep_next=True, outline=1),
    StyleSpec(HEADINGS[3], bold=True, keep_next=True, outline=2),
    StyleSpec(
        CAPTION,
        chinese=HEITI,
        size=14,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        first_line=0,
        keep_next=True,
    ),
    StyleSpec(TABLE, base="Normal Table", kind=WD_STYLE_TYPE.TABLE, borders=True),
    table_text(12),
    StyleSpec(TABLE_HEADER, base=TABLE_TEXT, chinese=HEITI, align=WD_ALIGN_PARAGRAPH.CENTER),
    StyleSpec(ENTRY, first_line=0, left=200),
    StyleSpec(NOTE, size=12, first_line=0, line_multiple=1.0, before=6),
    StyleSpec(NOTE_SOURCE, base=NOTE, left=200, before=0),
    StyleSpec(SIGNATURE, align=WD_ALIGN_PARAGRAPH.RIGHT, first_line=0, right=400),
    StyleSpec("Footer", latin="宋体", chinese="宋体", size=14, first_line=0, line_multiple=1.0),
)


def default_template(kind: ReportKind) -> bytes:
    """The template hezuo uses until a school chooses another: A4, 宋体 小四 body, 黑体
    headings, "— 1 —" page numbers centred in the footer, the title and then the body and its
    notes."""
    document = _styled(PLAIN_STYLES)
    section = document.sections[0]
    section.left_margin = section.right_margin = Cm(2.6)
    section.top_margin = section.bottom_margin = Cm(2.5)
    _heading_and_body(document)
    document.add_paragraph("{{p notes }}")
    _page_number(section.footer.paragraphs[0], WD_ALIGN_PARAGRAPH.CENTER)
    return _saved(document, kind)


def gongwen_template(kind: ReportKind) -> bytes:
    """The template close to GB/T 9704-2012 (see ``GONGWEN_STYLES``): the title, the body, the
    school and the date as 落款, then the notes; page numbers outside."""
    document = _styled(GONGWEN_STYLES)
    section = document.sections[0]
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.header_distance, section.footer_distance = Mm(15), Mm(23)
    _heading_and_body(document)
    document.add_paragraph()  # 正文下空一行
    for text in ("{{ school }}", "{{ date }}"):
        document.add_paragraph(text, style=SIGNATURE)
    document.add_paragraph("{{p notes }}")
    document.settings.odd_and_even_pages_header_footer = True
    odd = section.footer.paragraphs[0]
    _page_number(odd, WD_ALIGN_PARAGRAPH.RIGHT)
    odd.paragraph_format.right_indent = Pt(14)  # 单页码居右空一字
    even = section.even_page_footer.paragraphs[0]
    _page_number(even, WD_ALIGN_PARAGRAPH.LEFT)
    even.paragraph_format.left_indent = Pt(14)  # 双页码居左空一字
    _font_fallbacks(document, GONGWEN_FALLBACKS)
    return _saved(document, kind)


def builtin_template(kind: ReportKind, builtin: str) -> bytes:
    """hezuo's template ``builtin`` (a ``BuiltinTemplate``) of ``kind``."""
    if BuiltinTemplate(builtin) == BuiltinTemplate.GONGWEN:
        return gongwen_template(kind)
    return default_template(kind)


def _styled(specs: tuple[StyleSpec, ...]) -> DocxDocument:
    """An empty A4 document in Chinese with ``specs`` defined and every other style a report
    names in its neutral form."""
    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    set_chinese(document)
    _no_space_after_by_default(document)
    define_all(document, specs)
    ensure_styles(document)
    return document


def _heading_and_body(document: DocxDocument) -> None:
    document.add_paragraph("{{ title }}", style="Title")
    document.add_paragraph("{{ school }}　{{ period }}", style="Subtitle")
    document.add_paragraph("{{p body }}")


def _saved(document: DocxDocument, kind: ReportKind) -> bytes:
    document.core_properties.title = str(ReportKind(kind).label)
    document.core_properties.language = CHINESE
    out = BytesIO()
    document.save(out)
    return out.getvalue()


def _no_space_after_by_default(document: DocxDocument) -> None:
    """python-docx's defaults put 10 pt after every paragraph and 1.15 lines in it; a style
    that says nothing about spacing gets none."""
    spacing = document.styles.element.find(
        f"{qn('w:docDefaults')}/{qn('w:pPrDefault')}/{qn('w:pPr')}/{qn('w:spacing')}"
    )
    if spacing is not None:
        spacing.getparent().remove(spacing)


def _page_number(paragraph: Paragraph, alignment: WD_ALIGN_PARAGRAPH) -> None:
    """ "— n —", the number a PAGE field Word keeps current."""
    paragraph.alignment = alignment
    paragraph.add_run("— ")
    for kind, text in (("begin", None), (None, " PAGE "), ("end", None)):
        run = paragraph.add_run()
        if kind is not None:
            field = OxmlElement("w:fldChar")
            field.set(qn("w:fldCharType"), kind)
            run._r.append(field)
        else:
            instruction = OxmlElement("w:instrText")
            instruction.set(qn("xml:space"), "preserve")
            instruction.text = text
            run._r.append(instruction)
    paragraph.add_run(" —")


def _font_fallbacks(document: DocxDocument, fallbacks: dict[str, str]) -> None:
    """Name in the font table, for each font the template uses, the font Word takes where it is
    not installed (``w:altName``)."""
    part = document.part.part_related_by(RELATIONSHIP_TYPE.FONT_TABLE)
    table = etree.fromstring(part.blob)
    for name, alternative in fallbacks.items():
        font = etree.SubElement(table, qn("w:font"))
        font.set(qn("w:name"), name)
        for tag, value in (
            ("w:altName", alternative),
            ("w:charset", "86"),  # GB2312
            ("w:family", "modern"),
            ("w:pitch", "fixed"),
        ):
            etree.SubElement(font, qn(tag)).set(qn("w:val"), value)
    # The font table is a part python-docx keeps as bytes.
    part._blob = etree.tostring(table, xml_declaration=True, encoding="UTF-8", standalone=True)
