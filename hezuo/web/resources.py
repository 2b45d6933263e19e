"""A resource is one kind of record as the UI shows it: its list columns, FilterSet, form,
and the selectors and services behind it. The generic views in ``crud.py`` serve every
resource the same way, so access checks, errors and history cannot differ between pages."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

import django_filters
from django import forms
from django.db import models
from django.db.models import QuerySet
from django.utils.functional import Promise

from hezuo.accounts.access import Access, Capability

M = TypeVar("M", bound=models.Model)


@dataclass(frozen=True)
class Column(Generic[M]):
    """One column of a list: its heading, its value, and the field it sorts by."""

    label: str | Promise
    value: Callable[[M], object]
    order_by: str = ""
    link: bool = False


@dataclass(frozen=True)
class Resource(Generic[M]):
    slug: str  # the URL segment, e.g. "partners"
    model: type[M]
    label: str | Promise
    label_plural: str | Promise
    columns: Sequence[Column[M]]
    filterset: type[django_filters.FilterSet]
    form: type[forms.ModelForm]  # type: ignore[type-arg]
    list: Callable[[Access], QuerySet[M]]
    get: Callable[[Access, int], M]
    create: Callable[[Access, dict[str, Any]], M]
    update: Callable[[Access, M, dict[str, Any]], M]
    delete: Callable[[Access, M], None]
    write: Capability
    create_with: Capability | None = None  # when creating needs more than changing
    department_of: Callable[[M], int | None] = field(default=lambda obj: None)
    default_order: str = "-id"
    icon: str = "bi-circle"
    detail_template: str = "web/crud/detail.html"
    detail_context: Callable[[Access, M], dict[str, Any]] = field(default=lambda access, obj: {})

    def can_create(self, access: Access) -> bool:
        # A department role may create when it holds the capability for any department.
        scope = access.department_scope(self.create_with or self.write)
        return scope is None or bool(scope)

    def can_change(self, access: Access, obj: M) -> bool:
        return access.can(self.write, department_id=self.department_of(obj))

    def orderings(self) -> dict[str, str]:
        return {column.order_by: column.order_by for column in self.columns if column.order_by}
