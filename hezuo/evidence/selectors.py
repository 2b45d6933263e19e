"""Reads for evidence."""

from __future__ import annotations

from django.db.models import QuerySet

from hezuo.accounts.access import Access, scoped, scoped_get
from hezuo.construction.models import ConstructionProject, Task
from hezuo.evidence.models import Evidence, ReviewStatus


def evidence_list(
    *,
    access: Access,
    project: ConstructionProject | None = None,
    task: Task | None = None,
    review_status: ReviewStatus | None = None,
) -> QuerySet[Evidence]:
    access.ensure_own(project, task)
    items = scoped(Evidence.objects.all(), access=access).select_related("task")
    if project is not None:
        items = items.filter(project=project)
    if task is not None:
        items = items.filter(project=task.project_id, code__startswith=f"{task.code}.")
    if review_status is not None:
        items = items.filter(review_status=review_status)
    return items


def evidence_get(*, access: Access, pk: object) -> Evidence:
    return scoped_get(Evidence.objects.select_related("task", "project"), access=access, pk=pk)
