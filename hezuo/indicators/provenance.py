"""The records behind an indicator value, as people read them (UI, API and XLSX alike)."""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import BigIntegerField, Exists, F, OuterRef, QuerySet
from django.db.models.functions import Cast, Mod, Round
from django.utils.translation import gettext_lazy as _

from hezuo.accounts.access import Access, Capability, scoped
from hezuo.activities.calculations import round_figure
from hezuo.activities.models import Activity, Outcome, Participation
from hezuo.assistance.models import AssistanceRecord
from hezuo.core.review import ReviewStatus
from hezuo.core.text import clauses, with_note
from hezuo.indicators.computation import Result
from hezuo.indicators.periods import Period
from hezuo.indicators.spec import Source, Spec
from hezuo.programmes.models import Programme


@dataclass(frozen=True)
class RecordTable:
    """Rows of one kind of record, with column headings in the user's language."""

    source: Source
    headings: tuple[str, ...]
    rows: tuple[tuple[object, ...], ...]


def _evidence_by_activity(activity_ids: set[int]) -> dict[int, str]:
    """ "3.4.1.2.1（已通过）; …" per activity; evidence sits above this app, so it is reached
    through the relation name."""
    found: dict[int, list[str]] = defaultdict(list)
    rows = (
        Activity.objects.filter(pk__in=activity_ids, evidence__isnull=False)
        .values_list("pk", "evidence__code", "evidence__review_status")
        .order_by("pk", "evidence__code")
    )
    labels = dict(ReviewStatus.choices)
    for pk, code, status in rows:
        found[pk].append(with_note(code, labels.get(status, status)))
    return {pk: clauses(codes) for pk, codes in found.items()}


def indicator_records(
    *, access: Access, source: Source, ids: Sequence[int], hours_per_day: int
) -> RecordTable:
    """The rows ``ids`` of ``source`` of the actor's school, with what identifies them."""
    if source == Source.PARTICIPATIONS:
        rows = (
            scoped(Participation.objects.filter(pk__in=ids), access=access)
            .select_related("activity")
            .order_by("activity__start_on", "activity_id", "pk")
        )
        evidence = _evidence_by_activity({row.activity_id for row in rows})
        return RecordTable(
            source,
            (
                str(_("记录编号")),
                str(_("活动")),
                str(_("活动类型")),
                str(_("方向")),
                str(_("方式")),
                str(_("开始日期")),
                str(_("人员类别")),
                str(_("角色")),
                str(_("人数")),
                str(_("天数")),
                str(_("课时数")),
                str(_("人日")),
                str(_("估算口径")),
                str(_("佐证材料")),
            ),
            tuple(
                (
                    row.pk,
                    row.activity.title,
                    row.activity.get_activity_type_display(),
                    row.activity.get_direction_display(),
                    row.activity.get_mode_display(),
                    row.activity.start_on,
                    row.get_person_category_display(),
                    row.get_role_display(),
                    row.headcount,
                    row.days,
                    row.hours,
                    round_figure(row.person_days(hours_per_day), 4),
                    str(_("是")) if row.activity.is_estimate else "",
                    evidence.get(row.activity_id, ""),
                )
                for row in rows
            ),
        )
    if source == Source.ACTIVITIES:
        activities = scoped(Activity.objects.filter(pk__in=ids), access=access).order_by(
            "start_on", "pk"
        )
        evidence = _evidence_by_activity({a.pk for a in activities})
        return RecordTable(
            source,
            (
                str(_("记录编号")),
                str(_("活动")),
                str(_("活动类型")),
                str(_("开始日期")),
                str(_("佐证材料")),
            ),
            tuple(
                (a.pk, a.title, a.get_activity_type_display(), a.start_on, evidence.get(a.pk, ""))
                for a in activities
            ),
        )
    if source == Source.OUTCOMES:
        outcomes = (
            scoped(Outcome.objects.filter(pk__in=ids), access=access)
            .select_related("activity")
            .order_by("pk")
        )
        evidence = _evidence_by_activity({o.activity_id for o in outcomes})
        return RecordTable(
            source,
            (
                str(_("记录编号")),
                str(_("成果名称")),
                str(_("取得日期")),
                str(_("活动")),
                str(_("成果类型")),
                str(_("级别")),
                str(_("等级")),
                str(_("数量")),
                str(_("佐证材料")),
            ),
            tuple(
                (
                    o.pk,
                    o.title,
                    o.achieved_on,
                    o.activity.title,
                    o.get_kind_display(),
                    o.get_level_display(),
                    o.grade,
                    o.quantity,
                    evidence.get(o.activity_id, ""),
                )
                for o in outcomes
            ),
        )
    if source == Source.PROGRAMMES:
        programmes = scoped(Programme.objects.filter(pk__in=ids), access=access).order_by("pk")
        return RecordTable(
            source,
            (
                str(_("记录编号")),
                str(_("项目名称")),
                str(_("办学形式")),
                str(_("状态")),
                str(_("批准书编号")),
            ),
            tuple(
                (p.pk, p.name, p.get_form_display(), p.get_status_display(), p.approval_number)
                for p in programmes
            ),
        )
    records = (
        scoped(AssistanceRecord.objects.filter(pk__in=ids), access=access)
        .select_related("assistance")
        .order_by("pk")
    )
    return RecordTable(
        source,
        (
            str(_("记录编号")),
            str(_("受扶单位")),
            str(_("帮扶事项")),
            str(_("数量")),
            str(_("单位")),
            str(_("具体内容")),
        ),
        tuple(
            (
                r.pk,
                r.assistance.counterpart,
                r.get_item_display(),
                Decimal(r.quantity),
                r.unit,
                r.detail,
            )
            for r in records
        ),
    )


