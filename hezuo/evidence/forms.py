from __future__ import annotations

from typing import Any

from django import forms

from hezuo.accounts.forms import SchoolModelForm
from hezuo.evidence.models import Evidence


class EvidenceForm(SchoolModelForm):
    """An evidence item's description and links (its files are managed separately)."""

    class Meta:
        model = Evidence
        fields = (
            "project",
            "task",
            "code",
            "title",
            "kind",
            "dated_on",
            "description",
            "task_points",
            "activities",
            "agreements",
            "programmes",
        )
        widgets = {
            "dated_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 3}),
            "task_points": forms.SelectMultiple(attrs={"size": 6}),
            "activities": forms.SelectMultiple(attrs={"size": 6}),
            "agreements": forms.SelectMultiple(attrs={"size": 4}),
            "programmes": forms.SelectMultiple(attrs={"size": 4}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            # An item stays under its task; moving it means renumbering (the evidence issue).
            self.fields["project"].disabled = True
            self.fields["task"].disabled = True
