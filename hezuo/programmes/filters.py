from __future__ import annotations

from hezuo.accounts.filters import SchoolFilterSet
from hezuo.programmes.models import Programme


class ProgrammeFilterSet(SchoolFilterSet):
    search_fields = ("name", "major", "approval_number")

    class Meta:
        model = Programme
        fields = ("form", "level", "status", "department")
