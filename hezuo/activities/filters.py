from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from hezuo.accounts.filters import SchoolFilterSet
from hezuo.activities.models import Activity, Outcome


class ActivityFilterSet(SchoolFilterSet):
    search_fields = ("title", "place", "summary", "partners__name_zh")
    year = django_filters.NumberFilter(field_name="start_on", lookup_expr="year", label=_("年度"))

    class Meta:
        model = Activity
        fields = ("year", "activity_type", "direction", "mode", "department", "is_estimate")


class OutcomeFilterSet(SchoolFilterSet):
    search_fields = ("title", "grade", "activity__title")
    year = django_filters.NumberFilter(
        field_name="activity__start_on", lookup_expr="year", label=_("年度")
    )

    class Meta:
        model = Outcome
        fields = ("year", "kind", "level")
