"""The shape every import shares: an importer names its sheets, finds each row's record by
its natural key, and writes new and changed rows through the services, a few thousand rows at
a time. Each kind of record is one subclass (kinds.py, activities.py)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import partial
from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from hezuo.accounts.access import Access, Capability
from hezuo.accounts.selectors import department_list
from hezuo.core.errors import HezuoError
from hezuo.core.kinds import Kind
from hezuo.core.text import listing
from hezuo.imports.columns import Lookup, Sheet
from hezuo.imports.importing import Report, Row, changed_fields, duplicates, index_by_key
from hezuo.partners.selectors import partner_list

Key = tuple[Any, ...]
Counts = tuple[int, int, int]


class RowRefused(Exception):
    """A row whose values cannot make a record; ``column`` names the cell to blame."""

    def __init__(self, column: str, message: str) -> None:
        self.column, self.message = column, message
        super().__init__(message)


def by_name(records: Iterable[models.Model], *names: str) -> Lookup:
    """A lookup by any of the records' ``names`` (case and surrounding spaces ignored)."""
    index: dict[str, models.Model] = {}
    for record in records:
        for name in names:
            value = str(getattr(record, name) or "").strip().lower()
            if value:
                index.setdefault(value, record)
    return lambda text: index.get(text.strip().lower())


class Importer:
    """One kind of import. Subclasses set ``slug``, ``label``, ``sheets`` and the hooks."""

    slug: ClassVar[str]
    label: ClassVar[str | Promise]
    capability: ClassVar[Capability]  # what writing the records needs (for some department)
    sheets: ClassVar[tuple[Sheet, ...]]
    editable: ClassVar[tuple[str, ...]]  # the fields its edit service changes (keys aside)
    chunk_rows: ClassVar[int] = 2000  # rows matched and written together

    def __init__(self, access: Access) -> None:
        self.access = access
        self.lookups = self.load_lookups()

    @property
    def sheet(self) -> Sheet:
        return self.sheets[0]

    def load_lookups(self) -> dict[Kind, Lookup]:
        return {}

    def records(self, rows: Sequence[Row]) -> Iterable[models.Model]:
        """The school's records that rows of the file may name."""
        raise NotImplementedError

    def record_key(self, record: Any) -> Key:
        raise NotImplementedError

    def values(self, row: Row) -> dict[str, Any]:
        """The row as the keyword arguments of the create service."""
        return dict(row.values)

    def warnings(self, values: dict[str, Any]) -> list[tuple[str, str]]:
        """What looks wrong in a row's values but is imported all the same: (column, message)."""
        return []

    def create(self, values: dict[str, Any]) -> None:
        raise NotImplementedError

    def update(self, record: Any, changes: dict[str, Any]) -> None:
        raise NotImplementedError

    def changes(self, record: Any, values: dict[str, Any]) -> dict[str, Any]:
        """The values that differ from the record's; a row's natural key names the record,
        so it is never a change."""
        fields = [name for name in self.editable if name not in self.sheet.key]
        return changed_fields(record, values, fields)

    def apply(self, rows: dict[str, list[Row]], report: Report) -> Counts:
        """Write the rows of the main sheet; returns (created, updated, unchanged)."""
        created = updated = unchanged = 0
        for chunk in self.chunks(rows.get(str(self.sheet.title), []), report):
            new: list[tuple[Row, dict[str, Any]]] = []
            for row, record, values in self.matched(chunk, report):
                if record is None:
                    new.append((row, values))
                    continue
                changes = self.changes(record, values)
                if not changes:
                    unchanged += 1
                elif written(report, row, partial(self.update, record, changes)):
                    updated += 1
            for row, values in new:
                if written(report, row, partial(self.create, values)):
                    created += 1
        return created, updated, unchanged

    def chunks(self, rows: Sequence[Row], report: Report) -> Iterator[list[Row]]:
        """The readable rows of the main sheet (the same record twice in the file is refused),
        a few thousand at a time, so a large file never holds all its records in memory."""
        readable = [row for row in duplicates(rows, report) if not row.failed]
        for start in range(0, len(readable), self.chunk_rows):
            yield readable[start : start + self.chunk_rows]

    def matched(self, rows: Sequence[Row], report: Report) -> list[tuple[Row, Any, dict[str, Any]]]:
        """Each row with its record (None: a new one) and its values."""
        existing, twice = index_by_key(self.records(rows), self.record_key)
        found = []
        for row in rows:
            key = row.key()
            if key in twice:
                report.cell(
                    row,
                    "",
                    _("hezuo 中有多条记录与此行相同（%(key)s），无法确定要更新哪一条。")
                    % {"key": key_text(row)},
                )
                continue
            try:
                values = self.values(row)
            except RowRefused as error:
                report.cell(row, error.column, error.message)
                continue
            for column, message in self.warnings(values):
                report.warning(row, column, message)
            found.append((row, existing.get(key), values))
        return found


def named(records: QuerySet[Any], field: str, rows: Sequence[Row]) -> list[Any]:
    """The records whose ``field`` is one the rows name (looked up a few hundred at a time)."""
    names = sorted({str(row.values.get(field)) for row in rows})
    found: list[Any] = []
    for start in range(0, len(names), 500):
        found += records.filter(**{f"{field}__in": names[start : start + 500]})
    return found


def key_text(row: Row) -> str:
    return listing(row.values.get(name) or "" for name in row.sheet.key)


def written(report: Report, row: Row, write: Callable[[], object]) -> bool:
    try:
        with transaction.atomic():
            write()
    except (ValidationError, HezuoError) as error:
        report.refusal(row, error)
        return False
    return True


def partner_lookup(access: Access) -> Lookup:
    return by_name(partner_list(access=access), "name_zh", "name_local")


def department_lookup(access: Access) -> Lookup:
    return by_name(department_list(access=access), "name")
