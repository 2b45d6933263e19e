from __future__ import annotations

from django.contrib import admin

from hezuo.exports.models import ListExport


@admin.register(ListExport)
class ListExportAdmin(admin.ModelAdmin[ListExport]):
    """Exports are written by the worker; the admin shows them and what they wrote."""

    list_display = ("__str__", "school", "kind", "rows", "created_by", "created_at")
    list_filter = ("school", "kind")
    raw_id_fields = ("job", "output", "created_by")
    readonly_fields = ("rows",)
