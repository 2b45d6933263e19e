from __future__ import annotations

from django.contrib import admin

from hezuo.indicators.models import IndicatorDefinition, IndicatorValue


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
    filter_horizontal = ("claimed_activities",)


@admin.register(IndicatorValue)
class IndicatorValueAdmin(admin.ModelAdmin[IndicatorValue]):
    """Values are computed; only the override (with its reason) is for people to set."""

    list_display = (
        "definition",
        "year",
        "period_kind",
        "computed_value",
        "override_value",
        "includes_estimates",
        "computed_at",
        "school",
    )
    list_filter = ("school", "year", "period_kind", "includes_estimates")
    search_fields = ("definition__name", "definition__code")
    readonly_fields = (
        "school",
        "definition",
        "year",
        "period_kind",
        "computed_value",
        "computed_exact",
        "includes_estimates",
        "provenance",
        "warnings",
        "computed_at",
    )
