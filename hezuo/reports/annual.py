"""年度合作办学情况报告: a school's year of cooperation, in the structure of seed 000 —
一、合作办学, 二、国际交流合作, 三、粤港澳大湾区, 四、结对帮扶, the evidence appendix and the
notes on where each figure comes from. Each section is the office's own narrative (when written)
followed by what the records say."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Mapping
from fractions import Fraction

from django.db.models import Q

from hezuo.accounts.access import Access, scoped
from hezuo.activities.models import Activity, ActivityType, Mode, Outcome, PersonCategory
from hezuo.agreements.models import Agreement, AgreementKind, AgreementStatus
from hezuo.assistance.models import Assistance, AssistanceRecord
from hezuo.core.chinese import chinese_date, chinese_month, year_period
from hezuo.evidence.models import Evidence
from hezuo.programmes.models import Programme, ProgrammeStatus
from hezuo.reports.document import (
    Block,
    Document,
    Entries,
    Figure,
    Inline,
    Notes,
    Paragraph,
    Section,
    Source,
    Table,
    number_text,
    paragraphs,
)
from hezuo.reports.figures import estimate_paragraphs, indicator_rows, indicator_table, year_figures
from hezuo.reports.kinds import SECTIONS as SECTIONS_OF
from hezuo.reports.kinds import ReportKind, numbered_by_place, offered_sections
from hezuo.reports.sources import (
    activity_sources,
    agreement_sources,
    assistance_sources,
    outcome_sources,
    programme_sources,
)

SECTIONS = SECTIONS_OF[ReportKind.ANNUAL]
CURRENT_PROGRAMMES = (
    ProgrammeStatus.PREPARING,
    ProgrammeStatus.APPLYING,
    ProgrammeStatus.APPROVED,
    ProgrammeStatus.ENROLLING,
    ProgrammeStatus.ENROLMENT_STOPPED,
)
# Programmes not yet approved, each stage named for what it is.
STAGES = ((ProgrammeStatus.PREPARING, "筹备中"), (ProgrammeStatus.APPLYING, "申报中"))
BAY_AREA_REGIONS = frozenset({"HK", "MO"})


def annual_title(year: int) -> str:
    return f"{year}年合作办学情况报告"


def build_annual(
    *,
    access: Access,
    year: int,
    narratives: Mapping[str, str],
    today: dt.date,
    left_out: frozenset[str] = frozenset(),
) -> Document:
    """The report of ``year`` with the chapters the school's reports have (the 粤港澳大湾区
    chapter a Guangdong school's only) but those in ``left_out``, numbered by their place."""
    notes = Notes()
    activities = _year_activities(access, year)
    # Each chapter's blocks, and the tables of the figures it states in words.
    contents: dict[str, Callable[[], tuple[tuple[Block, ...], tuple[Table, ...]]]] = {
        "programmes": lambda: (_programmes(access, year, notes), ()),
        "exchanges": lambda: (_exchanges(access, year, notes, activities), ()),
        # Hong Kong and Macao (never Taiwan) and the internships there.
        "bay_area": lambda: (_bay_area(access, year, notes, activities), ()),
        "assistance": lambda: _assistance(access, year, notes),
    }
    chapters = numbered_by_place(
        (key, title)
        for key, title in offered_sections(ReportKind.ANNUAL, access.school.province)
        if key in contents and key not in left_out
    )
    sections = []
    for key, title in chapters:
        blocks, sheets = contents[key]()
        sections.append(
            Section(key, title, paragraphs(narratives.get(key, "")) + blocks, sheets=sheets)
        )
    if "evidence" not in left_out:
        sections.append(_evidence(access, notes.evidence_codes(), narratives.get("evidence", "")))
    return Document(
        kind=ReportKind.ANNUAL,
        title=annual_title(year),
        school=access.school.name,
        period=year_period(year),
        date=chinese_month(today),
        sections=tuple(sections),
        notes=tuple(notes.notes),
    )


def _count(notes: Notes, what: str, unit: str, sources: tuple[Source, ...]) -> Figure:
    return notes.figure(str(len(sources)), unit=unit, what=what, sources=sources)


