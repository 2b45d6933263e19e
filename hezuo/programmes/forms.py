from __future__ import annotations

from django import forms

from hezuo.accounts.forms import SchoolModelForm
from hezuo.programmes.models import Programme


class ProgrammeForm(SchoolModelForm):
    class Meta:
        model = Programme
        fields = (
            "name",
            "form",
            "partners",
            "department",
            "major",
            "level",
            "approval_number",
            "is_filed_with_moe",
            "approval_valid_until",
            "duration_years",
            "intake_per_cohort",
            "started_year",
            "in_bay_area",
            "intake_start_year",
            "intake_end_year",
            "certificates",
            "status",
            "notes",
        )
        widgets = {
            "approval_valid_until": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "partners": forms.SelectMultiple(attrs={"size": 6}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
