"""Construction projects: the task tree with its points, and the completion rate."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from hezuo.accounts.access import Capability
from hezuo.construction.calculations import completion, kpi_sentence
from hezuo.construction.models import TaskPointStatus
from hezuo.construction.selectors import (
    completion_by_year,
    project_get,
    task_point_get,
    task_tree,
)
from hezuo.construction.services import task_point_update
from hezuo.core.errors import HezuoError, refusal_text
from hezuo.web.access import SchoolRequest, school_view


@school_view
def project(request: SchoolRequest, pk: int) -> HttpResponse:
    return _project_page(request, pk)


def _project_page(request: SchoolRequest, pk: int, problem: str = "") -> HttpResponse:
    access = request.access
    found = project_get(access=access, pk=pk)
    tree = task_tree(access=access, project=found)
    rows = []
    for task, depth, points in tree:
        editable = access.can(Capability.EDIT_TASK_POINTS, department_id=task.owner_department_id)
        result = completion(point.counted_status for point in points)
        rows.append(
            {
                "task": task,
                "depth": depth,
                "points": points,
                "editable": editable,
                "completion": result,
                "sentence": kpi_sentence(
                    task_title=task.title, result=result, as_of_year=found.period_end_year
                )
                if points
                else "",
            }
        )
    overall = completion(point.counted_status for _, _, points in tree for point in points)
    return render(
        request,
        "web/project.html",
        {
            "project": found,
            "rows": rows,
            "years": completion_by_year(access=access, project=found),
            "overall": overall,
            "statuses": TaskPointStatus.choices,
            "problem": problem,
        },
    )


@require_POST
@school_view
def point_status(request: SchoolRequest, pk: int) -> HttpResponse:
    """Change one task point's status (a task owner records progress here)."""
    access = request.access
    point = task_point_get(access=access, pk=pk)
    status = request.POST.get("status", "")
    if status not in TaskPointStatus.values:
        raise PermissionDenied
    problem = ""
    try:
        task_point_update(access=access, point=point, status=TaskPointStatus(status))
    except (ValidationError, HezuoError) as error:
        problem = refusal_text(error)
    if request.htmx:
        return _project_page(request, point.task.project_id, problem)
    return redirect("web:project", school=access.school.slug, pk=point.task.project_id)