def _programmes(access: Access, year: int, notes: Notes) -> tuple[Block, ...]:
    programmes = list(
        scoped(
            Programme.objects.filter(status__in=CURRENT_PROGRAMMES).begun_by(year), access=access
        )
        .prefetch_related("partners")
        .order_by("form", "name")
    )
    blocks: list[Block] = []
    if not programmes:
        blocks.append(Paragraph((f"截至{year}年底，学校暂无在办或筹建的合作办学项目。",)))
    else:
        by_form: dict[str, list[Programme]] = defaultdict(list)
        for programme in programmes:
            by_form[str(programme.get_form_display())].append(programme)
        total = _count(
            notes, "在办及筹建的合作办学项目（机构）", "个", programme_sources(access, programmes)
        )
        parts: list[Inline] = [f"截至{year}年底，学校在办及筹建的合作办学项目（机构）共", total]
        parts.append(
            "，其中" + "、".join(f"{form}{len(items)}个" for form, items in by_form.items())
        )
        parts.append("。")
        blocks.append(Paragraph(tuple(parts)))
    approved = [p for p in programmes if p.approval_number or p.is_filed_with_moe]
    if approved:
        figure = _count(
            notes, "已获批准书或报教育部备案的项目", "个", programme_sources(access, approved)
        )
        names = "；".join(
            p.name + (f"（批准书编号 {p.approval_number}）" if p.approval_number else "")
            for p in approved
        )
        blocks.append(Paragraph(("已获批准书或报教育部备案的项目", figure, f"：{names}。")))
    for status, label in (
        (ProgrammeStatus.PREPARING, "筹备中"),
        (ProgrammeStatus.APPLYING, "申报中"),
    ):
        named = [p for p in programmes if p.status == status]
        if named:
            figure = _count(notes, f"{label}的合作办学项目", "个", programme_sources(access, named))
            names = "；".join(p.name for p in named)
            blocks.append(Paragraph((f"{label}的项目", figure, f"：{names}。")))
    # Letters of intent signed in the year (a draft is not yet an intent reached); one with a
    # partner of a programme listed above is that programme's beginning: one initiative,
    # counted once.
    listed_partners = {partner.pk for p in programmes for partner in p.partners.all()}
    letters = [
        letter
        for letter in scoped(
            Agreement.objects.filter(kind=AgreementKind.LETTER_OF_INTENT, signed_on__year=year),
            access=access,
        )
        .prefetch_related("partners")
        .order_by("title")
        if not {partner.pk for partner in letter.partners.all()} & listed_partners
    ]
    if letters:
        figure = _count(
            notes, f"{year}年新达成的合作意向", "项", agreement_sources(access, letters)
        )
        names = "；".join(letter.title for letter in letters)
        blocks.append(Paragraph((f"{year}年新达成合作意向", figure, f"：{names}。")))
    agreements = _agreements_in_force(access, year)
    if agreements:
        figure = _count(
            notes, f"{year}年有效的合作协议", "份", agreement_sources(access, agreements)
        )
        new = [a for a in agreements if a.signed_on is not None and a.signed_on.year == year]
        tail = f"，其中{year}年新签{len(new)}份" if new else ""
        blocks.append(Paragraph((f"{year}年有效的合作协议", figure, f"{tail}。")))
    if programmes:
        blocks.append(
            Table(
                headers=("项目名称", "办学形式", "合作方", "专业", "状态", "批准书编号"),
                rows=tuple(
                    (
                        p.name,
                        str(p.get_form_display()),
                        "、".join(partner.name_zh for partner in p.partners.all()),
                        p.major,
                        str(p.get_status_display()),
                        p.approval_number,
                    )
                    for p in programmes
                ),
                title="合作办学项目一览",
                widths=(5, 3, 4, 2, 3, 3),
            )
        )
    return tuple(blocks)


def _agreements_in_force(access: Access, year: int) -> list[Agreement]:
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    return list(
        scoped(
            Agreement.objects.exclude(kind=AgreementKind.ASSISTANCE)
            .filter(
                status__in=(
                    AgreementStatus.SIGNED,
                    AgreementStatus.IN_FORCE,
                    AgreementStatus.EXPIRED,
                ),
                signed_on__lte=end,
            )
            .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=start)),
            access=access,
        ).order_by("signed_on", "title")
    )


def _year_activities(access: Access, year: int) -> list[Activity]:
    return list(
        scoped(Activity.objects.filter(start_on__year=year), access=access)
        .prefetch_related("partners", "participations")
        .order_by("start_on", "pk")
    )


