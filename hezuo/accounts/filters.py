"""The base of every list's FilterSet (served to the web lists, the API and the exports)."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from hezuo.accounts.forms import limit_to_school
from hezuo.accounts.models import Department, Membership


class SchoolFilterSet(django_filters.FilterSet):
    """Choices of other records come from the acting school only; ``q`` searches the fields
    named in ``search_fields``."""

    search_fields: tuple[str, ...] = ()
    q = django_filters.CharFilter(label=_("搜索"), method="search")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        access = getattr(self.request, "access", None)
        if access is not None:
            limit_to_school(self.form.fields, access)

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
