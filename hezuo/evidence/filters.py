from __future__ import annotations

from hezuo.accounts.filters import SchoolFilterSet
from hezuo.evidence.models import Evidence


class EvidenceFilterSet(SchoolFilterSet):
    search_fields = ("code", "title", "description")

    class Meta:
        model = Evidence
        fields = ("project", "task", "kind", "review_status")