def _exchanges(
    access: Access, year: int, notes: Notes, activities: list[Activity]
) -> tuple[Block, ...]:
    held = [a for a in activities if not a.is_cancelled]
    blocks: list[Block] = []
    if held:
        figure = _count(
            notes,
            f"{year}年开展的国际交流合作活动",
            "项",
            activity_sources(access, [a.pk for a in held]),
        )
        modes = "、".join(
            f"{label}{count}项"
            for label, count in (
                (str(Mode(mode).label), sum(1 for a in held if a.mode == mode)) for mode in Mode
            )
            if count
        )
        blocks.append(
            Paragraph((f"{year}年，学校共开展国际交流合作活动", figure, f"，其中{modes}。"))
        )
    cancelled = [a for a in activities if a.is_cancelled]
    if cancelled:
        blocks.append(
            Paragraph(
                (
                    f"另有{len(cancelled)}项活动因故取消，未计入统计："
                    + "；".join(a.title for a in cancelled)
                    + "。",
                )
            )
        )
    figures = year_figures(access=access, year=year)
    rows = indicator_rows(access=access, figures=figures, notes=notes)
    if rows:
        blocks.append(indicator_table(rows, title=f"{year}年国际交流合作主要数据"))
        blocks.extend(estimate_paragraphs(rows))
    groups: dict[str, list[Activity]] = defaultdict(list)
    for activity in held:
        groups[str(activity.get_activity_type_display())].append(activity)
    # Without the office's narrative the records still read as prose: a sentence per type.
    for label, items in groups.items():
        held_items = "；".join(f"{a.title}（{chinese_date(a.start_on)}）" for a in items)
        blocks.append(Paragraph((f"{label}{len(items)}项：{held_items}。",)))
    outcomes = list(
        scoped(
            Outcome.objects.dated_within(dt.date(year, 1, 1), dt.date(year, 12, 31)).filter(
                activity__is_cancelled=False
            ),
            access=access,
        )
        .select_related("activity")
        .order_by("achieved_on", "pk")
    )
    if outcomes:
        figure = _count(notes, f"{year}年取得的成果", "项", outcome_sources(access, outcomes))
        blocks.append(
            Paragraph(("取得成果", figure, "：" + "；".join(o.title for o in outcomes) + "。"))
        )
    return tuple(blocks)


def _is_hong_kong_or_macao(activity: Activity) -> bool:
    """Held in, or with a partner of, Hong Kong or Macao: the Greater Bay Area's cooperation.
    Taiwan is 港澳台 wherever regions are summed, but never the Bay Area."""
    return activity.country_code in BAY_AREA_REGIONS or any(
        partner.country_code in BAY_AREA_REGIONS for partner in activity.partners.all()
    )


def _bay_area(
    access: Access, year: int, notes: Notes, activities: list[Activity]
) -> tuple[Block, ...]:
    """The Bay-Area chapter as the office makes it: the programmes it put there (列入粤港澳大湾区),
    the activities held in or with partners of Hong Kong and Macao, and the other activities it
    put there (seed 000: an internship abroad, a volunteer service), each with its person-days."""
    programmes = list(
        scoped(
            Programme.objects.filter(status__in=CURRENT_PROGRAMMES, in_bay_area=True).begun_by(
                year
            ),
            access=access,
        ).order_by("name")
    )
    held = [a for a in activities if not a.is_cancelled]
    with_hong_kong_or_macao = [a for a in held if _is_hong_kong_or_macao(a)]
    assigned = [a for a in held if a.in_bay_area and not _is_hong_kong_or_macao(a)]
    blocks: list[Block] = []
    if programmes:
        figure = _count(
            notes, "列入粤港澳大湾区的合作项目", "个", programme_sources(access, programmes)
        )
        names = "；".join(p.name for p in programmes)
        blocks.append(Paragraph(("服务粤港澳大湾区的合作项目", figure, f"：{names}。")))
    if with_hong_kong_or_macao:
        figure = _count(
            notes,
            f"{year}年与香港、澳门合作方开展的交流活动",
            "项",
            activity_sources(access, [a.pk for a in with_hong_kong_or_macao]),
        )
        blocks.append(Paragraph((f"{year}年，学校与香港、澳门合作方开展交流活动", figure, "。")))
        blocks.append(
            _activity_table(access, with_hong_kong_or_macao, notes, "与香港、澳门合作方的交流活动")
        )
    else:
        blocks.append(Paragraph((f"{year}年未开展与香港、澳门合作方的交流活动。",)))
    if assigned:
        figure = _count(
            notes,
            f"{year}年列入粤港澳大湾区的其他交流活动",
            "项",
            activity_sources(access, [a.pk for a in assigned]),
        )
        blocks.append(Paragraph((f"{year}年服务粤港澳大湾区的其他交流活动", figure, "。")))
        blocks.append(_activity_table(access, assigned, notes, "服务粤港澳大湾区的其他交流活动"))
    return tuple(blocks)


