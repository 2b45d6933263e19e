"""The records behind an indicator value, as people read them (UI, API and XLSX alike)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from hezuo.accounts.access import Access, scoped
from hezuo.activities.calculations import round_figure
from hezuo.activities.models import Activity, Outcome, Participation
from hezuo.assistance.models import AssistanceRecord
from hezuo.core.review import ReviewStatus
from hezuo.core.text import clauses, with_note
from hezuo.indicators.spec import Source
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
