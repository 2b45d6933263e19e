from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from hezuo.core.models import AuditEvent, School

admin.site.site_header = _("hezuo 合作 · 数据管理")
admin.site.site_title = _("hezuo 合作")
admin.site.index_title = _("平台数据维护")


@admin.register(School)
class SchoolAdmin(admin.ModelAdmin[School]):
    list_display = ("name", "slug", "code", "stage", "province", "hours_per_day")
    search_fields = ("name", "name_en", "slug", "code")
    list_filter = ("stage", "province")
    prepopulated_fields = {"slug": ("name_en",)}


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin[AuditEvent]):
    """The audit trail is evidence itself: it can be read and searched, never edited."""

    list_display = ("created_at", "school", "actor", "action", "content_type", "object_repr")
    list_filter = ("school", "action", "content_type")
    search_fields = ("object_repr",)
    date_hierarchy = "created_at"
    readonly_fields = [field.name for field in AuditEvent._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class InlineRowsTakeParentSchool:
    """Admin mixin: rows added inline belong to the school of the record they are added to."""

    def save_formset(self, request, form, formset, change):  # type: ignore[no-untyped-def]
        for row in formset.save(commit=False):
            row.school_id = form.instance.school_id
            row.save()
        for deleted in formset.deleted_objects:
            deleted.delete()
        formset.save_m2m()
