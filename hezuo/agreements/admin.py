from __future__ import annotations

from django.contrib import admin

from hezuo.agreements.models import Agreement, ExpiryNotice


@admin.register(Agreement)
class AgreementAdmin(admin.ModelAdmin[Agreement]):
    list_display = ("title", "kind", "status", "signed_on", "valid_until", "school")
    list_filter = ("school", "kind", "status")
    search_fields = ("title", "partners__name_zh")
    date_hierarchy = "signed_on"
    autocomplete_fields = ("partners", "department")
    filter_horizontal = ("files",)


@admin.register(ExpiryNotice)
class ExpiryNoticeAdmin(admin.ModelAdmin[ExpiryNotice]):
    list_display = ("agreement", "threshold", "days_left", "sent_on", "school")
    list_filter = ("school", "threshold")
    readonly_fields = (
        "agreement",
        "threshold",
        "valid_until",
        "days_left",
        "sent_on",
        "recipients",
    )
