from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models
from django.http import HttpRequest

from hezuo.activities.models import (
    Activity,
    ActivityLikeness,
    ActivityTally,
    Outcome,
    Participation,
    ParticipationTally,
    StaleMonth,
    TallyVersion,
)
from hezuo.core.admin import InlineRowsTakeParentSchool


class ParticipationInline(admin.TabularInline[Participation, Activity]):
    model = Participation
    extra = 0
    exclude = ("school",)


class OutcomeInline(admin.StackedInline[Outcome, Activity]):
    model = Outcome
    extra = 0
    exclude = ("school",)


@admin.register(Activity)
class ActivityAdmin(InlineRowsTakeParentSchool, admin.ModelAdmin[Activity]):
    list_display = (
        "title",
        "activity_type",
        "direction",
        "mode",
        "start_on",
        "is_estimate",
        "is_cancelled",
        "school",
    )
    list_filter = ("school", "activity_type", "direction", "mode", "is_estimate", "is_cancelled")
    search_fields = ("title", "place", "summary")
    date_hierarchy = "start_on"
    autocomplete_fields = ("partners", "programme", "department")
    inlines = (ParticipationInline, OutcomeInline)


@admin.register(Participation)
class ParticipationAdmin(admin.ModelAdmin[Participation]):
    list_display = ("activity", "person_category", "role", "headcount", "days", "hours")
    list_filter = ("school", "person_category", "role")
    search_fields = ("activity__title", "note")
    autocomplete_fields = ("activity",)


@admin.register(Outcome)
class OutcomeAdmin(admin.ModelAdmin[Outcome]):
    list_display = ("title", "kind", "level", "grade", "achieved_on", "school")
    list_filter = ("school", "kind", "level")
    search_fields = ("title",)
    autocomplete_fields = ("activity",)


class DerivedAdmin(admin.ModelAdmin[Any]):
    """Tallies and their stale marks are the database's own bookkeeping (triggers and
    refreshes keep them): shown to the operator, never written by hand."""

    list_filter = ("school",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return False


@admin.register(StaleMonth)
class StaleMonthAdmin(DerivedAdmin):
    date_hierarchy = "month"
    list_display = ("month", "school")


@admin.register(ActivityTally)
class ActivityTallyAdmin(DerivedAdmin):
    date_hierarchy = "month"
    list_display = ("month", "activity_type", "activities", "school")


@admin.register(ActivityLikeness)
class ActivityLikenessAdmin(DerivedAdmin):
    date_hierarchy = "month"
    list_display = ("month", "activity", "likeness", "school")


@admin.register(TallyVersion)
class TallyVersionAdmin(DerivedAdmin):
    list_display = ("school", "token")


@admin.register(ParticipationTally)
class ParticipationTallyAdmin(DerivedAdmin):
    date_hierarchy = "month"
    list_display = (
        "month",
        "activity_type",
        "is_estimate",
        "person_category",
        "role",
        "headcount",
        "day_hundredths",
        "hour_hundredths",
        "row_count",
        "school",
    )
