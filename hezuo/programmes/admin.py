from __future__ import annotations

from django.contrib import admin

from hezuo.programmes.models import Programme


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin[Programme]):
    list_display = ("name", "form", "level", "approval_number", "status", "school")
    list_filter = ("school", "form", "level", "status")
    search_fields = ("name", "major", "approval_number")
    autocomplete_fields = ("partners", "department")
