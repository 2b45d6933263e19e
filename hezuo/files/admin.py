from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from hezuo.files.models import StoredFile


@admin.register(StoredFile)
class StoredFileAdmin(admin.ModelAdmin[StoredFile]):
    """Bytes are content-addressed and never overwritten, so only the display name is editable."""

    list_display = ("original_name", "school", "file_type", "size", "page_count", "created_at")
    list_filter = ("school", "file_type")
    search_fields = ("original_name", "sha256")
    readonly_fields = ("school", "sha256", "size", "file_type", "page_count", "uploaded_by")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
