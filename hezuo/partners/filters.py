from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet

from hezuo.accounts.filters import SchoolFilterSet
from hezuo.partners.country_matching import country_code_for
from hezuo.partners.models import Partner


class PartnerFilterSet(SchoolFilterSet):
    search_fields = ("name_zh", "name_local", "notes")

    class Meta:
        model = Partner
        fields = ("region_category", "org_type", "status", "country_code")
        filter_overrides: dict[object, object] = {}

    country_code = django_filters.CharFilter(
        label=Partner._meta.get_field("country_code").verbose_name, method="country"
    )

    def country(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        """A country by its code or any name the import accepts (香港, 英国, GB)."""
        if not value.strip():
            return queryset
        return queryset.filter(country_code__iexact=country_code_for(value) or value.strip())
