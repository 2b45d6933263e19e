"""The Excel template of an import: a sheet of instructions, then one sheet per sheet of the
import with its headings (required ones marked *), drop-down lists for every choice and for
the school's own partners, departments, programmes and projects, and date columns that
accept only dates. Headings and choices are in the active language; an import reads either."""

from __future__ import annotations

import io
from typing import Any

from django.db import models
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from hezuo.accounts.selectors import department_list
from hezuo.construction.selectors import project_list
from hezuo.core.kinds import Kind
from hezuo.core.sheets import save_workbook
from hezuo.core.text import listing
from hezuo.imports.columns import Column, Sheet, field_of
from hezuo.imports.kinds import Importer
from hezuo.partners.selectors import partner_list
from hezuo.programmes.selectors import programme_list

ROWS = 2000  # how far down the drop-downs and date checks reach
HEADING_FILL = PatternFill("solid", fgColor="DDEBF7")
REQUIRED_FONT = Font(bold=True, color="C00000")


def template_workbook(importer: Importer) -> bytes:
    book = Workbook()
    instructions = book.active
    assert instructions is not None
    instructions.title = _("填写说明")
    options = book.create_sheet(_("选项"))
    lists = _Lists(options, importer)
    for sheet in importer.sheets:
        _data_sheet(book.create_sheet(str(sheet.title)), sheet, lists)
    _instructions(instructions, importer)
    options.sheet_state = "hidden"
    book.active = 1 if len(book.worksheets) > 1 else 0
    out = io.BytesIO()
    save_workbook(book, out)
    return out.getvalue()


class _Lists:
    """The hidden sheet of drop-down values: one column per list, written once."""

    def __init__(self, sheet: Worksheet, importer: Importer) -> None:
        self.sheet, self.importer = sheet, importer
        self.ranges: dict[str, str] = {}

    def range_for(self, name: str, values: list[str]) -> str | None:
        if not values:
            return None
        if name not in self.ranges:
            column = get_column_letter(len(self.ranges) + 1)
            for number, value in enumerate(values, start=1):
                self.sheet[f"{column}{number}"] = value
            title = quote_sheetname(self.sheet.title)
            self.ranges[name] = f"{title}!${column}$1:${column}${len(values)}"
        return self.ranges[name]

    def values(self, column: Column, model: type[models.Model]) -> list[str]:
        access = self.importer.access
        if column.lookup == Kind.PARTNERS:
            return [p.name_zh for p in partner_list(access=access)]
        if column.lookup == Kind.DEPARTMENTS:
            return [d.name for d in department_list(access=access)]
        if column.lookup == Kind.PROGRAMMES:
            return [p.name for p in programme_list(access=access)]
        if column.lookup == Kind.PROJECTS:
            return [p.name for p in project_list(access=access)]
        if isinstance(field_of(column.of or model, column.name), models.BooleanField):
            return [_("是"), _("否")]
        return [label for _value, label in column.choices(model)]


def _data_sheet(sheet: Worksheet, spec: Sheet, lists: _Lists) -> None:
    sheet.freeze_panes = "A2"
    for number, column in enumerate(spec.columns, start=1):
        letter = get_column_letter(number)
        cell = sheet.cell(row=1, column=number, value=column.heading(spec.model))
        cell.fill = HEADING_FILL
        cell.font = REQUIRED_FONT if column.required else Font(bold=True)
        cell.alignment = Alignment(vertical="center")
        sheet.column_dimensions[letter].width = max(12, 2.2 * len(str(cell.value)) + 4)
        cells = f"{letter}2:{letter}{ROWS + 1}"
        field = field_of(column.of or spec.model, column.name)
        validation = _validation(column, spec.model, field, lists)
        if validation is not None:
            sheet.add_data_validation(validation)
            validation.add(cells)
        if isinstance(field, models.DateField):
            sheet.column_dimensions[letter].number_format = "yyyy-mm-dd"
            sheet.column_dimensions[letter].width = 14


def _validation(
    column: Column, model: type[models.Model], field: models.Field[Any, Any], lists: _Lists
) -> DataValidation | None:
    heading = column.heading(model)
    if isinstance(field, models.DateField) and not column.lookup:
        return DataValidation(
            type="date",
            operator="greaterThan",
            formula1="1",
            allow_blank=True,
            showErrorMessage=True,
            errorTitle=heading,
            error=_("请填写日期，如 2021-03-05。"),
        )
    values = lists.values(column, model)
    source = lists.range_for(f"{column.lookup or column.name}:{model.__name__}", values)
    if source is None:
        return None
    return DataValidation(
        type="list",
        formula1=source,
        allow_blank=True,
        # Several partners go in one cell, and a country may be named in other ways than the
        # list's (香港, GB), so those lists only suggest.
        showErrorMessage=not column.many and column.name != "country_code",
        errorTitle=heading,
        error=_("请从下拉列表中选择。"),
    )


def _instructions(sheet: Worksheet, importer: Importer) -> None:
    school = importer.access.school
    lines: list[tuple[str, ...]] = [
        (_("%(school)s · %(kind)s导入模板") % {"school": school, "kind": importer.label},),
        (),
        (_("1. 每行填写一条记录，从第 2 行开始；第 1 行的列标题请勿修改。带 * 的列必须填写。"),),
        (_("2. 有下拉列表的列请从列表中选择；日期请填写 Excel 日期，如 2021-03-05。"),),
        (_("3. 请勿使用公式或合并单元格；可从其他表格复制后“选择性粘贴为数值”。"),),
        (_("4. 导入前可先“检查”：hezuo 会逐行列出问题（工作表、行、列），全部无误才会导入；"),),
        (_("   有任何一行出错时，整个文件都不会导入。同一文件再次导入不会重复添加记录。"),),
        (),
    ]
    for spec in importer.sheets:
        lines.append((_("工作表“%(sheet)s”") % {"sheet": spec.title},))
        if spec.note:
            lines.append((str(spec.note),))
        lines.append((_("列标题"), _("是否必填"), _("说明")))
        for column in spec.columns:
            lines.append(
                (
                    column.heading(spec.model),
                    _("必填") if column.required else "",
                    _hint(column, spec.model),
                )
            )
        lines.append(())
    for line in lines:
        sheet.append(list(line))
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.column_dimensions["A"].width = 24
    sheet.column_dimensions["B"].width = 10
    sheet.column_dimensions["C"].width = 80


def _hint(column: Column, model: type[models.Model]) -> str:
    field = field_of(column.of or model, column.name)
    if column.many:
        return _("可填多个，用顿号（、）分隔；须与 hezuo 中的名称一致。")
    if column.lookup:
        return _("须与 hezuo 中的名称一致（见下拉列表）。")
    if column.name == "country_code":
        return _("国家或地区的名称（如 英国、香港、中国香港）或两位代码（如 GB、HK）。")
    if isinstance(field, models.BooleanField):
        return _("是 / 否")
    if isinstance(field, models.DateField):
        return _("日期，如 2021-03-05")
    choices = column.choices(model)
    if choices:
        return _("可选：%(choices)s") % {"choices": listing(label for _v, label in choices)}
    help_text = str(field.help_text or "")
    if isinstance(field, models.DecimalField | models.IntegerField):
        return help_text or _("数字")
    return help_text
