from __future__ import annotations

from django.contrib import admin

from hezuo.activities.models import Activity, Outcome, Participation
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
