"""Who may make reports: the office makes the school-wide ones (annual, assistance, quality
table) and keeps their templates and narratives; a completion report follows the binder's rule
(the office, or the liaison or task owner of the task's department). Everyone who reads the
school's records may read and download the versions."""

from __future__ import annotations

from hezuo.accounts.access import Access, Capability
from hezuo.binders.rules import may_compile, require_compile
from hezuo.construction.models import ConstructionProject, Task
from hezuo.reports.kinds import ReportKind


def may_build(access: Access, kind: str, task: Task | None = None) -> bool:
    if kind == ReportKind.COMPLETION:
        return may_compile(access, task)
    return access.can(Capability.MANAGE_SCHOOL)


def require_build(
    access: Access,
    kind: str,
    *,
    project: ConstructionProject | None = None,
    task: Task | None = None,
) -> None:
    if kind == ReportKind.COMPLETION:
        assert project is not None
        require_compile(access, project, task)
    else:
        access.require(Capability.MANAGE_SCHOOL)
