"""A list of records as an Excel workbook: the rows a list shows for its query (filters, search
and order), and the one way they are written. The list page, the short export the web answers
at once and the export job all read ``list_rows``, so they filter and sort identically; the
short export and the job both write with ``write_workbook``, so they give the same workbook."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from django.db.models import QuerySet
from django.http import HttpRequest, QueryDict
from django.utils import timezone
from openpyxl import Workbook

from hezuo.accounts.access import Access
from hezuo.core.sheets import text_cell
from hezuo.core.text import yes_no
from hezuo.records.kind import RecordKind

CHUNK = 2000  # rows read from the database at a time, and written between two reports


@dataclass(frozen=True)
class Listing:
    """What a list shows for a query: its FilterSet (the form above the list), the rows it lets
    through in the asked order, and that order."""

    filters: Any
    rows: QuerySet[Any]
    order: str


def _asker(access: Access) -> HttpRequest:
    """What a FilterSet is handed as its request: it reads only the actor's access (its choices
    of other records come from the actor's school). A job has no request, only the asker's
    access."""
    request = HttpRequest()
    request.access = access  # type: ignore[attr-defined]
    return request


def list_rows(*, access: Access, resource: RecordKind[Any], query: QueryDict) -> Listing:
    """The rows of ``resource`` that ``access`` may see, filtered and ordered by ``query`` (a
    list's query string: its filters, ``q`` and ``o``; other keys are ignored). Filters that
    do not validate filter nothing, as on the list page."""
    queryset = resource.list(access)
    filters = resource.filterset(query or None, queryset=queryset, request=_asker(access))
    rows = filters.qs if filters.is_bound and filters.is_valid() else queryset
    order = query.get("o", "")
    if order.lstrip("-") not in resource.orderings():
        order = resource.default_order
    return Listing(filters=filters, rows=rows.order_by(order, "-pk"), order=order)


def cell(value: object) -> object:
    """Numbers and dates stay what they are (Excel can add and sort them); the rest is text."""
    if isinstance(value, bool):
        return yes_no(value)
    if isinstance(value, Decimal):
        return float(value)
    if value is None or isinstance(value, int | float | dt.date):
        return value
    return str(value)


def write_workbook(
    resource: RecordKind[Any],
    rows: QuerySet[Any],
    target: Path | IO[bytes],
    *,
    progress: Callable[[int], object] | None = None,
) -> int:
    """Write ``rows`` with the list's columns (a heading row, then a row per record) as an
    .xlsx to ``target``, a path or a binary file. Records are read ``CHUNK`` at a time and
    written row by row (openpyxl's write-only workbook keeps them in a temporary file), so a
    long list does not fill the memory; ``progress`` is told how many rows are written after
    every chunk. Returns how many rows were written."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=str(resource.label_plural)[:31])
    sheet.append([text_cell(sheet, str(column.label)) for column in resource.columns])
    written = 0
    for obj in rows.iterator(chunk_size=CHUNK):
        sheet.append([text_cell(sheet, cell(column.value(obj))) for column in resource.columns])
        written += 1
        if progress is not None and written % CHUNK == 0:
            progress(written)
    book.save(target)
    return written


def workbook_name(resource: RecordKind[Any]) -> str:
    """The file name an export is downloaded as: the list's name and today's date."""
    return f"{resource.label_plural}-{timezone.localdate():%Y%m%d}.xlsx"
