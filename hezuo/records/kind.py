"""One kind of record as hezuo keeps it, for every door (the web pages, the API, the exports,
the imports): its model, form, FilterSet, list columns, the selectors that read it and the
services that write it, and who may write it. ``table.py`` holds one subclass per kind."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import django_filters
from django import forms
from django.db import models
from django.db.models import QuerySet
from django.utils.functional import Promise

from hezuo.accounts.access import Access, Capability
from hezuo.core.kinds import Kind
from hezuo.imports.importer import Importer

M = TypeVar("M", bound=models.Model)


@dataclass(frozen=True)
class Column(Generic[M]):
    """One column of a list (and of its Excel export): its heading, its value, and the field it
    sorts by."""

    label: str | Promise
    value: Callable[[M], object]
    order_by: str = ""
    link: bool = False


class RecordKind(Generic[M]):
    """A kind of record. Subclasses name their parts as class attributes and read and write
    through their app's selectors and services, so every door obeys the same rules."""

    kind: Kind
    model: type[M]
    label_plural: str | Promise
    icon: str = "bi-circle"
    columns: Sequence[Column[M]]
    filterset: type[django_filters.FilterSet]
    form: type[forms.ModelForm]  # type: ignore[type-arg]
    write: Capability  # changing a record needs it (in the record's department, if it has one)
    create_with: Capability | None = None  # when creating needs more than changing
    default_order: str = "-id"
    importer: type[Importer] | None = None  # its Excel import, if it has one

    @property
    def label(self) -> str | Promise:
        return self.kind.label

    def list(self, access: Access) -> QuerySet[M]:
        raise NotImplementedError

    def get(self, access: Access, pk: int) -> M:
        raise NotImplementedError

    def create(self, access: Access, data: Mapping[str, Any]) -> M:
        """A new record from a valid form's ``cleaned_data``."""
        raise NotImplementedError

    def update(self, access: Access, record: M, data: Mapping[str, Any]) -> M:
        """``record`` changed to a valid form's ``cleaned_data`` (the service compares it with
        the record as stored)."""
        raise NotImplementedError

    def delete(self, access: Access, record: M) -> None:
        raise NotImplementedError

    def warnings(self, access: Access, record: M) -> Sequence[str]:
        """What looks wrong in a saved record but is allowed (shown once it is saved)."""
        return []

    def department_of(self, record: M) -> int | None:
        """The department a department role must hold to change ``record``."""
        return None

    def can_create(self, access: Access) -> bool:
        # A department role may create when it holds the capability for any department.
        scope = access.department_scope(self.create_with or self.write)
        return scope is None or bool(scope)

    def can_change(self, access: Access, record: M) -> bool:
        return access.can(self.write, department_id=self.department_of(record))

    def orderings(self) -> dict[str, str]:
        return {column.order_by: column.order_by for column in self.columns if column.order_by}


def only(data: Mapping[str, Any], names: Sequence[str]) -> dict[str, Any]:
    """The values of ``data`` a service lets change (a form also holds fields that are shown but
    not changed, such as an item's task)."""
    return {name: value for name, value in data.items() if name in names}