def _activity_table(access: Access, activities: list[Activity], notes: Notes, title: str) -> Table:
    """The activities with their person-days; an internship's are its students', not those of
    the teachers who go with them."""
    rows: list[tuple[Inline, ...]] = []
    per_day = access.school.hours_per_day
    for activity in activities:
        participations = [
            row
            for row in activity.participations.all()
            if activity.activity_type != ActivityType.STUDENT_INTERNSHIP_ABROAD
            or row.person_category == PersonCategory.STUDENT
        ]
        days: Inline = "—"
        if participations:
            value = sum((row.person_days(per_day) for row in participations), start=Fraction(0))
            days = notes.figure(
                number_text(value),
                unit="人日",
                label="估算" if activity.is_estimate else "",
                what=f"{activity.title}（人日）",
                sources=activity_sources(
                    access, [activity.pk], participation_ids=[row.pk for row in participations]
                ),
            )
        rows.append(
            (
                activity.title,
                chinese_date(activity.start_on),
                str(activity.get_mode_display()),
                "、".join(partner.name_zh for partner in activity.partners.all()),
                days,
            )
        )
    return Table(
        headers=("活动", "日期", "方式", "合作方", "人日"),
        rows=tuple(rows),
        title=title,
        widths=(6, 2, 1, 4, 2),
    )


def _assistance(
    access: Access, year: int, notes: Notes
) -> tuple[tuple[Block, ...], tuple[Table, ...]]:
    """Each counterpart's year in one sentence, as seed 000 writes it, and the agreements
    signed; and the same figures as a table, for the workbook."""
    records = list(
        scoped(AssistanceRecord.objects.filter(year=year), access=access)
        .select_related("assistance")
        .order_by("assistance__counterpart", "pk")
    )
    blocks: list[Block] = []
    rows: list[tuple[Inline, ...]] = []
    by_counterpart: dict[Assistance, list[AssistanceRecord]] = defaultdict(list)
    for record in records:
        by_counterpart[record.assistance].append(record)
    for assistance, items in by_counterpart.items():
        who = f"{assistance.counterpart}（{assistance.get_kind_display()}）"
        parts: list[Inline] = []
        for record in items:
            figure = notes.figure(
                record.display_quantity,
                what=f"{assistance.counterpart} {record.get_item_display()}",
                sources=assistance_sources(access, [record]),
            )
            detail = f"（{record.detail}）" if record.detail else ""
            parts.extend((str(record.get_item_display()), figure, detail, "；"))
            rows.append((who, str(record.get_item_display()), figure, record.detail))
        parts[-1] = "。"
        blocks.append(Paragraph((f"与{who}：", *parts)))
    started = list(
        scoped(Assistance.objects.filter(start_on__year=year), access=access)
        .select_related("agreement")
        .order_by("start_on", "counterpart")
    )
    if started:
        figure = notes.figure(
            str(len(started)),
            unit="份",
            what=f"{year}年新签结对帮扶协议",
            sources=agreement_sources(access, [a.agreement for a in started if a.agreement]),
        )
        counterparts = "、".join(a.counterpart for a in started)
        blocks.append(
            Paragraph((f"{year}年新签结对帮扶协议", figure, f"：与{counterparts}结对帮扶。"))
        )
        rows.append(("", f"{year}年新签结对帮扶协议", figure, f"与{counterparts}结对帮扶"))
    if not blocks:
        return (Paragraph((f"{year}年暂无结对帮扶记录。",)),), ()
    detailed = any(row[3] for row in rows)
    table = Table(
        headers=("序号", "对象", "事项", "数量", *(("说明",) if detailed else ())),
        rows=tuple(
            (str(number), *(row if detailed else row[:3])) for number, row in enumerate(rows, 1)
        ),
        title=f"{year}年结对帮扶",
    )
    return tuple(blocks), (table,)


def _evidence(access: Access, cited: set[str], narrative: str) -> Section:
    items = scoped(Evidence.objects.filter(code__in=cited), access=access).order_by("code_sort")
    rows = tuple((item.code, item.title) for item in items)
    blocks: tuple[Block, ...] = paragraphs(narrative) + (
        (Entries(rows),) if rows else (Paragraph(("本报告所列记录暂无佐证材料。",)),)
    )
    key, title = SECTIONS[-1]
    return Section(key, str(title), blocks)
