"""Reads for the indicator catalogue."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from hezuo.accounts.access import Access, scoped, scoped_get
from hezuo.indicators.models import IndicatorDefinition, IndicatorValue


def indicator_definition_list(
    *, access: Access, year: int | None = None
) -> QuerySet[IndicatorDefinition]:
    """The catalogue; with ``year``, only the definitions in force for that report year."""
    definitions = scoped(IndicatorDefinition.objects.all(), access=access)
    if year is not None:
        definitions = definitions.filter(valid_from_year__lte=year).filter(
            Q(valid_to_year__isnull=True) | Q(valid_to_year__gte=year)
        )
    return definitions


def indicator_definition_get(*, access: Access, pk: object) -> IndicatorDefinition:
    return scoped_get(IndicatorDefinition.objects.all(), access=access, pk=pk)


def indicator_value_list(*, access: Access, year: int) -> QuerySet[IndicatorValue]:
    """The values stored for a year (with their overrides), as reports and pages show them."""
    return scoped(IndicatorValue.objects.filter(year=year), access=access).select_related(
        "definition"
    )