PAGE_SIZE = 100


def participation_records(*, access: Access, spec: Spec, period: Period) -> QuerySet[Participation]:
    """The participation rows ``spec`` counts in ``period``, in the order they are listed: the
    same rows as its computed ``records`` (``computation``), found by the database, so one page
    of a million is read without the others."""
    activity_filters = {
        "activity_types": "activity__activity_type__in",
        "directions": "activity__direction__in",
        "modes": "activity__mode__in",
        "person_categories": "person_category__in",
        "roles": "role__in",
    }
    # Scoped by their activities, the school's: a filter on the rows' own school column leads
    # SQLite to read every row of the school for each activity of the period.
    access.require(Capability.READ)
    rows = Participation.objects.filter(
        activity__school=access.school,
        activity__is_cancelled=False,
        activity__start_on__gte=period.start,
        activity__start_on__lte=period.end,
    )
    for key, lookup in activity_filters.items():
        if key in spec.choices:
            rows = rows.filter(**{lookup: sorted(spec.choices[key])})
    links = Activity.partners.through.objects.filter(activity_id=OuterRef("activity_id"))
    for key, column in (
        ("partner_region_categories", "partner__region_category__in"),
        ("partner_org_types", "partner__org_type__in"),
    ):
        if key in spec.choices:  # any of the activity's partners
            rows = rows.filter(Exists(links.filter(**{column: sorted(spec.choices[key])})))
    if not spec.include_estimates:
        rows = rows.filter(activity__is_estimate=False)
    return rows.order_by("activity__start_on", "activity_id", "pk")


@dataclass(frozen=True)
class RecordPage:
    """One page of the records behind a value: ``count`` records in all, ``pages`` pages."""

    table: RecordTable
    count: int
    page: int
    pages: int


def indicator_record_page(
    *,
    access: Access,
    spec: Spec,
    period: Period,
    result: Result,
    page: int = 1,
    size: int | None = None,
) -> RecordPage:
    """Page ``page`` (from 1; a page past the last gives the last) of the records behind
    ``result``, the value of ``spec`` in ``period``. Participation rows are found by the
    database (``result`` may come from the tallies, without ids); the other records are few
    and ``result`` carries their ids."""
    size = size or PAGE_SIZE
    count = result.record_count
    pages = max(1, -(-count // size))
    page = min(max(1, page), pages)
    start = (page - 1) * size
    if spec.source == Source.PARTICIPATIONS:
        found = participation_records(access=access, spec=spec, period=period)
        ids = list(found.values_list("pk", flat=True)[start : start + size])
        table = indicator_records(
            access=access, source=spec.source, ids=ids, hours_per_day=spec.hours_per_day
        )
    else:
        whole = indicator_records(
            access=access,
            source=spec.source,
            ids=result.records,
            hours_per_day=spec.hours_per_day,
        )
        table = dataclasses.replace(whole, rows=whole.rows[start : start + size])
    return RecordPage(table, count, page, pages)


def part_day_rows(*, access: Access, spec: Spec, period: Period) -> int:
    """How many of the rows ``spec`` counts in ``period`` are kept in class-hours that are not
    whole days (of ``spec``'s class-hours in a day), found by the database."""
    day = 100 * spec.hours_per_day
    return (
        participation_records(access=access, spec=spec, period=period)
        .filter(hours__isnull=False)
        .annotate(remainder=Mod(Cast(Round(F("hours") * 100), BigIntegerField()), day))
        .exclude(remainder=0)
        .count()
    )
