from __future__ import annotations

from typing import Any

from django import forms

from hezuo.accounts.forms import SchoolModelForm
from hezuo.partners.countries import country_choices
from hezuo.partners.models import Partner


class PartnerForm(SchoolModelForm):
    class Meta:
        model = Partner
        fields = (
            "name_zh",
            "name_local",
            "country_code",
            "org_type",
            "status",
            "is_belt_and_road",
            "website",
            "schac_code",
            "pic",
            "erasmus_code",
            "notes",
        )
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["country_code"] = forms.ChoiceField(
            label=Partner._meta.get_field("country_code").verbose_name,
            choices=[("", "---------"), *country_choices()],
        )
