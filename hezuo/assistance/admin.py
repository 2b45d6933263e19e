from __future__ import annotations

from django.contrib import admin

from hezuo.assistance.models import Assistance, AssistanceRecord
from hezuo.core.admin import InlineRowsTakeParentSchool


class RecordInline(admin.TabularInline[AssistanceRecord, Assistance]):
    model = AssistanceRecord
    extra = 0
    exclude = ("school",)


@admin.register(Assistance)
class AssistanceAdmin(InlineRowsTakeParentSchool, admin.ModelAdmin[Assistance]):
    list_display = ("counterpart", "kind", "start_on", "end_on", "school")
    list_filter = ("school", "kind")
    search_fields = ("counterpart",)
    inlines = (RecordInline,)


@admin.register(AssistanceRecord)
class AssistanceRecordAdmin(admin.ModelAdmin[AssistanceRecord]):
    list_display = ("assistance", "year", "item", "quantity", "unit", "approximation", "detail")
    list_filter = ("school", "year", "item")
    search_fields = ("assistance__counterpart", "detail")
