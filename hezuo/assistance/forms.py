from __future__ import annotations

from django import forms

from hezuo.accounts.forms import SchoolModelForm
from hezuo.assistance.models import AssistanceRecord


class AssistanceRecordForm(SchoolModelForm):
    class Meta:
        model = AssistanceRecord
        fields = ("assistance", "year", "item", "quantity", "unit", "approximation", "detail")
        widgets = {"detail": forms.TextInput()}
