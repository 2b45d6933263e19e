"""The plan of a binder, read from the records: which tasks, points and evidence it holds and
which PDF stands for each file. Every read goes through the selectors, so a binder shows only
what its maker may see."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from hezuo.accounts.access import Access, scoped
from hezuo.binders import problems
from hezuo.binders.layout import (
    AchievementSpec,
    FileSpec,
    Item,
    Plan,
    PointSpec,
    Section,
    YearSpec,
)
from hezuo.binders.problems import Problem
from hezuo.construction.calculations import kpi_sentence
from hezuo.construction.codes import code_sort_key
from hezuo.construction.models import (
    ConstructionProject,
    Task,
    TaskAchievement,
    TaskLevel,
    TaskPoint,
    TaskYearSummary,
)
from hezuo.construction.selectors import (
    project_get,
    project_list,
    task_completion,
    task_list,
    task_list_all,
)
from hezuo.core.chinese import chinese_count, chinese_month, chinese_numeral, year_period
from hezuo.core.errors import HezuoError
from hezuo.core.review import ReviewStatus
from hezuo.evidence.models import Evidence, EvidenceFile
from hezuo.evidence.selectors import evidence_list
from hezuo.files.models import Processing, StoredFile


@dataclass(frozen=True)
class Scope:
    """A task (with the tasks below it) or the whole project, optionally one year."""

    project: ConstructionProject
    task: Task | None = None
    year: int | None = None
    approved_only: bool = False


def scope_for(
    *,
    access: Access,
    task_code: str | None,
    project_id: int | None = None,
    year: int | None = None,
    approved_only: bool = False,
) -> Scope:
    """The scope a command line names: a task by its code (the project's id where several
    projects have that code), or a project (the school's only one when not named)."""
    if task_code:
        tasks = [task for task in task_list_all(access=access) if task.code == task_code]
        if project_id is not None:
            tasks = [task for task in tasks if task.project_id == project_id]
        if not tasks:
            raise HezuoError(_("找不到编号为 %(code)s 的建设任务。") % {"code": task_code})
        if len(tasks) > 1:
            raise HezuoError(
                _("多个建设项目都有任务 %(code)s，请用 --project 指定项目编号（%(ids)s）。")
                % {"code": task_code, "ids": "、".join(str(task.project_id) for task in tasks)}
            )
        task = tasks[0]
        return Scope(project=task.project, task=task, year=year, approved_only=approved_only)
    if project_id is not None:
        project = project_get(access=access, pk=project_id)
    else:
        projects = list(project_list(access=access))
        if len(projects) != 1:
            raise HezuoError(_("请用 --task 或 --project 指定任务或项目。"))
        project = projects[0]
    return Scope(project=project, year=year, approved_only=approved_only)


def binder_plan(*, access: Access, scope: Scope, today: dt.date | None = None) -> Plan:
    project, task = scope.project, scope.task
    access.ensure_own(project, task)
    today = today or timezone.localdate()
    tasks = sorted(
        (
            candidate
            for candidate in task_list(access=access, project=project)
            if task is None or candidate.pk == task.pk or candidate.code.startswith(f"{task.code}.")
        ),
        key=lambda candidate: code_sort_key(candidate.code),
    )
    items = binder_items(access=access, scope=scope)
    codes = {item.code for item in items}
    sections = tuple(
        section
        for section in (_section(access, scope, each, codes, today) for each in tasks)
        if section is not None
    )
    return Plan(
        title=binder_title(scope),
        school=access.school.name,
        project=project.name,
        parent=_parent(task),
        heading=_heading(scope),
        level=f"{TaskLevel(task.level).label}建设任务" if task is not None and task.level else "",
        date=chinese_month(today),
        sections=sections,
        items=items,
    )


def binder_title(scope: Scope) -> str:
    return f"{_heading(scope)} 佐证材料"


def _heading(scope: Scope) -> str:
    heading = f"{scope.task.code} {scope.task.title}" if scope.task is not None else "建设任务"
    return f"{heading}（{scope.year} 年度）" if scope.year is not None else heading


def _parent(task: Task | None) -> str:
    if task is None or task.parent_id is None:
        return ""
    parent = task.parent
    assert parent is not None
    return f"{parent.code}.{parent.title}"


def _as_of(scope: Scope, today: dt.date) -> int:
    if scope.year is not None:
        return scope.year
    return min(today.year, scope.project.period_end_year)


def _section(
    access: Access, scope: Scope, task: Task, codes: set[str], today: dt.date
) -> Section | None:
    points = scoped(TaskPoint.objects.filter(task=task), access=access).order_by("year", "sequence")
    if scope.year is not None:
        points = points.filter(year=scope.year)
    points = points.prefetch_related(_evidence_codes())
    point_list = list(points)
    if not point_list and not any(code.startswith(f"{task.code}.") for code in codes):
        return None
    summaries = {
        summary.year: summary.narrative
        for summary in scoped(TaskYearSummary.objects.filter(task=task), access=access)
    }
    achievements = list(
        scoped(TaskAchievement.objects.filter(task=task), access=access)
        .order_by("sequence")
        .prefetch_related(_evidence_codes())
    )
    overview = task.narrative
    if scope.year is not None:
        # One year's front pages: the task's overview tells of the whole project, so the
        # year's own narrative (第二部分) speaks instead; an achievement shows only with
        # evidence in the year, never as an empty heading.
        overview = ""
        achievements = [
            achievement
            for achievement in achievements
            if any(item.code in codes for item in achievement.evidence.all())
        ]
    years = sorted({point.year for point in point_list} | _years(scope, summaries))
    result = task_completion(access=access, task=task, year=scope.year)
    span = len(scope.project.years)
    part1 = (
        f"第一部分 {year_period(scope.year)}建设概况及成效"
        if scope.year is not None
        else f"第一部分 {chinese_count(span)}年建设概况及成效"
    )
    return Section(
        code=task.code,
        title=task.title,
        level=str(TaskLevel(task.level).label) if task.level else "",
        part1_title=part1,
        kpi=kpi_sentence(task_title=task.title, result=result, as_of_year=_as_of(scope, today)),
        overview=overview,
        achievements=tuple(
            AchievementSpec(
                label=f"{chinese_numeral(index)}、",
                title=achievement.title,
                narrative=achievement.narrative,
                evidence=tuple(
                    item.code for item in achievement.evidence.all() if item.code in codes
                ),
            )
            for index, achievement in enumerate(achievements, start=1)
        ),
        years=tuple(
            YearSpec(
                year=year,
                label=f"{chinese_numeral(index)}、{year_period(year)}",
                narrative=summaries.get(year, ""),
                points=tuple(
                    PointSpec(
                        label=f"{point.sequence}.",
                        text=point.text,
                        narrative=point.narrative,
                        evidence=tuple(
                            item.code for item in point.evidence.all() if item.code in codes
                        ),
                    )
                    for point in point_list
                    if point.year == year
                ),
            )
            for index, year in enumerate(years, start=1)
        ),
    )


def _evidence_codes() -> Prefetch[str]:
    """A record's evidence, codes only, in code order."""
    return Prefetch("evidence", queryset=Evidence.objects.only("id", "code").order_by("code_sort"))


def _years(scope: Scope, summaries: dict[int, str]) -> set[int]:
    if scope.year is not None:
        return {scope.year} if scope.year in summaries else set()
    return set(summaries)


def scope_evidence(*, access: Access, scope: Scope) -> QuerySet[Evidence]:
    """The evidence items a binder of ``scope`` holds: those coded below its task, approved if
    asked, and for one year those proving that year's points (or, linked to no point, dated in
    that year)."""
    evidence = evidence_list(access=access, project=scope.project, task=scope.task)
    if scope.approved_only:
        evidence = evidence.filter(review_status=ReviewStatus.APPROVED)
    if scope.year is not None:
        in_year = Evidence.objects.filter(
            Q(task_points__year=scope.year) | Q(task_points__isnull=True, dated_on__year=scope.year)
        ).values("pk")
        evidence = evidence.filter(pk__in=in_year)
    return evidence


def binder_items(*, access: Access, scope: Scope) -> tuple[Item, ...]:
    """The evidence items of ``scope`` in code order, each with what stands for its files."""
    links = Prefetch(
        "file_links",
        queryset=EvidenceFile.objects.select_related(
            "stored_file", "stored_file__pdf_rendition"
        ).order_by("position"),
    )
    found = scope_evidence(access=access, scope=scope).prefetch_related(links)
    return tuple(
        sorted(
            (
                Item(
                    code=item.code,
                    title=item.title,
                    files=tuple(
                        _file(link.stored_file, link.display_name) for link in item.file_links.all()
                    ),
                )
                for item in found
            ),
            key=lambda item: code_sort_key(item.code),
        )
    )


def _file(stored: StoredFile, name: str) -> FileSpec:
    pdf = stored.pdf_file
    if pdf is not None:
        return FileSpec(
            name=name,
            key=pdf.storage_key,
            original=stored.storage_key,
            stored_id=stored.pk,
            pages=pdf.page_count or 0,
            size=pdf.size,
        )
    if stored.processing == Processing.PENDING:
        problem = Problem(problems.PENDING)
    elif stored.processing_note:
        problem = Problem(problems.CONVERSION_FAILED, stored.processing_note)
    else:
        problem = Problem(problems.NOT_CONVERTED)
    return FileSpec(
        name=name,
        key=None,
        problem=problem,
        original=stored.storage_key,
        stored_id=stored.pk,
    )
