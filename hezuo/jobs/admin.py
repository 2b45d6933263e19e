from __future__ import annotations

from django.contrib import admin

from hezuo.jobs.models import Job


@admin.register(Job)
class JobAdmin(admin.ModelAdmin[Job]):
    list_display = ("title", "school", "kind", "status", "progress", "created_at", "finished_at")
    list_filter = ("school", "kind", "status")
    search_fields = ("title",)
    readonly_fields = ("params", "log", "output", "created_by", "started_at", "finished_at")
