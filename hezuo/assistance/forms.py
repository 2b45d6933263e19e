from __future__ import annotations

from django import forms

from hezuo.accounts.forms import SchoolModelForm
from hezuo.assistance.models import Assistance, AssistanceRecord


class AssistanceRecordForm(SchoolModelForm):
    class Meta:
        model = AssistanceRecord
        fields = ("assistance", "year", "item", "quantity", "unit", "approximation", "detail")
        widgets = {"detail": forms.TextInput()}


class AssistanceForm(SchoolModelForm):
    class Meta:
        model = Assistance
        fields = ("counterpart", "kind", "agreement", "start_on", "end_on", "notes")
        widgets = {
            "start_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "end_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
