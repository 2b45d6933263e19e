from __future__ import annotations

from hezuo.accounts.filters import SchoolFilterSet
from hezuo.indicators.models import IndicatorDefinition


class IndicatorDefinitionFilterSet(SchoolFilterSet):
    search_fields = ("code", "name", "source_ref")

    class Meta:
        model = IndicatorDefinition
        fields = ("report_family", "unit", "formula_kind", "is_official")
        filter_overrides: dict[object, object] = {}
