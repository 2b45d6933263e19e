"""Reading a worksheet's print set-up back (openpyxl types its parts as optional)."""

from __future__ import annotations

from openpyxl.worksheet.worksheet import Worksheet


def page_header(sheet: Worksheet) -> tuple[str | None, str | None, str | None]:
    """The left, centre and right text above each printed page."""
    header = sheet.oddHeader
    assert header is not None
    return header.left.text, header.center.text, header.right.text


def page_footer(sheet: Worksheet) -> str | None:
    """The text in the middle below each printed page."""
    footer = sheet.oddFooter
    assert footer is not None
    return footer.center.text


def fits_to_page(sheet: Worksheet) -> bool:
    """Whether the sheet is scaled to the pages its fitToWidth/fitToHeight name."""
    properties = sheet.sheet_properties.pageSetUpPr
    return properties is not None and bool(properties.fitToPage)
