from __future__ import annotations

from django import forms

from hezuo.accounts.forms import SchoolModelForm
from hezuo.activities.models import Activity, Outcome, Participation
from hezuo.partners.countries import country_choices


class ActivityForm(SchoolModelForm):
    class Meta:
        model = Activity
        fields = (
            "title",
            "activity_type",
            "direction",
            "mode",
            "start_on",
            "end_on",
            "place",
            "country_code",
            "partners",
            "programme",
            "department",
            "summary",
            "is_cancelled",
            "is_estimate",
            "method_note",
            "in_bay_area",
        )
        widgets = {
            "start_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "end_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "partners": forms.SelectMultiple(attrs={"size": 6}),
            "summary": forms.Textarea(attrs={"rows": 3}),
            "method_note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["country_code"] = forms.ChoiceField(
            label=Activity._meta.get_field("country_code").verbose_name,
            choices=[("", "---------"), *country_choices()],
            required=False,
        )


class ParticipationForm(forms.ModelForm):  # type: ignore[type-arg]
    """One participation row, edited inline on its activity."""

    class Meta:
        model = Participation
        fields = ("person_category", "role", "headcount", "days", "hours", "note")
        widgets = {
            "headcount": forms.NumberInput(attrs={"min": 1, "class": "js-headcount"}),
            "days": forms.NumberInput(attrs={"step": "0.01", "min": 0, "class": "js-days"}),
            "hours": forms.NumberInput(attrs={"step": "0.01", "min": 0, "class": "js-hours"}),
        }


ParticipationFormSet = forms.modelformset_factory(
    Participation, form=ParticipationForm, extra=1, can_delete=True
)


class OutcomeForm(SchoolModelForm):
    class Meta:
        model = Outcome
        fields = (
            "activity",
            "kind",
            "title",
            "achieved_on",
            "level",
            "grade",
            "standard_kind",
            "quantity",
            "unit",
            "note",
        )
        widgets = {
            "achieved_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "note": forms.Textarea(attrs={"rows": 3}),
        }
