from __future__ import annotations

from django.db.models import QuerySet

from hezuo.accounts.access import Access, scoped, scoped_get
from hezuo.imports.models import ImportRun


def import_run_list(*, access: Access, kind: str | None = None) -> QuerySet[ImportRun]:
    """The school's checks and imports, newest first (a kind's only, when given)."""
    runs = scoped(ImportRun.objects.all(), access=access).select_related(
        "source", "job", "created_by"
    )
    return runs.filter(kind=kind) if kind is not None else runs


def import_run_get(*, access: Access, pk: object) -> ImportRun:
    return scoped_get(
        ImportRun.objects.select_related("source", "job", "created_by"), access=access, pk=pk
    )
