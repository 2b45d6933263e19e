"""Reads for cooperative programmes."""

from __future__ import annotations

from django.db.models import QuerySet

from hezuo.accounts.access import Access, scoped, scoped_get
from hezuo.programmes.models import Programme


def programme_list(*, access: Access) -> QuerySet[Programme]:
    return scoped(Programme.objects.all(), access=access).prefetch_related("partners")


def programme_get(*, access: Access, pk: object) -> Programme:
    return scoped_get(Programme.objects.all(), access=access, pk=pk)
