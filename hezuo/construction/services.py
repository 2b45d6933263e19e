"""Writes for construction projects, their task tree and task points.

The office admin sets up projects, tasks and points; a task owner updates the points (status,
completion, narrative) of the tasks their department owns. Who may save a task or a point is
decided on the record as stored and on the fields whose value really changes.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TypedDict, Unpack

from django.db import transaction
from django.utils import timezone

from hezuo.accounts.access import Access, Capability
from hezuo.accounts.models import Department
from hezuo.construction.models import (
    ConstructionProject,
    ProjectKind,
    Task,
    TaskAchievement,
    TaskLevel,
    TaskPoint,
    TaskPointStatus,
    TaskYearSummary,
)
from hezuo.core.writes import (
    changing,
    create_audited,
    delete_audited,
    stored_for_update,
    update_audited,
)


class ProjectChanges(TypedDict, total=False):
    """What ``project_update`` may change, each with the type it takes."""

    name: str
    kind: ProjectKind
    period_start_year: int
    period_end_year: int
    round: str
    funding_total: Decimal | None
    description: str


class TaskChanges(TypedDict, total=False):
    """What ``task_update`` may change (a task keeps its place in the tree), each with the
    type it takes."""

    title: str
    level: TaskLevel
    owner_department: Department | None
    narrative: str


class TaskPointChanges(TypedDict, total=False):
    """What ``task_point_update`` may change (a point stays under its task), each with the type
    it takes; the last three are progress, which a task owner records."""

    year: int
    sequence: int
    text: str
    target_quantity: Decimal | None
    target_unit: str
    status: TaskPointStatus
    completed_on: dt.date | None
    narrative: str


PROJECT_EDITABLE = tuple(ProjectChanges.__annotations__)
TASK_EDITABLE = tuple(TaskChanges.__annotations__)
TASK_POINT_EDITABLE = tuple(TaskPointChanges.__annotations__)
TASK_POINT_PROGRESS_FIELDS = ("status", "completed_on", "narrative")


def project_create(
    *,
    access: Access,
    name: str,
    kind: ProjectKind,
    period_start_year: int,
    period_end_year: int,
    round: str = "",
    funding_total: Decimal | None = None,
    description: str = "",
) -> ConstructionProject:
    access.require(Capability.MANAGE_SCHOOL)
    return create_audited(
        ConstructionProject(
            school=access.school,
            name=name.strip(),
            kind=kind,
            period_start_year=period_start_year,
            period_end_year=period_end_year,
            round=round,
            funding_total=funding_total,
            description=description,
        ),
        actor=access.user,
    )


def project_update(
    *, access: Access, project: ConstructionProject, **changes: Unpack[ProjectChanges]
) -> ConstructionProject:
    access.require(Capability.MANAGE_SCHOOL)
    access.ensure_own(project)
    return update_audited(project, actor=access.user, changes=changes, allowed=PROJECT_EDITABLE)


def task_create(
    *,
    access: Access,
    project: ConstructionProject,
    code: str,
    title: str,
    parent: Task | None = None,
    level: TaskLevel = TaskLevel.SCHOOL,
    owner_department: Department | None = None,
    narrative: str = "",
) -> Task:
    access.require(Capability.MANAGE_SCHOOL)
    access.ensure_own(project, parent, owner_department)
    return create_audited(
        Task(
            school=access.school,
            project=project,
            parent=parent,
            code=code.strip(),
            title=title.strip(),
            level=level,
            owner_department=owner_department,
            narrative=narrative,
        ),
        actor=access.user,
    )


@transaction.atomic
def task_update(*, access: Access, task: Task, **changes: Unpack[TaskChanges]) -> Task:
    """The task's owner (its department as stored) writes its narrative; changing anything
    else is the office's. Fields sent with the value they already have change nothing."""
    access.ensure_own(task)
    current = stored_for_update(task)
    if changing(current, changes) <= {"narrative"}:
        access.require(Capability.EDIT_TASK_POINTS, department_id=current.owner_department_id)
    else:
        access.require(Capability.MANAGE_SCHOOL)
    return update_audited(
        task, actor=access.user, changes=changes, allowed=TASK_EDITABLE, stored=current
    )


