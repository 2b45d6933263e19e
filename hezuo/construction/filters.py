from __future__ import annotations

from hezuo.accounts.filters import SchoolFilterSet
from hezuo.construction.models import ConstructionProject, Task, TaskPoint


class ProjectFilterSet(SchoolFilterSet):
    search_fields = ("name", "round")

    class Meta:
        model = ConstructionProject
        fields = ("kind",)


class TaskFilterSet(SchoolFilterSet):
    search_fields = ("code", "title", "narrative")

    class Meta:
        model = Task
        fields = ("project", "level", "owner_department")


class TaskPointFilterSet(SchoolFilterSet):
    search_fields = ("text", "narrative", "task__code")

    class Meta:
        model = TaskPoint
        fields = ("task", "year", "status")
