from __future__ import annotations

from hezuo.accounts.filters import SchoolFilterSet
from hezuo.agreements.models import Agreement


class AgreementFilterSet(SchoolFilterSet):
    search_fields = ("title", "notes", "partners__name_zh")

    class Meta:
        model = Agreement
        fields = ("kind", "status", "partners", "department")
