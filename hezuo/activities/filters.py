from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from hezuo.accounts.filters import SchoolFilterSet
from hezuo.activities.models import Activity


class ActivityFilterSet(SchoolFilterSet):
    search_fields = ("title", "place", "summary", "partners__name_zh")
    year = django_filters.NumberFilter(field_name="start_on", lookup_expr="year", label=_("年度"))

    class Meta:
        model = Activity
        fields = ("year", "activity_type", "direction", "mode", "department", "is_estimate")
