"""A year's indicators as an Excel workbook: the official wording as headings, the values,
the review warnings, and one sheet per indicator listing the records behind it."""

from __future__ import annotations

import io
from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from hezuo.accounts.access import Access
from hezuo.activities.calculations import round_figure
from hezuo.core.sheets import (
    decimal_places,
    number_format,
    save_workbook,
    set_up_printing,
    shown,
    tabulate,
    text_width,
)
from hezuo.core.text import listing
from hezuo.indicators.computation import Result
from hezuo.indicators.figures import Figures, definition_spec
from hezuo.indicators.models import IndicatorValue
from hezuo.indicators.provenance import indicator_records

TITLE = Font(bold=True, size=13)
REVIEW_WIDEST = 60  # a warning is a sentence or two: wider than a column of names


def _cell(value: object) -> object:
    """Excel keeps numbers as binary floats: decimals go in rounded to 4 places."""
    if isinstance(value, Decimal):
        return float(value)
    return value


def _value(cell: Cell | MergedCell, value: Decimal, *, estimated: bool) -> None:
    """``value`` in ``cell`` as a number, marked （含估算口径） in its format when estimates
    are counted in it: the mark stays with the number wherever it is copied or sorted, and
    prints, as the reports print an estimate with its label."""
    assert isinstance(cell, Cell)  # the workbook merges no cells
    cell.value = float(value)
    cell.number_format = number_format(
        places=decimal_places(value), after=_("（含估算口径）") if estimated else ""
    )


def _includes_estimates(result: Result) -> bool:
    return result.estimates_counted and bool(result.estimate_value)


def _printed(
    sheet: Worksheet, *, school: str, title: str, header_row: int, freeze: str | None = None
) -> None:
    set_up_printing(
        sheet,
        header_rows=(header_row, header_row),
        header=(school, title, ""),
        footer=_("第 &P 页，共 &N 页"),
        freeze=freeze,
    )


def figures_workbook(*, access: Access, figures: Figures) -> bytes:
    """The workbook for ``figures``; overrides stored for the year are shown beside them. Every
    sheet is laid out to print (``core.sheets``): A4 one page wide, headings repeated."""
    overrides = {
        value.definition.code: value
        for value in IndicatorValue.objects.filter(
            school=access.school, year=figures.period.year, period_kind=figures.period.kind
        ).select_related("definition")
    }
    school = f"{access.school.name} {figures.period.label}"
    book = Workbook()
    summary = book.active
    assert summary is not None
    summary.title = _("指标汇总")
    codes = list(figures.definitions)
    summary.append([school])
    summary["A1"].font = TITLE
    summary.append(
        [
            _("序号"),
            _("指标"),
            _("单位"),
            _("计算值"),
            _("采用值"),
            _("修正理由"),
            _("计入记录数"),
            _("指标代码"),
        ]
    )
    for number, code in enumerate(codes, start=1):
        definition = figures.definitions[code]
        result = figures.results[code]
        computed = round_figure(result.value, 4)
        stored = overrides.get(code)
        overridden = stored is not None and stored.override_value is not None
        summary.append(
            [
                number,
                definition.name,
                str(definition.get_unit_display()),
                None,
                None,
                stored.override_reason if stored is not None else "",
                result.record_count,
                code,
            ]
        )
        row = summary.max_row
        estimated = _includes_estimates(result)
        _value(summary.cell(row, 4), computed, estimated=estimated)
        if stored is not None and overridden:
            _value(summary.cell(row, 5), stored.value, estimated=False)
        else:
            _value(summary.cell(row, 5), computed, estimated=estimated)
    tabulate(summary, header_row=2)
    # Scrolled sideways, each row keeps its number and name.
    _printed(summary, school=school, title=summary.title, header_row=2, freeze="C3")

    review = book.create_sheet(_("核对提示"))
    review.append([_("指标代码"), _("核对提示")])
    for warning in figures.warnings:
        review.append([listing(warning.indicators), warning.message])
    tabulate(review, widest=REVIEW_WIDEST)
    _printed(review, school=school, title=review.title, header_row=1)

    for code in codes:
        definition = figures.definitions[code]
        result = figures.results[code]
        sheet = book.create_sheet(code[:31])
        sheet.append([definition.name])
        sheet["A1"].font = TITLE
        sheet.append([_("数值"), None, str(definition.get_unit_display())])
        _value(sheet["B2"], round_figure(result.value, 4), estimated=_includes_estimates(result))
        if result.ratio_of:
            # A ratio lists no records: the two indicators it divides.
            sheet.append([_("比率"), " ÷ ".join(result.ratio_of)])
            header_row = 1
        else:
            table = indicator_records(
                access=access,
                source=result.source,
                ids=result.records,
                hours_per_day=definition_spec(definition).hours_per_day,
            )
            sheet.append([])
            sheet.append(list(table.headings))
            for values in table.rows:
                sheet.append([_cell(v) for v in values])
            header_row = 4
            tabulate(sheet, header_row=header_row)
        # The value above the table shows whole, whatever the column beneath it holds.
        for column, width in (
            ("A", 8),
            ("B", text_width(shown(sheet["B2"].value, sheet["B2"].number_format)) + 3),
        ):
            dimension = sheet.column_dimensions[column]
            dimension.width = max(dimension.width or 0, width)
        _printed(sheet, school=school, title=definition.name, header_row=header_row)
    output = io.BytesIO()
    save_workbook(book, output)
    return output.getvalue()
