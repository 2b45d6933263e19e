from __future__ import annotations

from django.contrib import admin

from hezuo.reports.models import Report, ReportHeading, ReportNarrative, ReportTemplate


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin[Report]):
    """Versions are made by the worker; the admin shows them and what they were made from."""

    list_display = ("title", "version", "school", "kind", "format", "year", "created_at")
    list_filter = ("school", "kind", "format")
    search_fields = ("title",)
    raw_id_fields = ("project", "task", "template", "job", "output", "created_by")
    readonly_fields = ("figures", "fingerprint", "page_count")


@admin.register(ReportTemplate)
class ReportTemplateAdmin(admin.ModelAdmin[ReportTemplate]):
    list_display = ("name", "school", "kind", "builtin", "is_active", "created_at")
    list_filter = ("school", "kind", "builtin", "is_active")
    raw_id_fields = ("file", "uploaded_by")
    readonly_fields = ("placeholders",)


@admin.register(ReportNarrative)
class ReportNarrativeAdmin(admin.ModelAdmin[ReportNarrative]):
    list_display = ("kind", "year", "section", "school", "updated_at")
    list_filter = ("school", "kind", "year")
    raw_id_fields = ("updated_by",)


@admin.register(ReportHeading)
class ReportHeadingAdmin(admin.ModelAdmin[ReportHeading]):
    list_display = ("kind", "section", "title", "school", "updated_at")
    list_filter = ("school", "kind")
    raw_id_fields = ("updated_by",)
