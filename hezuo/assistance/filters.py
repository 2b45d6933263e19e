from __future__ import annotations

from hezuo.accounts.filters import SchoolFilterSet
from hezuo.assistance.models import Assistance, AssistanceRecord


class AssistanceRecordFilterSet(SchoolFilterSet):
    search_fields = ("assistance__counterpart", "detail")

    class Meta:
        model = AssistanceRecord
        fields = ("year", "item", "assistance")


class AssistanceFilterSet(SchoolFilterSet):
    search_fields = ("counterpart", "notes")

    class Meta:
        model = Assistance
        fields = ("kind",)
