"""Reads for paired assistance."""

from __future__ import annotations

from django.db.models import QuerySet

from hezuo.accounts.access import Access, scoped, scoped_get
from hezuo.assistance.models import Assistance, AssistanceRecord


def assistance_list(*, access: Access) -> QuerySet[Assistance]:
    return scoped(Assistance.objects.all(), access=access).select_related("agreement")


def assistance_get(*, access: Access, pk: object) -> Assistance:
    return scoped_get(Assistance.objects.all(), access=access, pk=pk)


def assistance_record_list(
    *, access: Access, year: int | None = None
) -> QuerySet[AssistanceRecord]:
    records = scoped(AssistanceRecord.objects.all(), access=access).select_related("assistance")
    if year is not None:
        records = records.filter(year=year)
    return records


def assistance_record_get(*, access: Access, pk: object) -> AssistanceRecord:
    return scoped_get(AssistanceRecord.objects.select_related("assistance"), access=access, pk=pk)
