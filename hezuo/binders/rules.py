"""Who may compile, freeze, share and cancel binders: the office for anything; a department's
liaison or task owner for a task of their department. Services enforce it; pages ask it to
decide which buttons to show."""

from __future__ import annotations

from hezuo.accounts.access import Access, Capability
from hezuo.construction.models import ConstructionProject, Task


def may_compile(access: Access, task: Task | None) -> bool:
    """May compile a binder of ``task`` (of the whole project when None)."""
    department = task.owner_department_id if task is not None else None
    return access.can(Capability.MANAGE_EVIDENCE, department_id=department)


def may_compile_some(access: Access) -> bool:
    """May compile a binder of at least one task."""
    return access.department_scope(Capability.MANAGE_EVIDENCE) != frozenset()


def require_compile(access: Access, project: ConstructionProject, task: Task | None) -> None:
    access.ensure_own(project, task)
    department = task.owner_department_id if task is not None else None
    access.require(Capability.MANAGE_EVIDENCE, department_id=department)
