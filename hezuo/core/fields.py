"""Model fields shared by several apps."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db import models


class WebsiteField(models.URLField):  # type: ignore[type-arg]
    """A web address; typed without a scheme it is taken as https:// (Django 6's default)."""

    def formfield(
        self,
        form_class: type[forms.Field] | None = None,
        choices_form_class: type[forms.ChoiceField] | None = None,
        **kwargs: Any,
    ) -> forms.Field | None:
        kwargs.setdefault("assume_scheme", "https")
        # Pass the classes only when given: None would replace URLField's own form class.
        if form_class is not None:
            kwargs["form_class"] = form_class
        if choices_form_class is not None:
            kwargs["choices_form_class"] = choices_form_class
        return super().formfield(**kwargs)
