"""Reads of list exports."""

from __future__ import annotations

from hezuo.accounts.access import Access, scoped_get
from hezuo.exports.models import ListExport
from hezuo.exports.rules import require_list, sees_every_export


def list_export_get(*, access: Access, pk: object) -> ListExport:
    """One export: the asker's own (another person's is not found), or any of the school's for
    those who see every row; and only while the asker may still read that list."""
    exports = ListExport.objects.select_related("job", "output", "created_by")
    if not sees_every_export(access):
        exports = exports.filter(created_by__isnull=False, created_by=access.user)
    export = scoped_get(exports, access=access, pk=pk)
    require_list(access, export.kind)
    return export
