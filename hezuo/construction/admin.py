from __future__ import annotations

from django.contrib import admin

from hezuo.construction.models import (
    ConstructionProject,
    Task,
    TaskAchievement,
    TaskPoint,
    TaskYearSummary,
)


@admin.register(ConstructionProject)
class ConstructionProjectAdmin(admin.ModelAdmin[ConstructionProject]):
    list_display = ("name", "kind", "period_start_year", "period_end_year", "school")
    list_filter = ("school", "kind")
    search_fields = ("name",)


@admin.register(Task)
class TaskAdmin(admin.ModelAdmin[Task]):
    list_display = ("code", "title", "level", "project", "owner_department")
    list_filter = ("school", "project", "level")
    search_fields = ("code", "title")
    autocomplete_fields = ("project", "parent", "owner_department")


@admin.register(TaskPoint)
class TaskPointAdmin(admin.ModelAdmin[TaskPoint]):
    list_display = ("task", "year", "sequence", "text", "target_quantity", "target_unit", "status")
    list_filter = ("school", "year", "status")
    search_fields = ("text", "task__code")
    autocomplete_fields = ("task",)


@admin.register(TaskYearSummary)
class TaskYearSummaryAdmin(admin.ModelAdmin[TaskYearSummary]):
    list_display = ("task", "year")
    list_filter = ("school", "year")
    autocomplete_fields = ("task",)


@admin.register(TaskAchievement)
class TaskAchievementAdmin(admin.ModelAdmin[TaskAchievement]):
    list_display = ("task", "sequence", "title")
    list_filter = ("school",)
    search_fields = ("title",)
    autocomplete_fields = ("task",)
