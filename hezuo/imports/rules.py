"""Who may import what (the services still check each row as it is written)."""

from __future__ import annotations

from hezuo.accounts.access import Access
from hezuo.core.errors import AccessDenied
from hezuo.imports.kinds import IMPORTERS


def may_import(access: Access, kind: str) -> bool:
    """Whether the actor may import ``kind`` at all: they may write some of its records."""
    importer = IMPORTERS.get(kind)
    return importer is not None and access.department_scope(importer.capability) != frozenset()


def require_import(access: Access, kind: str) -> None:
    if not may_import(access, kind):
        raise AccessDenied()
