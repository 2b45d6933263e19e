"""任务建设完成情况报告: a construction task (or a whole project), in the structure of seed 003 —
第一部分 建设概况及成效 (the completion sentence, the narrative, the achievements with their
evidence) and 第二部分 分年度建设完成情况 (year by year: narrative, numbered points, their
evidence). It reads the same plan as the evidence binder, so the report and the binder's front
part never disagree."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from hezuo.accounts.access import Access, scoped
from hezuo.binders.layout import Plan
from hezuo.binders.layout import Section as PlanSection
from hezuo.binders.plan import Scope, binder_plan
from hezuo.construction.models import Task
from hezuo.construction.selectors import task_point_list
from hezuo.core.chinese import year_period
from hezuo.reports.document import (
    Block,
    Document,
    Entries,
    Heading,
    Notes,
    Paragraph,
    Section,
    paragraphs,
)
from hezuo.reports.kinds import SECTIONS, ReportKind
from hezuo.reports.sources import point_sources


def completion_title(scope: Scope) -> str:
    task = scope.task
    heading = f"{task.code} {task.title}" if task is not None else scope.project.name
    suffix = year_period(scope.year) if scope.year is not None else ""
    return f"{heading} {suffix}建设完成情况报告"


def build_completion(
    *, access: Access, scope: Scope, narratives: Mapping[str, str], today: dt.date
) -> Document:
    plan = binder_plan(access=access, scope=scope, today=today)
    titles = {item.code: item.title for item in plan.items}
    codes = [section.code for section in plan.sections]
    tasks = {
        task.code: task
        for task in scoped(
            Task.objects.filter(project=scope.project, code__in=codes), access=access
        )
    }
    notes = Notes()
    several = len(plan.sections) > 1
    overview: list[Block] = list(paragraphs(narratives.get("overview", "")))
    years: list[Block] = list(paragraphs(narratives.get("years", "")))
    for section in plan.sections:
        if several:
            overview.append(Heading(f"{section.code} {section.title}", 2))
            years.append(Heading(f"{section.code} {section.title}", 2))
        overview.extend(_overview(access, scope, section, tasks.get(section.code), titles, notes))
        years.extend(_years(section, titles))
    (overview_key, default_part1), (years_key, part2) = SECTIONS[ReportKind.COMPLETION]
    part1 = plan.sections[0].part1_title if plan.sections else str(default_part1)
    if not plan.sections:
        overview.append(Paragraph(("所选范围内暂无任务要点。",)))
    return Document(
        kind=ReportKind.COMPLETION,
        title=completion_title(scope),
        school=access.school.name,
        period=_period(plan, scope),
        date=plan.date,
        sections=(
            Section(overview_key, part1, tuple(overview)),
            Section(years_key, str(part2), tuple(years)),
        ),
        notes=tuple(notes.notes),
    )


def _period(plan: Plan, scope: Scope) -> str:
    project = scope.project
    span = (
        year_period(scope.year)
        if scope.year is not None
        else f"{project.period_start_year}—{project.period_end_year}年"
    )
    return f"{plan.project}（{span}）"


def _overview(
    access: Access,
    scope: Scope,
    section: PlanSection,
    task: Task | None,
    titles: Mapping[str, str],
    notes: Notes,
) -> list[Block]:
    blocks: list[Block] = []
    if task is not None:
        points = list(
            task_point_list(access=access, task=task, year=scope.year).order_by(
                "year", "task__code", "sequence"
            )
        )
        figure = notes.figure(
            "",
            what=f"{section.code} {section.title} 任务完成率",
            value=section.kpi.rstrip("。"),
            sources=point_sources(access, points),
            remark="任务完成率 = 已完成任务要点数 ÷ 任务要点总数；须有已通过佐证材料的学校，"
            "无已通过佐证材料的要点不计为已完成。",
        )
        blocks.append(Paragraph((section.kpi.rstrip("。"), figure, "。")))
    else:
        blocks.append(Paragraph((section.kpi,)))
    blocks.extend(paragraphs(section.overview))
    for achievement in section.achievements:
        blocks.append(Heading(f"{achievement.label}{achievement.title}", 3))
        blocks.extend(paragraphs(achievement.narrative))
        blocks.extend(_evidence(achievement.evidence, titles))
    return blocks


def _years(section: PlanSection, titles: Mapping[str, str]) -> list[Block]:
    blocks: list[Block] = []
    for year in section.years:
        blocks.append(Heading(year.label, 3))
        blocks.extend(paragraphs(year.narrative))
        for point in year.points:
            blocks.append(Paragraph((f"{point.label}{point.text}",), indent=False))
            blocks.extend(paragraphs(point.narrative))
            blocks.extend(_evidence(point.evidence, titles))
    if not section.years:
        blocks.append(Paragraph(("暂无分年度任务要点。",)))
    return blocks


def _evidence(codes: tuple[str, ...], titles: Mapping[str, str]) -> list[Block]:
    rows = tuple((code, titles[code]) for code in codes if code in titles)
    return [Entries(rows)] if rows else []
