"""A year's indicators as an Excel workbook: the official wording as headings, the values,
the review warnings, and one sheet per indicator listing the records behind it."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from hezuo.accounts.access import Access
from hezuo.activities.calculations import round_figure
from hezuo.core.text import listing
from hezuo.indicators.figures import Figures, definition_spec
from hezuo.indicators.models import IndicatorValue
from hezuo.indicators.provenance import indicator_records

BOLD = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")


def _cell(value: object) -> object:
    """Excel keeps numbers as binary floats: decimals go in rounded to 4 places."""
    if isinstance(value, Decimal):
        return float(value)
    return value


def _widths(sheet: Worksheet, widths: dict[int, float]) -> None:
    for column, width in widths.items():
        sheet.column_dimensions[get_column_letter(column)].width = width


def figures_workbook(*, access: Access, figures: Figures) -> bytes:
    """The workbook for ``figures``; overrides stored for the year are shown beside them."""
    overrides = {
        value.definition.code: value
        for value in IndicatorValue.objects.filter(
            school=access.school, year=figures.period.year, period_kind=figures.period.kind
        ).select_related("definition")
    }
    book = Workbook()
    summary = book.active
    assert summary is not None
    summary.title = _("指标汇总")
    codes = list(figures.definitions)
    summary.append([f"{access.school.name} {figures.period.label}"])
    summary["A1"].font = Font(bold=True, size=13)
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
        computed = float(round_figure(figures.results[code].value, 4))
        stored = overrides.get(code)
        overridden = stored is not None and stored.override_value is not None
        summary.append(
            [
                number,
                definition.name,
                str(definition.get_unit_display()),
                computed,
                float(stored.value) if stored is not None and overridden else computed,
                stored.override_reason if stored is not None else "",
                len(figures.results[code].records),
                code,
            ]
        )
    for cell in summary[2]:
        cell.font = BOLD
    for row in summary.iter_rows(min_row=3):
        row[1].alignment = WRAP
    _widths(summary, {1: 6, 2: 44, 3: 8, 4: 12, 5: 12, 6: 30, 7: 12, 8: 12})
    summary.freeze_panes = "C3"

    review = book.create_sheet(_("核对提示"))
    review.append([_("指标代码"), _("核对提示")])
    for warning in figures.warnings:
        review.append([listing(warning.indicators), warning.message])
    for cell in review[1]:
        cell.font = BOLD
    for cells in review.iter_rows(min_row=2):
        for cell in cells:
            cell.alignment = WRAP
    _widths(review, {1: 16, 2: 80})

    for code in codes:
        definition = figures.definitions[code]
        result = figures.results[code]
        sheet = book.create_sheet(code[:31])
        sheet.append([definition.name])
        sheet["A1"].font = Font(bold=True, size=13)
        sheet.append(
            [_("数值"), float(round_figure(result.value, 4)), str(definition.get_unit_display())]
        )
        if result.ratio_of:
            sheet.append([_("比率"), " ÷ ".join(result.ratio_of)])
            continue
        table = indicator_records(
            access=access,
            source=result.source,
            ids=result.records,
            hours_per_day=definition_spec(definition).hours_per_day,
        )
        sheet.append([])
        sheet.append(list(table.headings))
        for cell in sheet[4]:
            cell.font = BOLD
        for values in table.rows:
            sheet.append([_cell(v) for v in values])
        for cells in sheet.iter_rows(min_row=5):
            for cell in cells:
                if isinstance(cell.value, dt.date):
                    cell.number_format = "yyyy-mm-dd"
        _widths(sheet, {1: 10, 2: 36, **dict.fromkeys(range(3, len(table.headings) + 1), 14)})
    for sheet in book.worksheets:
        # Printed, each sheet fits the width of a landscape A4 page.
        sheet.page_setup.orientation = "landscape"
        sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
        sheet.sheet_properties.pageSetUpPr.fitToPage = True  # type: ignore[union-attr]
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()
