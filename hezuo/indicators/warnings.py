"""What a reviewer should look at before a school submits its figures. Pure functions.

Figures are never compared with one another: two indicators may be equal by construction, and
a figure close to another (3126 人日 of internships beside a 3125 人日 estimate) says nothing
about the records. A double entry is found in the records themselves (activities that look
alike, ``activities.lookalikes``). See docs/indicators.md, "计数规则 / Counting rules".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from hezuo.activities.calculations import round_figure
from hezuo.activities.lookalikes import Lookalikes
from hezuo.core.text import clauses, listing
from hezuo.indicators.computation import Result, Traits
from hezuo.indicators.spec import ACTIVITY_KEYS, CHOICE_FILTERS, Spec


class WarningKind(models.TextChoices):
    ESTIMATES_COUNTED = "estimates_counted", gettext_lazy("计入了估算口径")
    ESTIMATES_EXCLUDED = "estimates_excluded", gettext_lazy("未计入估算口径")
    CLAIM_MISMATCH = "claim_mismatch", gettext_lazy("记录不符合所计入指标的定义")
    LOOKALIKE_ACTIVITIES = "lookalike_activities", gettext_lazy("疑似重复录入的活动")
    CROSSES_PERIOD = "crosses_period", gettext_lazy("跨入下一年度的活动")
    NO_APPROVED_EVIDENCE = "no_approved_evidence", gettext_lazy("记录缺少已通过的佐证材料")
    HOURS_NOT_WHOLE_DAYS = "hours_not_whole_days", gettext_lazy("课时数不能整除每日课时数")


# The activities a warning names by title, at most; the others are counted.
NAMED = 10


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
    counted: Mapping[str, Result],
    claims: Mapping[str, Iterable[int]],
    claimed_traits: Mapping[int, Traits],
    activity_titles: Mapping[int, str],
) -> list[Warning]:
    """Warnings over one year's computed values.

    ``counted`` gives, for each indicator, the ids of the activities it counts among those a
    warning may name (estimate-based ones, the claimed ones …): ``results`` itself when they
    carry every id. ``claims`` maps an indicator code to the activities a user declared it
    should count, and ``claimed_traits`` gives those activities' traits.
    """
    found: list[Warning] = []
    for code, result in results.items():
        definition = definitions[code]
        named = counted.get(code, result)
        if result.estimate_value:
            estimates = named.estimate_activity_ids
            names = listing(activity_titles.get(i, str(i)) for i in estimates[:NAMED])
            if len(estimates) > NAMED:
                names = _("%(titles)s等 %(count)s 项活动") % {
                    "titles": names,
                    "count": len(estimates),
                }
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
            found.append(Warning(kind, (code,), message, estimates))

        counting = set(named.activity_ids) | (
            set(named.estimate_activity_ids) if not result.estimates_counted else set()
        )
        for activity_id in sorted(set(claims.get(code, ())) - counting):
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

        if result.unproven_records:
            found.append(
                Warning(
                    WarningKind.NO_APPROVED_EVIDENCE,
                    (code,),
                    ngettext(
                        "“%(name)s”计入的 %(count)s 条记录所属的活动没有已通过审核的佐证材料。",
                        "“%(name)s”计入的 %(count)s 条记录所属的活动没有已通过审核的佐证材料。",
                        result.unproven_records,
                    )
                    % {"name": definition.name, "count": result.unproven_records},
                    result.unproven_activity_ids,
                )
            )

        if result.part_day_records:
            found.append(
                part_day_warning(definition, len(result.part_day_records), result.part_day_records)
            )

    return found


def part_day_warning(
    definition: Definition, count: int, record_ids: tuple[int, ...] = ()
) -> Warning:
    """``count`` counted rows of ``definition`` whose class-hours are not whole days."""
    return Warning(
        WarningKind.HOURS_NOT_WHOLE_DAYS,
        (definition.code,),
        ngettext(
            "“%(name)s”有 %(count)s 条参与记录的课时数不是每日 %(per_day)s "
            "课时的整数倍，折算后含不足一天的部分。",
            "“%(name)s”有 %(count)s 条参与记录的课时数不是每日 %(per_day)s "
            "课时的整数倍，折算后含不足一天的部分。",
            count,
        )
        % {"name": definition.name, "count": count, "per_day": definition.spec.hours_per_day},
        record_ids=record_ids,
    )


def _counting(results: Mapping[str, Result]) -> dict[int, list[str]]:
    """The indicators (codes, in catalogue order) that count each activity, or would with
    estimates."""
    codes: dict[int, list[str]] = {}
    for code, result in results.items():
        for activity_id in sorted({*result.activity_ids, *result.estimate_activity_ids}):
            codes.setdefault(activity_id, []).append(code)
    return codes


def _dates(start_on: dt.date, end_on: dt.date | None) -> str:
    if end_on is None or end_on == start_on:
        return str(start_on)
    return _("%(start)s 至 %(end)s") % {"start": start_on, "end": end_on}


def record_warnings(
    *,
    results: Mapping[str, Result],
    lookalikes: Sequence[Lookalikes],
    crossing: Mapping[int, tuple[dt.date, dt.date]],
    period_label: str,
    activity_titles: Mapping[int, str],
) -> list[Warning]:
    """Warnings about the records behind a year's values.

    ``lookalikes`` are the period's activities that look alike (a double entry, flagged
    whether an indicator counts them or not: a report lists them too); ``crossing`` the
    period's activities that end after it, by id with their dates, flagged where an indicator
    counts them (each counts wholly in the period it starts in).
    """
    counting = _counting(results)
    found: list[Warning] = []
    for group in lookalikes:
        codes = {code for pk in group.activity_ids for code in counting.get(pk, ())}
        found.append(
            Warning(
                WarningKind.LOOKALIKE_ACTIVITIES,
                tuple(code for code in results if code in codes),
                _(
                    "活动%(titles)s的日期（%(dates)s）、合作方和参与记录完全相同，"
                    "可能是同一活动重复录入；请核对，删去多余的一条。"
                )
                % {
                    "titles": listing(
                        _("“%(title)s”") % {"title": activity_titles.get(pk, str(pk))}
                        for pk in group.activity_ids
                    ),
                    "dates": _dates(group.start_on, group.end_on),
                },
                group.activity_ids,
            )
        )
    for activity_id in sorted(crossing, key=lambda pk: (crossing[pk], pk)):
        if activity_id not in counting:
            continue
        start_on, end_on = crossing[activity_id]
        found.append(
            Warning(
                WarningKind.CROSSES_PERIOD,
                tuple(counting[activity_id]),
                _(
                    "活动“%(title)s”（%(dates)s）跨入下一年度，按开始日期整体计入"
                    "%(period)s年度，下一年度不再计入。"
                )
                % {
                    "title": activity_titles.get(activity_id, str(activity_id)),
                    "dates": _dates(start_on, end_on),
                    "period": period_label,
                },
                (activity_id,),
            )
        )
    return found
