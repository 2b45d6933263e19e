from __future__ import annotations

import django_filters

from hezuo.accounts.filters import SchoolFilterSet
from hezuo.partners.models import Partner


class PartnerFilterSet(SchoolFilterSet):
    search_fields = ("name_zh", "name_local", "notes")

    class Meta:
        model = Partner
        fields = ("region_category", "org_type", "status", "country_code")
        filter_overrides: dict[object, object] = {}

    country_code = django_filters.CharFilter(
        label=Partner._meta.get_field("country_code").verbose_name, lookup_expr="iexact"
    )
