from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

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

    parent = forms.ModelChoiceField(
        label=_("上级材料"),
        queryset=Evidence.objects.none(),
        required=False,
        help_text=_("编号留空时，新材料编在上级材料之下；不选则直接编在任务之下。"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            # An item stays under its task; moving it means renumbering.
            self.fields["project"].disabled = True
            self.fields["task"].disabled = True
            del self.fields["parent"]
        else:
            self.fields["code"].required = False
            self.fields["code"].help_text = _("留空则自动取任务（或上级材料）下的下一个编号。")
            self.fields["parent"].queryset = Evidence.objects.filter(  # type: ignore[attr-defined]
                school=self.access.school
            ).select_related("task")
            self.order_fields(["project", "task", "parent", "code"])
