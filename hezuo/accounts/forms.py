"""The base of every form that edits a school's records."""

from __future__ import annotations

from typing import Any

from django import forms

from hezuo.accounts.access import Access


def limit_to_school(fields: dict[str, forms.Field], access: Access) -> None:
    """Offer only the acting school's records in every choice of another record."""
    for field in fields.values():
        if isinstance(field, forms.ModelChoiceField) and field.queryset is not None:
            model = field.queryset.model
            if any(f.name == "school" for f in model._meta.fields):
                field.queryset = field.queryset.filter(school=access.school)


class SchoolModelForm(forms.ModelForm):  # type: ignore[type-arg]
    """A ModelForm for one school: choices come from that school only. Saving is done by the
    caller through a service, never by ``form.save()``."""

    def __init__(self, *args: Any, access: Access, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.access = access
        limit_to_school(self.fields, access)