def task_point_create(
    *,
    access: Access,
    task: Task,
    year: int,
    sequence: int,
    text: str,
    target_quantity: Decimal | None = None,
    target_unit: str = "",
    status: TaskPointStatus = TaskPointStatus.NOT_STARTED,
    completed_on: dt.date | None = None,
    narrative: str = "",
) -> TaskPoint:
    access.require(Capability.MANAGE_SCHOOL)
    access.ensure_own(task)
    return create_audited(
        TaskPoint(
            school=access.school,
            task=task,
            year=year,
            sequence=sequence,
            text=text.strip(),
            target_quantity=target_quantity,
            target_unit=target_unit,
            status=status,
            completed_on=completed_on,
            narrative=narrative,
        ),
        actor=access.user,
    )


@transaction.atomic
def task_point_update(
    *, access: Access, point: TaskPoint, **changes: Unpack[TaskPointChanges]
) -> TaskPoint:
    """A task owner may record progress; changing what the point asks for is the office's.
    Both are decided on the point as stored: fields sent with the value they already have
    change nothing.

    A point newly marked completed without a completion date is completed today.
    """
    access.ensure_own(point)
    current = stored_for_update(point)
    if (
        changes.get("status") == TaskPointStatus.COMPLETED
        and current.status != TaskPointStatus.COMPLETED
        and changes.get("completed_on", current.completed_on) is None
    ):
        changes["completed_on"] = timezone.localdate()
    if changing(current, changes) <= set(TASK_POINT_PROGRESS_FIELDS):
        access.require(Capability.EDIT_TASK_POINTS, department_id=current.task.owner_department_id)
    else:
        access.require(Capability.MANAGE_SCHOOL)
    return update_audited(
        point, actor=access.user, changes=changes, allowed=TASK_POINT_EDITABLE, stored=current
    )


def task_point_delete(*, access: Access, point: TaskPoint) -> None:
    access.require(Capability.MANAGE_SCHOOL)
    access.ensure_own(point)
    delete_audited(point, actor=access.user)


def task_year_summary_set(
    *, access: Access, task: Task, year: int, narrative: str
) -> TaskYearSummary:
    """Write (or rewrite) a task's narrative for one year."""
    access.ensure_own(task)
    access.require(Capability.EDIT_TASK_POINTS, department_id=task.owner_department_id)
    existing = TaskYearSummary.objects.filter(task=task, year=year).first()
    if existing is not None:
        return update_audited(
            existing, actor=access.user, changes={"narrative": narrative}, allowed=("narrative",)
        )
    return create_audited(
        TaskYearSummary(school=access.school, task=task, year=year, narrative=narrative),
        actor=access.user,
    )


def task_achievement_create(
    *, access: Access, task: Task, sequence: int, title: str, narrative: str = ""
) -> TaskAchievement:
    access.ensure_own(task)
    access.require(Capability.EDIT_TASK_POINTS, department_id=task.owner_department_id)
    return create_audited(
        TaskAchievement(
            school=access.school, task=task, sequence=sequence, title=title, narrative=narrative
        ),
        actor=access.user,
    )


def project_delete(*, access: Access, project: ConstructionProject) -> None:
    """Delete a project without tasks (tasks protect their project)."""
    access.require(Capability.MANAGE_SCHOOL)
    access.ensure_own(project)
    delete_audited(project, actor=access.user)


def task_delete(*, access: Access, task: Task) -> None:
    """Delete a task without sub-tasks, points or evidence (they protect it)."""
    access.require(Capability.MANAGE_SCHOOL)
    access.ensure_own(task)
    delete_audited(task, actor=access.user)
