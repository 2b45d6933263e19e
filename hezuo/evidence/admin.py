from __future__ import annotations

from django.contrib import admin

from hezuo.core.admin import InlineRowsTakeParentSchool
from hezuo.evidence.models import (
    Evidence,
    EvidenceFile,
    EvidenceImport,
    EvidenceImportSource,
    SearchEntry,
)


class EvidenceFileInline(admin.TabularInline[EvidenceFile, Evidence]):
    model = EvidenceFile
    extra = 0
    exclude = ("school",)
    raw_id_fields = ("stored_file",)


class SearchEntryInline(admin.StackedInline[SearchEntry, Evidence]):
    """The item's searchable text, as indexed (kept by the index, never typed)."""

    model = SearchEntry
    extra = 0
    can_delete = False
    readonly_fields = ("body",)


@admin.register(Evidence)
class EvidenceAdmin(InlineRowsTakeParentSchool, admin.ModelAdmin[Evidence]):
    list_display = ("code", "title", "kind", "dated_on", "review_status", "project")
    list_filter = ("school", "project", "kind", "review_status")
    search_fields = ("code", "title")
    autocomplete_fields = (
        "project",
        "task",
        "task_points",
        "achievements",
        "activities",
        "agreements",
        "programmes",
    )
    inlines = (EvidenceFileInline, SearchEntryInline)


class EvidenceImportSourceInline(admin.TabularInline[EvidenceImportSource, EvidenceImport]):
    model = EvidenceImportSource
    extra = 0
    raw_id_fields = ("stored_file",)


@admin.register(EvidenceImport)
class EvidenceImportAdmin(admin.ModelAdmin[EvidenceImport]):
    """Previews and imports are made by the worker; the admin shows them and what they found."""

    list_display = ("__str__", "school", "is_commit", "created_by", "created_at")
    list_filter = ("school", "is_commit")
    raw_id_fields = ("project", "checked", "job", "created_by")
    readonly_fields = ("refused", "outcome")
    inlines = (EvidenceImportSourceInline,)
