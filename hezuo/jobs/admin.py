from __future__ import annotations

from django.contrib import admin

from hezuo.jobs.models import Job, ScheduledRun, WorkerBeat


@admin.register(Job)
class JobAdmin(admin.ModelAdmin[Job]):
    list_display = ("title", "school", "kind", "status", "progress", "created_at", "finished_at")
    list_filter = ("school", "kind", "status")
    search_fields = ("title",)
    readonly_fields = ("params", "log", "output", "created_by", "started_at", "finished_at")


@admin.register(WorkerBeat)
class WorkerBeatAdmin(admin.ModelAdmin[WorkerBeat]):
    """The running workers, as their heartbeats show them (read only)."""

    list_display = ("name", "host", "pid", "started_at", "seen_at")
    readonly_fields = ("name", "host", "pid", "started_at", "seen_at")

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(ScheduledRun)
class ScheduledRunAdmin(admin.ModelAdmin[ScheduledRun]):
    """What the workers did on their schedule, and how it ended (read only)."""

    list_display = ("name", "occurrence", "worker", "started_at", "finished_at", "outcome")
    list_filter = ("name",)
    readonly_fields = ("name", "occurrence", "worker", "started_at", "finished_at", "outcome")

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False
