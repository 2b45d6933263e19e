"""What an indicator counts, read from its stored definition. Pure functions.

A definition's ``filters`` is JSON data (so a new report year needs a data file, not code):

    {"source": "participations",               # what is counted; implied by most formula kinds
     "activity_types": ["student_exchange"],   # any of these; an absent key means "any"
     "directions": [...], "modes": [...], "person_categories": [...], "roles": [...],
     "partner_region_categories": [...],       # the activity has a partner in one of these
     "partner_org_types": [...],
     "outcome_kinds": [...], "standard_kinds": [...], "outcome_levels": [...],
     "programme_forms": [...], "programme_statuses": [...],
     "assistance_items": [...],
     "numerator": "code", "denominator": "code", "scale": 100}   # ratio only
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils.translation import gettext as _

from hezuo.activities.models import (
    ActivityType,
    Direction,
    Mode,
    OutcomeKind,
    OutcomeLevel,
    ParticipationRole,
    PersonCategory,
    StandardKind,
)
from hezuo.assistance.models import AssistanceItem
from hezuo.core.text import listing
from hezuo.indicators.models import FormulaKind
from hezuo.partners.models import PartnerType, RegionCategory
from hezuo.programmes.models import ProgrammeForm, ProgrammeStatus


class Source(models.TextChoices):
    PARTICIPATIONS = "participations", _("参与记录")
    ACTIVITIES = "activities", _("交流活动")
    OUTCOMES = "outcomes", _("成果")
    PROGRAMMES = "programmes", _("合作办学项目")
    ASSISTANCE_RECORDS = "assistance_records", _("帮扶记录")


# filter key -> the values it may take
CHOICE_FILTERS: dict[str, type[models.TextChoices]] = {
    "activity_types": ActivityType,
    "directions": Direction,
    "modes": Mode,
    "person_categories": PersonCategory,
    "roles": ParticipationRole,
    "partner_region_categories": RegionCategory,
    "partner_org_types": PartnerType,
    "outcome_kinds": OutcomeKind,
    "standard_kinds": StandardKind,
    "outcome_levels": OutcomeLevel,
    "programme_forms": ProgrammeForm,
    "programme_statuses": ProgrammeStatus,
    "assistance_items": AssistanceItem,
}
ACTIVITY_KEYS = {
    "activity_types",
    "directions",
    "modes",
    "partner_region_categories",
    "partner_org_types",
}
# which filter keys make sense for each source
SOURCE_KEYS: dict[Source, set[str]] = {
    Source.PARTICIPATIONS: ACTIVITY_KEYS | {"person_categories", "roles"},
    Source.ACTIVITIES: ACTIVITY_KEYS,
    Source.OUTCOMES: ACTIVITY_KEYS | {"outcome_kinds", "standard_kinds", "outcome_levels"},
    Source.PROGRAMMES: {"programme_forms", "programme_statuses"},
    Source.ASSISTANCE_RECORDS: {"assistance_items"},
}
SUMMABLE: dict[Source, str] = {Source.OUTCOMES: "quantity", Source.ASSISTANCE_RECORDS: "quantity"}


class InvalidSpec(ValueError):
    """A definition that cannot be computed; the message says what to correct."""


@dataclass(frozen=True)
class Spec:
    """A definition's counting rule, validated."""

    formula_kind: FormulaKind
    source: Source
    choices: dict[str, frozenset[str]]
    hours_per_day: int
    include_estimates: bool
    numerator: str = ""
    denominator: str = ""
    scale: int = 1

    def allows(self, key: str, value: str) -> bool:
        allowed = self.choices.get(key)
        return allowed is None or value in allowed

    def allows_any(self, key: str, values: frozenset[str]) -> bool:
        allowed = self.choices.get(key)
        return allowed is None or bool(allowed & values)


def parse_spec(
    *, formula_kind: str, filters: dict[str, Any], hours_per_day: int, include_estimates: bool
) -> Spec:
    """Validate a definition's rule, or raise InvalidSpec naming what is wrong."""
    kind = FormulaKind(formula_kind)
    data = dict(filters)
    default_source = {
        FormulaKind.SUM_PERSON_DAYS: Source.PARTICIPATIONS,
        FormulaKind.COUNT_DISTINCT_PERSONS: Source.PARTICIPATIONS,
        FormulaKind.COUNT_RECORDS: Source.ACTIVITIES,
        FormulaKind.SUM_FIELD: Source.ASSISTANCE_RECORDS,
        FormulaKind.RATIO: Source.PARTICIPATIONS,
    }[kind]
    try:
        source = Source(data.pop("source", default_source))
    except ValueError:
        raise InvalidSpec(
            _("统计对象“%(value)s”无效。") % {"value": filters.get("source")}
        ) from None
    if kind in (FormulaKind.SUM_PERSON_DAYS, FormulaKind.COUNT_DISTINCT_PERSONS) and (
        source != Source.PARTICIPATIONS
    ):
        raise InvalidSpec(_("人日合计和人数合计只能统计参与记录。"))
    if kind == FormulaKind.SUM_FIELD and source not in SUMMABLE:
        raise InvalidSpec(_("字段合计只能统计成果数量或帮扶记录数量。"))
    numerator = str(data.pop("numerator", ""))
    denominator = str(data.pop("denominator", ""))
    scale = data.pop("scale", 100 if kind == FormulaKind.RATIO else 1)
    if kind == FormulaKind.RATIO and not (numerator and denominator):
        raise InvalidSpec(_("比率须指定分子和分母指标代码。"))
    if not isinstance(scale, int) or scale < 1:
        raise InvalidSpec(_("比率的倍数须为正整数。"))
    choices: dict[str, frozenset[str]] = {}
    for key, values in data.items():
        enum = CHOICE_FILTERS.get(key)
        if enum is None:
            raise InvalidSpec(_("未知的筛选条件“%(key)s”。") % {"key": key})
        if kind != FormulaKind.RATIO and key not in SOURCE_KEYS[source]:
            raise InvalidSpec(
                _("筛选条件“%(key)s”不适用于统计对象“%(source)s”。")
                % {"key": key, "source": source.label}
            )
        if not isinstance(values, list) or not values:
            raise InvalidSpec(_("筛选条件“%(key)s”须为非空列表。") % {"key": key})
        unknown = sorted(str(v) for v in values if v not in enum.values)
        if unknown:
            raise InvalidSpec(
                _("筛选条件“%(key)s”中有无效取值：%(values)s。")
                % {"key": key, "values": listing(unknown)}
            )
        choices[key] = frozenset(values)
    return Spec(
        formula_kind=kind,
        source=source,
        choices=choices,
        hours_per_day=hours_per_day,
        include_estimates=include_estimates,
        numerator=numerator,
        denominator=denominator,
        scale=scale,
    )
