"""The base of every list's FilterSet (served to the web lists, the API and the exports)."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import BLANK_CHOICE_DASH, Q, QuerySet
from django.forms import NullBooleanSelect
from django.utils.translation import gettext_lazy as _

from hezuo.accounts.forms import limit_to_school
from hezuo.accounts.models import Department, Membership


class SchoolFilterSet(django_filters.FilterSet):
    """Choices of other records come from the acting school only; ``q`` searches the fields
    named in ``search_fields``. A yes/no field offers 是 and 否 beside the blank that filters
    nothing (Django's own choices would show the blank as 未知, "Unknown")."""

    search_fields: tuple[str, ...] = ()
    q = django_filters.CharFilter(label=_("搜索"), method="search")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        access = getattr(self.request, "access", None)
        if access is not None:
            limit_to_school(self.form.fields, access)
        for field in self.form.fields.values():
            if isinstance(field.widget, NullBooleanSelect):
                field.widget.choices = [
                    ("unknown", BLANK_CHOICE_DASH[0][1]),  # the value the widget reads as none
                    ("true", _("是")),
                    ("false", _("否")),
                ]

    def search(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        condition = Q()
        for field in self.search_fields:
            condition |= Q(**{f"{field}__icontains": value})
        return queryset.filter(condition) if value.strip() else queryset


class MembershipFilterSet(SchoolFilterSet):
    search_fields = ("user__username", "user__display_name", "user__email")

    class Meta:
        model = Membership
        fields = ("role", "department", "is_active")


class DepartmentFilterSet(SchoolFilterSet):
    search_fields = ("name",)

    class Meta:
        model = Department
        fields = ("kind",)
