from __future__ import annotations

from django import forms

from hezuo.accounts.forms import SchoolModelForm
from hezuo.construction.models import ConstructionProject, Task, TaskPoint


class ProjectForm(SchoolModelForm):
    class Meta:
        model = ConstructionProject
        fields = (
            "name",
            "kind",
            "period_start_year",
            "period_end_year",
            "round",
            "funding_total",
            "description",
        )
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class TaskForm(SchoolModelForm):
    class Meta:
        model = Task
        fields = ("project", "parent", "code", "title", "level", "owner_department", "narrative")
        widgets = {"narrative": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if self.instance.pk is not None:  # a task keeps its place in the tree
            for name in ("project", "parent", "code"):
                self.fields[name].disabled = True


class TaskPointForm(SchoolModelForm):
    class Meta:
        model = TaskPoint
        fields = (
            "task",
            "year",
            "sequence",
            "text",
            "target_quantity",
            "target_unit",
            "status",
            "completed_on",
            "narrative",
        )
        widgets = {
            "text": forms.Textarea(attrs={"rows": 2}),
            "narrative": forms.Textarea(attrs={"rows": 3}),
            "completed_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if self.instance.pk is not None:
            self.fields["task"].disabled = True
