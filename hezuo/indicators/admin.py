from __future__ import annotations

from django.contrib import admin

from hezuo.indicators.models import IndicatorDefinition


@admin.register(IndicatorDefinition)
class IndicatorDefinitionAdmin(admin.ModelAdmin[IndicatorDefinition]):
    list_display = (
        "code",
        "name",
        "unit",
        "report_family",
        "valid_from_year",
        "valid_to_year",
        "formula_kind",
        "school",
    )
    list_filter = ("school", "report_family", "unit", "formula_kind", "is_official")
    search_fields = ("code", "name")
