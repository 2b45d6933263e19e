"""结对帮扶工作总结: a year of paired assistance — the totals by item, each counterpart's records
with their details, and the assistance agreements."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Mapping
from decimal import Decimal

from django.db.models import Q

from hezuo.accounts.access import Access, scoped
from hezuo.assistance.calculations import format_quantity
from hezuo.assistance.models import Approximation, Assistance, AssistanceItem, AssistanceRecord
from hezuo.core.chinese import chinese_date, chinese_month, year_period
from hezuo.reports.document import (
    Block,
    Document,
    Heading,
    Inline,
    Notes,
    Paragraph,
    Section,
    Table,
    paragraphs,
)
from hezuo.reports.kinds import SECTIONS, ReportKind, numbered_by_place
from hezuo.reports.sources import agreement_sources, assistance_sources


def assistance_title(year: int) -> str:
    return f"{year}年结对帮扶工作总结"


ITEM_ORDER = {item.value: place for place, item in enumerate(AssistanceItem)}


def build_assistance(
    *,
    access: Access,
    year: int,
    narratives: Mapping[str, str],
    today: dt.date,
    left_out: frozenset[str] = frozenset(),
) -> Document:
    """The summary of ``year`` with its sections but those in ``left_out``, numbered by their
    place."""
    # Items in the order the office thinks of them (the choices' order), not by their keys.
    records = sorted(
        scoped(AssistanceRecord.objects.filter(year=year), access=access).select_related(
            "assistance"
        ),
        key=lambda record: (record.assistance.counterpart, ITEM_ORDER[record.item], record.pk),
    )
    relations = list(
        scoped(
            Assistance.objects.filter(
                Q(records__year=year)
                | Q(start_on__year=year)
                | Q(start_on__year__lt=year, end_on__isnull=True)
                | Q(start_on__year__lt=year, end_on__year__gte=year)
            ),
            access=access,
        )
        .select_related("agreement")
        .distinct()
        .order_by("start_on", "counterpart")
    )
    notes = Notes()
    contents: dict[str, Callable[[], tuple[Block, ...]]] = {
        "summary": lambda: _summary(access, year, records, notes),
        "counterparts": lambda: _counterparts(access, records, relations, notes),
        "agreements": lambda: _agreements(access, year, relations, notes),
    }
    kept = numbered_by_place(
        (key, title) for key, title in SECTIONS[ReportKind.ASSISTANCE] if key not in left_out
    )
    return Document(
        kind=ReportKind.ASSISTANCE,
        title=assistance_title(year),
        school=access.school.name,
        period=year_period(year),
        date=chinese_month(today),
        sections=tuple(
            Section(key, title, paragraphs(narratives.get(key, "")) + contents[key]())
            for key, title in kept
        ),
        notes=tuple(notes.notes),
    )


def _approximation(records: list[AssistanceRecord]) -> str:
    """A total is exact only when every part is; otherwise it is written as 余 (more than) when
    every part is at least its figure, and as 约 (about) when not."""
    kinds = {record.approximation for record in records}
    if kinds == {Approximation.EXACT}:
        return Approximation.EXACT
    if kinds <= {Approximation.EXACT, Approximation.OVER}:
        return Approximation.OVER
    if len(kinds) == 1:
        return kinds.pop()
    return Approximation.ABOUT


def _summary(
    access: Access,
    year: int,
    records: list[AssistanceRecord],
    notes: Notes,
) -> tuple[Block, ...]:
    if not records:
        return (Paragraph((f"{year}年暂无结对帮扶记录。",)),)
    counterparts = sorted({record.assistance.counterpart for record in records})
    blocks: list[Block] = [
        Paragraph(
            (
                f"{year}年，学校与{len(counterparts)}个单位开展结对帮扶（"
                + "、".join(counterparts)
                + "），主要工作量如下表。",
            )
        )
    ]
    groups: dict[tuple[str, str], list[AssistanceRecord]] = defaultdict(list)
    for record in records:
        groups[(str(record.get_item_display()), record.unit)].append(record)
    rows: list[tuple[Inline, ...]] = []
    for (item, unit), items in groups.items():
        total = sum((record.quantity for record in items), start=Decimal(0))
        figure = notes.figure(
            format_quantity(total, unit, _approximation(items)),
            what=f"{year}年{item}合计",
            sources=assistance_sources(access, items),
        )
        counted = "、".join(sorted({record.assistance.counterpart for record in items}))
        rows.append((item, figure, counted))
    blocks.append(
        Table(
            headers=("帮扶事项", "合计", "涉及单位"),
            rows=tuple(rows),
            title=f"{year}年结对帮扶主要工作量",
            widths=(3, 3, 6),
        )
    )
    return tuple(blocks)


def _counterparts(
    access: Access, records: list[AssistanceRecord], relations: list[Assistance], notes: Notes
) -> tuple[Block, ...]:
    by_relation: dict[int, list[AssistanceRecord]] = defaultdict(list)
    for record in records:
        by_relation[record.assistance_id].append(record)
    blocks: list[Block] = []
    for relation in relations:
        items = by_relation.get(relation.pk, [])
        blocks.append(Heading(f"{relation.counterpart}（{relation.get_kind_display()}）", 2))
        blocks.extend(paragraphs(relation.notes))
        if not items:
            blocks.append(Paragraph(("本年度暂无帮扶记录。",)))
            continue
        blocks.append(
            Table(
                headers=("帮扶事项", "数量", "具体内容"),
                rows=tuple(
                    (
                        str(record.get_item_display()),
                        notes.figure(
                            record.display_quantity,
                            what=f"{relation.counterpart} {record.get_item_display()}",
                            sources=assistance_sources(access, [record]),
                        ),
                        record.detail,
                    )
                    for record in items
                ),
                widths=(3, 3, 8),
            )
        )
    return tuple(blocks)


def _agreements(
    access: Access, year: int, relations: list[Assistance], notes: Notes
) -> tuple[Block, ...]:
    with_agreement = [relation for relation in relations if relation.agreement is not None]
    if not with_agreement:
        return (Paragraph(("暂无登记的结对帮扶协议。",)),)
    new = [
        relation
        for relation in with_agreement
        if relation.agreement is not None
        and relation.agreement.signed_on is not None
        and relation.agreement.signed_on.year == year
    ]
    blocks: list[Block] = []
    if new:
        figure = notes.figure(
            str(len(new)),
            unit="份",
            what=f"{year}年新签结对帮扶协议",
            sources=agreement_sources(access, [r.agreement for r in new if r.agreement]),
        )
        blocks.append(Paragraph((f"{year}年新签结对帮扶协议", figure, "。")))
    blocks.append(
        Table(
            headers=("受扶单位", "帮扶类型", "协议", "签署日期"),
            rows=tuple(
                (
                    relation.counterpart,
                    str(relation.get_kind_display()),
                    relation.agreement.title if relation.agreement else "",
                    chinese_date(relation.agreement.signed_on)
                    if relation.agreement and relation.agreement.signed_on
                    else "",
                )
                for relation in with_agreement
            ),
            widths=(4, 2, 6, 2),
        )
    )
    return tuple(blocks)
