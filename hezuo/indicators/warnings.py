"""What a reviewer should look at before a school submits its figures. Pure functions."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from hezuo.activities.calculations import round_figure
from hezuo.core.text import clauses, listing
from hezuo.indicators.computation import Result, Traits
from hezuo.indicators.spec import ACTIVITY_KEYS, CHOICE_FILTERS, Spec

# Two figures closer than this share are suspicious (the seed's 3125 and 3126: 0.03 %).
NEAR_DUPLICATE_SHARE = Fraction(1, 1000)
# Below this size "within 0.1 %" can only mean "equal", which small counts often are.
NEAR_DUPLICATE_MINIMUM = 100


class WarningKind(models.TextChoices):
    ESTIMATES_COUNTED = "estimates_counted", gettext_lazy("计入了估算口径")
    ESTIMATES_EXCLUDED = "estimates_excluded", gettext_lazy("未计入估算口径")
    CLAIM_MISMATCH = "claim_mismatch", gettext_lazy("记录不符合所计入指标的定义")
    NEAR_DUPLICATE = "near_duplicate", gettext_lazy("两个指标数值几乎相同")
    NO_APPROVED_EVIDENCE = "no_approved_evidence", gettext_lazy("记录缺少已通过的佐证材料")
    HOURS_NOT_WHOLE_DAYS = "hours_not_whole_days", gettext_lazy("课时数不能整除每日课时数")


@dataclass(frozen=True)
class Warning:
    kind: WarningKind
    indicators: tuple[str, ...]
    message: str
    activity_ids: tuple[int, ...] = ()
    record_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class Definition:
    """What warnings need to know of a definition."""

    code: str
    name: str
    unit_label: str
    spec: Spec


def _shown(value: Fraction) -> str:
    return str(round_figure(value))


def _why_not(spec: Spec, traits: Traits) -> str:
    """Which of the definition's activity conditions the activity fails, in words."""
    actual = {
        "activity_types": {traits.activity_type},
        "directions": {traits.direction},
        "modes": {traits.mode},
        "partner_region_categories": set(traits.partner_regions),
        "partner_org_types": set(traits.partner_types),
    }
    reasons = []
    for key in sorted(ACTIVITY_KEYS):
        allowed = spec.choices.get(key)
        if allowed is None or allowed & actual[key]:
            continue
        labels = CHOICE_FILTERS[key]
        have = listing(str(labels(v).label) for v in sorted(actual[key])) or _("无")
        want = listing(str(labels(v).label) for v in sorted(allowed))
        reasons.append(_("为“%(have)s”，该指标只计“%(want)s”") % {"have": have, "want": want})
    return clauses(reasons) or _("其参与人员的类别或角色不符合该指标的定义")


def review_warnings(
    *,
    definitions: Mapping[str, Definition],
    results: Mapping[str, Result],
    claims: Mapping[str, Iterable[int]],
    claimed_traits: Mapping[int, Traits],
    activity_titles: Mapping[int, str],
) -> list[Warning]:
    """Warnings over one year's computed values.

    ``claims`` maps an indicator code to the activities a user declared it should count, and
    ``claimed_traits`` gives those activities' traits.
    """
    found: list[Warning] = []
    for code, result in results.items():
        definition = definitions[code]
        if result.estimate_value:
            names = listing(activity_titles.get(i, str(i)) for i in result.estimate_activity_ids)
            values = {
                "name": definition.name,
                "value": _shown(result.estimate_value),
                "unit": definition.unit_label,
                "activities": names,
            }
            if result.estimates_counted:
                message = _("“%(name)s”含估算口径 %(value)s %(unit)s（%(activities)s）。") % values
                kind = WarningKind.ESTIMATES_COUNTED
            else:
                message = (
                    _("“%(name)s”未计入估算口径 %(value)s %(unit)s（%(activities)s）。") % values
                )
                kind = WarningKind.ESTIMATES_EXCLUDED
            found.append(Warning(kind, (code,), message, result.estimate_activity_ids))

        counted = set(result.activity_ids) | (
            set(result.estimate_activity_ids) if not result.estimates_counted else set()
        )
        for activity_id in sorted(set(claims.get(code, ())) - counted):
            traits = claimed_traits.get(activity_id)
            if traits is None:  # not in this period
                continue
            found.append(
                Warning(
                    WarningKind.CLAIM_MISMATCH,
                    (code,),
                    _("活动“%(title)s”声明计入“%(name)s”，但%(why)s，未计入。")
                    % {
                        "title": activity_titles.get(activity_id, str(activity_id)),
                        "name": definition.name,
                        "why": _why_not(definition.spec, traits),
                    },
                    (activity_id,),
                )
            )

        unproven = result.unproven_activity_ids
        if unproven:
            found.append(
                Warning(
                    WarningKind.NO_APPROVED_EVIDENCE,
                    (code,),
                    ngettext(
                        "“%(name)s”有 %(count)s 项活动没有已通过审核的佐证材料：%(titles)s。",
                        "“%(name)s”有 %(count)s 项活动没有已通过审核的佐证材料：%(titles)s。",
                        len(unproven),
                    )
                    % {
                        "name": definition.name,
                        "count": len(unproven),
                        "titles": listing(activity_titles.get(i, str(i)) for i in unproven[:5]),
                    },
                    unproven,
                )
            )

        if result.part_day_records:
            found.append(
                Warning(
                    WarningKind.HOURS_NOT_WHOLE_DAYS,
                    (code,),
                    ngettext(
                        "“%(name)s”有 %(count)s 条参与记录的课时数不是每日 %(per_day)s "
                        "课时的整数倍，折算后含不足一天的部分。",
                        "“%(name)s”有 %(count)s 条参与记录的课时数不是每日 %(per_day)s "
                        "课时的整数倍，折算后含不足一天的部分。",
                        len(result.part_day_records),
                    )
                    % {
                        "name": definition.name,
                        "count": len(result.part_day_records),
                        "per_day": definition.spec.hours_per_day,
                    },
                    record_ids=result.part_day_records,
                )
            )

    found.extend(_near_duplicates(definitions, results))
    return found


def _near_duplicates(
    definitions: Mapping[str, Definition], results: Mapping[str, Result]
) -> list[Warning]:
    found = []
    codes = sorted(results)
    for index, first in enumerate(codes):
        for second in codes[index + 1 :]:
            a, b = results[first].value, results[second].value
            if definitions[first].unit_label != definitions[second].unit_label:
                continue
            if min(a, b) < NEAR_DUPLICATE_MINIMUM:
                continue
            if abs(a - b) <= NEAR_DUPLICATE_SHARE * max(a, b):
                found.append(
                    Warning(
                        WarningKind.NEAR_DUPLICATE,
                        (first, second),
                        _(
                            "“%(first)s”（%(a)s）与“%(second)s”（%(b)s）相差不到 0.1%%，"
                            "请核对是否重复或抄录有误。"
                        )
                        % {
                            "first": definitions[first].name,
                            "a": _shown(a),
                            "second": definitions[second].name,
                            "b": _shown(b),
                        },
                    )
                )
    return found
