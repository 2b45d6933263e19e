"""Reads for construction projects, tasks and task points, and their completion."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from hezuo.accounts.access import Access, scoped, scoped_get
from hezuo.construction.calculations import Completion, completion, counted_status
from hezuo.construction.codes import code_sort_key
from hezuo.construction.models import ConstructionProject, Task, TaskPoint
from hezuo.core.errors import NotFound
from hezuo.core.review import ReviewStatus


def project_list(*, access: Access) -> QuerySet[ConstructionProject]:
    return scoped(ConstructionProject.objects.all(), access=access)


def project_get(*, access: Access, pk: object) -> ConstructionProject:
    return scoped_get(ConstructionProject.objects.all(), access=access, pk=pk)


def task_list(*, access: Access, project: ConstructionProject) -> QuerySet[Task]:
    access.ensure_own(project)
    return scoped(Task.objects.filter(project=project), access=access)


def task_get(*, access: Access, pk: object) -> Task:
    return scoped_get(Task.objects.select_related("project"), access=access, pk=pk)


def task_get_by_code(*, access: Access, project: ConstructionProject, code: str) -> Task:
    access.ensure_own(project)
    tasks = Task.objects.filter(project=project, code=code).select_related("project")
    task = scoped(tasks, access=access).first()
    if task is None:
        raise NotFound()
    return task


def task_point_list(*, access: Access, task: Task, year: int | None = None) -> QuerySet[TaskPoint]:
    """The points of ``task`` and of every task below it."""
    access.ensure_own(task)
    points = scoped(TaskPoint.objects.all(), access=access).filter(
        Q(task=task) | Q(task__project=task.project_id, task__code__startswith=f"{task.code}.")
    )
    if year is not None:
        points = points.filter(year=year)
    return points.select_related("task")


def task_completion(*, access: Access, task: Task, year: int | None = None) -> Completion:
    """任务完成率 of a task (including its sub-tasks), optionally for one year."""
    points = task_point_list(access=access, task=task, year=year)
    approved = _approved_evidence(points)
    rows = points.values_list("pk", "status")
    return completion(_counted(access, status, approved.get(pk, 0)) for pk, status in rows)


def completion_by_year(
    *, access: Access, project: ConstructionProject
) -> list[tuple[int, Completion]]:
    """任务完成率 of a project's task points, year by year over its period."""
    access.ensure_own(project)
    statuses: dict[int, list[str]] = {year: [] for year in project.years}
    points = scoped(TaskPoint.objects.filter(task__project=project), access=access)
    approved = _approved_evidence(points)
    for pk, year, status in points.values_list("pk", "year", "status"):
        statuses.setdefault(year, []).append(_counted(access, status, approved.get(pk, 0)))
    return [(year, completion(values)) for year, values in sorted(statuses.items())]


def _approved_evidence(points: QuerySet[TaskPoint]) -> dict[int, int]:
    """How many approved evidence items each of these points has (points with none absent)."""
    rows = (
        points.order_by()
        .filter(evidence__review_status=ReviewStatus.APPROVED)
        .values("pk")
        .annotate(approved=Count("evidence", distinct=True))
    )
    return {row["pk"]: row["approved"] for row in rows}


def _counted(access: Access, status: str, approved: int) -> str:
    return counted_status(
        status,
        approved_evidence=approved,
        needs_approved=access.school.completion_needs_approved_evidence,
    )


def task_tree(
    *, access: Access, project: ConstructionProject
) -> list[tuple[Task, int, list[TaskPoint]]]:
    """The project's tasks in code order, each with its depth and its points (each point
    annotated with ``evidence_count``), in a fixed number of queries."""
    tasks = sorted(task_list(access=access, project=project), key=lambda t: code_sort_key(t.code))
    points: dict[int, list[TaskPoint]] = {task.pk: [] for task in tasks}
    rows = (
        scoped(TaskPoint.objects.filter(task__project=project), access=access)
        .annotate(evidence_count=Count("evidence", distinct=True))
        .order_by("year", "sequence")
    )
    approved = _approved_evidence(rows)
    for point in rows:
        point.counted_status = _counted(access, point.status, approved.get(point.pk, 0))
        points[point.task_id].append(point)
    return [(task, task.code.count("."), points[task.pk]) for task in tasks]


def task_point_get(*, access: Access, pk: object) -> TaskPoint:
    return scoped_get(TaskPoint.objects.select_related("task"), access=access, pk=pk)


def task_point_list_all(*, access: Access) -> QuerySet[TaskPoint]:
    """Every task point of the school, for the list of points."""
    return scoped(TaskPoint.objects.all(), access=access).select_related("task")


def task_list_all(*, access: Access) -> QuerySet[Task]:
    """Every task of the school, for the list of tasks."""
    return scoped(Task.objects.all(), access=access).select_related("project", "owner_department")
