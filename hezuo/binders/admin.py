from __future__ import annotations

from django.contrib import admin

from hezuo.binders.models import Binder, BinderShare, BinderShareOpening
from hezuo.core.admin import InlineRowsTakeParentSchool


class BinderShareInline(admin.TabularInline[BinderShare, Binder]):
    model = BinderShare
    extra = 0
    can_delete = False
    fields = ("label", "prefix", "expires_at", "revoked_at", "created_by")
    readonly_fields = ("prefix", "created_by")


@admin.register(Binder)
class BinderAdmin(InlineRowsTakeParentSchool, admin.ModelAdmin[Binder]):
    """Binders are made by the worker; the admin shows them and what they were made from."""

    list_display = ("title", "school", "project", "kind", "year", "page_count", "frozen_at")
    list_filter = ("school", "project", "kind")
    search_fields = ("title",)
    raw_id_fields = ("project", "task", "job", "output", "created_by", "frozen_by")
    readonly_fields = ("page_count", "warnings", "audit")
    inlines = (BinderShareInline,)


class BinderShareOpeningInline(admin.TabularInline[BinderShareOpening, BinderShare]):
    model = BinderShareOpening
    extra = 0
    can_delete = False
    fields = ("created_at", "kind", "ip_address", "user_agent")
    readonly_fields = fields


@admin.register(BinderShare)
class BinderShareAdmin(InlineRowsTakeParentSchool, admin.ModelAdmin[BinderShare]):
    """Expert links (only their hash is kept) and every opening of each."""

    list_display = ("label", "binder", "school", "expires_at", "revoked_at")
    list_filter = ("school",)
    search_fields = ("label", "prefix")
    raw_id_fields = ("binder", "created_by")
    readonly_fields = ("prefix", "digest")
    inlines = (BinderShareOpeningInline,)
