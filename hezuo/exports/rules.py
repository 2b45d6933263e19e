"""Who may export a list, and whose exports they may see."""

from __future__ import annotations

from hezuo.accounts.access import Access, Capability
from hezuo.core.errors import AccessDenied
from hezuo.core.kinds import Kind
from hezuo.records.table import KINDS


def may_list(access: Access, kind: str) -> bool:
    """Whether the actor may read the list of ``kind`` — the list page's own rule: its selector
    refuses those who may not (nobody outside the school's readers; the members list only for
    those who manage the school)."""
    try:
        KINDS[Kind(kind)].list(access)
    except (ValueError, AccessDenied):
        return False
    return True


def require_list(access: Access, kind: str) -> None:
    if not may_list(access, kind):
        raise AccessDenied()


def sees_every_export(access: Access) -> bool:
    """An export holds the rows its asker could see, so another person's is reached only by
    those who manage the school (who see every row of every list)."""
    return access.can(Capability.MANAGE_SCHOOL)
