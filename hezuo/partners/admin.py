from __future__ import annotations

from django.contrib import admin

from hezuo.core.admin import InlineRowsTakeParentSchool
from hezuo.partners.models import Partner, PartnerContact


class ContactInline(admin.TabularInline[PartnerContact, Partner]):
    model = PartnerContact
    extra = 0
    exclude = ("school",)


@admin.register(Partner)
class PartnerAdmin(InlineRowsTakeParentSchool, admin.ModelAdmin[Partner]):
    list_display = (
        "name_zh",
        "name_local",
        "country_code",
        "region_category",
        "org_type",
        "status",
        "school",
    )
    list_filter = ("school", "region_category", "org_type", "status", "is_belt_and_road")
    search_fields = ("name_zh", "name_local", "schac_code", "pic", "erasmus_code")
    readonly_fields = ("region_category",)
    inlines = (ContactInline,)
