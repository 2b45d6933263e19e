from __future__ import annotations

from django import forms

from hezuo.accounts.forms import SchoolModelForm
from hezuo.agreements.models import Agreement


class AgreementForm(SchoolModelForm):
    class Meta:
        model = Agreement
        fields = (
            "title",
            "kind",
            "partners",
            "department",
            "status",
            "signed_on",
            "valid_from",
            "valid_until",
            "notes",
        )
        widgets = {
            "signed_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "valid_from": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "valid_until": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "partners": forms.SelectMultiple(attrs={"size": 6}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
