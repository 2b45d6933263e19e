"""Word templates of the reports: the default one, the placeholders a template may use, and the
check an uploaded template must pass before it is kept."""

from __future__ import annotations

import zipfile
from io import BytesIO

import docx
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.styles.style import BaseStyle
from docx.text.paragraph import Paragraph
from docxtpl import DocxTemplate
from jinja2 import TemplateSyntaxError
from jinja2.sandbox import SandboxedEnvironment

from hezuo.core.errors import HezuoError
from hezuo.reports.kinds import SECTIONS, ReportKind

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


def _east_asian(style: BaseStyle, latin: str, chinese: str) -> None:
    """Fonts for Latin and for Chinese text (Word keeps them apart)."""
    font = style.font  # type: ignore[attr-defined]
    font.name = latin
    properties = style.element.get_or_add_rPr()
    fonts = properties.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        properties.insert(0, fonts)
    for attribute in ("w:ascii", "w:hAnsi"):
        fonts.set(qn(attribute), latin)
    fonts.set(qn("w:eastAsia"), chinese)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme"):
        fonts.attrib.pop(qn(theme), None)


def _page_number(paragraph: Paragraph) -> None:
    """ "— n —", the number a PAGE field Word keeps current."""
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
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


def default_template(kind: ReportKind) -> bytes:
    """The template hezuo uses until a school uploads its own: A4, 宋体 body, 黑体 headings,
    page numbers in the footer, the title and then the body and its notes."""
    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.6)
    section.top_margin = section.bottom_margin = Cm(2.5)
    normal = document.styles["Normal"]
    _east_asian(normal, "Times New Roman", "宋体")
    normal.font.size = Pt(12)
    normal.paragraph_format.line_spacing = 1.5
    for name, size in (("Title", 20), ("Heading 1", 15), ("Heading 2", 13), ("Heading 3", 12)):
        style = document.styles[name]
        _east_asian(style, "Times New Roman", "黑体")
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.color.rgb = RGBColor(0, 0, 0)
    borders = document.styles["Title"].element.pPr.find(qn("w:pBdr"))
    if borders is not None:  # python-docx's Title is underlined; a report's title is not
        borders.getparent().remove(borders)
    title = document.add_paragraph("{{ title }}", style="Title")
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    subtitle = document.add_paragraph("{{ school }}　{{ period }}")
    subtitle.alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_paragraph("{{p body }}")
    document.add_paragraph("{{p notes }}")
    _page_number(section.footer.paragraphs[0])
    document.core_properties.title = str(ReportKind(kind).label)
    out = BytesIO()
    document.save(out)
    return out.getvalue()
