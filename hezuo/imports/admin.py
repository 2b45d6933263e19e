from __future__ import annotations

from django.contrib import admin

from hezuo.imports.models import ImportRun


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin[ImportRun]):
    """Checks and imports are made by the worker; the admin shows them and what they found."""

    list_display = ("__str__", "school", "kind", "is_commit", "created_by", "created_at")
    list_filter = ("school", "kind", "is_commit")
    raw_id_fields = ("source", "checked", "job", "created_by")
    readonly_fields = ("outcome",)
