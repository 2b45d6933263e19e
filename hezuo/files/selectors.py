"""Reads for stored files."""

from __future__ import annotations

from hezuo.accounts.access import Access, scoped_get
from hezuo.files.models import StoredFile


def stored_file_get(*, access: Access, pk: object) -> StoredFile:
    """One of the school's stored files (with its PDF rendition loaded)."""
    return scoped_get(StoredFile.objects.select_related("pdf_rendition"), access=access, pk=pk)
