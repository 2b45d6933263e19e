"""The records behind a report's figures, as its provenance appendix lists them: each with what it
contributed, its evidence codes and the address of its page in hezuo. Reads go through
``scoped`` so a report shows only what its maker may see."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from django.db.models import Model

from hezuo.accounts.access import Access, scoped
from hezuo.activities.models import Activity, Outcome, Participation
from hezuo.agreements.models import Agreement
from hezuo.assistance.models import AssistanceRecord
from hezuo.construction.models import TaskPoint
from hezuo.core import links
from hezuo.core.chinese import chinese_date
from hezuo.evidence.models import Evidence
from hezuo.indicators.spec import Source as Kind
from hezuo.programmes.models import Programme
from hezuo.reports.document import Source, number_text


def record_url(access: Access, record: Model) -> str:
    """The absolute address of ``record``'s page in hezuo."""
    return links.record_url(access.school, record)


def evidence_codes(access: Access, relation: str, ids: Iterable[int]) -> dict[int, tuple[str, ...]]:
    """The codes of the evidence linked to each record (``relation``: the evidence field)."""
    found: dict[int, list[str]] = defaultdict(list)
    rows = (
        scoped(Evidence.objects.filter(**{f"{relation}__in": set(ids)}), access=access)
        .order_by("code_sort")
        .values_list(relation, "code")
    )
    for pk, code in rows:
        if code not in found[pk]:
            found[pk].append(code)
    return {pk: tuple(codes) for pk, codes in found.items()}


def participation_detail(row: Participation, hours_per_day: int) -> str:
    """ "30 人 × 10 天 = 300 人日", "45 人 × 48 课时 ÷ 8 = 270 人日"."""
    days = number_text(row.person_days(hours_per_day))
    who = f"{row.get_person_category_display()} {row.headcount} 人"
    if row.days is not None:
        return f"{who} × {number_text(row.days)} 天 = {days} 人日"
    assert row.hours is not None
    return f"{who} × {number_text(row.hours)} 课时 ÷ {hours_per_day} = {days} 人日"


def activity_sources(
    access: Access,
    activity_ids: Sequence[int],
    *,
    participation_ids: Iterable[int] | None = None,
    hours_per_day: int | None = None,
) -> tuple[Source, ...]:
    """Activities in date order; with ``participation_ids``, each with the rows it contributed
    and their arithmetic."""
    per_day = hours_per_day or access.school.hours_per_day
    activities = list(
        scoped(Activity.objects.filter(pk__in=set(activity_ids)), access=access).order_by(
            "start_on", "pk"
        )
    )
    rows: dict[int, list[Participation]] = defaultdict(list)
    if participation_ids is not None:
        for row in scoped(
            Participation.objects.filter(pk__in=set(participation_ids)), access=access
        ).order_by("pk"):
            rows[row.activity_id].append(row)
    codes = evidence_codes(access, "activities", (a.pk for a in activities))
    sources = []
    for activity in activities:
        parts = [chinese_date(activity.start_on), str(activity.get_mode_display())]
        parts += [participation_detail(row, per_day) for row in rows[activity.pk]]
        if activity.is_estimate and activity.method_note:
            parts.append(f"估算方法：{activity.method_note}")
        sources.append(
            Source(
                kind="交流活动",
                title=activity.title,
                detail="；".join(parts),
                url=record_url(access, activity),
                evidence=codes.get(activity.pk, ()),
            )
        )
    return tuple(sources)


def programme_sources(access: Access, programmes: Iterable[Programme]) -> tuple[Source, ...]:
    items = list(programmes)
    codes = evidence_codes(access, "programmes", (p.pk for p in items))
    return tuple(
        Source(
            kind="合作办学项目",
            title=programme.name,
            detail="；".join(
                part
                for part in (
                    str(programme.get_form_display()),
                    str(programme.get_status_display()),
                    programme.approval_number,
                )
                if part
            ),
            url=record_url(access, programme),
            evidence=codes.get(programme.pk, ()),
        )
        for programme in items
    )


def agreement_sources(access: Access, agreements: Iterable[Agreement]) -> tuple[Source, ...]:
    items = list(agreements)
    codes = evidence_codes(access, "agreements", (a.pk for a in items))
    return tuple(
        Source(
            kind="合作协议",
            title=agreement.title,
            detail="；".join(
                part
                for part in (
                    str(agreement.get_kind_display()),
                    str(agreement.get_status_display()),
                    f"签署于{chinese_date(agreement.signed_on)}" if agreement.signed_on else "",
                )
                if part
            ),
            url=record_url(access, agreement),
            evidence=codes.get(agreement.pk, ()),
        )
        for agreement in items
    )


def outcome_sources(access: Access, outcomes: Iterable[Outcome]) -> tuple[Source, ...]:
    items = list(outcomes)
    codes = evidence_codes(access, "activities", (o.activity_id for o in items))
    return tuple(
        Source(
            kind="成果",
            title=outcome.title,
            detail="；".join(
                part
                for part in (
                    str(outcome.get_kind_display()),
                    str(outcome.get_level_display()) if outcome.level else "",
                    chinese_date(outcome.achieved_on) if outcome.achieved_on else "",
                )
                if part
            ),
            url=record_url(access, outcome),
            evidence=codes.get(outcome.activity_id, ()),
        )
        for outcome in items
    )


def assistance_sources(access: Access, records: Iterable[AssistanceRecord]) -> tuple[Source, ...]:
    return tuple(
        Source(
            kind="帮扶记录",
            title=f"{record.assistance.counterpart} {record.get_item_display()}",
            detail="；".join(
                part
                for part in (f"{record.year} 年", record.display_quantity, record.detail)
                if part
            ),
            url=record_url(access, record),
        )
        for record in records
    )


def point_sources(access: Access, points: Iterable[TaskPoint]) -> tuple[Source, ...]:
    items = list(points)
    codes = evidence_codes(access, "task_points", (p.pk for p in items))
    return tuple(
        Source(
            kind="任务要点",
            title=f"{point.year}年 {point.sequence}. {point.text}",
            detail=str(point.get_status_display()),
            url=record_url(access, point),
            evidence=codes.get(point.pk, ()),
        )
        for point in items
    )


def result_sources(
    access: Access,
    *,
    kind: Kind,
    records: Sequence[int],
    activity_ids: Sequence[int],
    hours_per_day: int,
) -> tuple[Source, ...]:
    """The records an indicator value was computed from, whatever their kind."""
    if kind == Kind.PARTICIPATIONS:
        return activity_sources(
            access, activity_ids, participation_ids=records, hours_per_day=hours_per_day
        )
    if kind == Kind.ACTIVITIES:
        return activity_sources(access, records)
    if kind == Kind.OUTCOMES:
        return outcome_sources(
            access,
            scoped(Outcome.objects.filter(pk__in=records), access=access).order_by("pk"),
        )
    if kind == Kind.PROGRAMMES:
        return programme_sources(
            access, scoped(Programme.objects.filter(pk__in=records), access=access).order_by("pk")
        )
    return assistance_sources(
        access,
        scoped(AssistanceRecord.objects.filter(pk__in=records), access=access)
        .select_related("assistance")
        .order_by("pk"),
    )
