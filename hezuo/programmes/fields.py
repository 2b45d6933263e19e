"""The model field of a 批准书编号."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db import models

from hezuo.programmes.approval_numbers import normalise_approval_number


class ApprovalNumberFormField(forms.CharField):
    """A number as typed, normalised before it is checked: it may be longer than the 18
    characters it is stored in while it still holds spaces, so it has no length limit of its
    own (the model's pattern checks the number)."""

    def to_python(self, value: Any) -> str:
        return normalise_approval_number(str(super().to_python(value) or ""))


class ApprovalNumberField(models.CharField):  # type: ignore[type-arg]
    """A 批准书编号, stored normalised (``normalise_approval_number``) whichever way it comes
    in — a page, the API, an import, the admin — before any rule checks it, so a number typed
    with spaces or in full-width characters is never refused as too long."""

    def to_python(self, value: Any) -> Any:
        value = super().to_python(value)
        return normalise_approval_number(value) if isinstance(value, str) else value

    def formfield(
        self,
        form_class: type[forms.Field] | None = None,
        choices_form_class: type[forms.ChoiceField] | None = None,
        **kwargs: Any,
    ) -> forms.Field | None:
        kwargs.setdefault("max_length", None)
        kwargs["form_class"] = form_class or ApprovalNumberFormField
        if choices_form_class is not None:
            kwargs["choices_form_class"] = choices_form_class
        return super().formfield(**kwargs)
