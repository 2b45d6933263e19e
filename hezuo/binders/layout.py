"""What a binder contains and where each part lands. Pure: the plan comes from the records
(hezuo.binders.plan), the page counts from the files; this module turns them into the data of
the generated pages (contents with page numbers) and into the outline.

Order: cover → contents → per task 第一部分 / 第二部分 → the evidence files in code order.
Page numbers count every page from the cover, so the number a reader sees is the page's
position in the file."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from hezuo.binders.assembly import Bookmark, ContentsLink
from hezuo.binders.problems import Problem
from hezuo.construction.codes import code_sort_key


@dataclass(frozen=True)
class FileSpec:
    """One file of an evidence item: where its PDF is, or why there is none."""

    name: str
    key: str | None  # storage key of the PDF that stands for the file
    problem: Problem | None = None
    original: str = ""  # storage key of the file as uploaded
    stored_id: int | None = None  # the stored file (one file may serve several items)
    pages: int = 0  # of its PDF, as counted when it was processed
    size: int = 0  # of its PDF, in bytes


@dataclass(frozen=True)
class Item:
    code: str
    title: str
    files: tuple[FileSpec, ...]

    @property
    def heading(self) -> str:
        return f"{self.code} {self.title}"


@dataclass(frozen=True)
class PointSpec:
    label: str
    text: str
    narrative: str
    evidence: tuple[str, ...]  # codes of the binder's items that prove it


@dataclass(frozen=True)
class YearSpec:
    year: int
    label: str
    narrative: str
    points: tuple[PointSpec, ...]


@dataclass(frozen=True)
class AchievementSpec:
    label: str
    title: str
    narrative: str
    evidence: tuple[str, ...]


@dataclass(frozen=True)
class Section:
    """One task's generated part: 第一部分 (overview, results) and 第二部分 (year by year)."""

    code: str
    title: str
    level: str
    part1_title: str
    kpi: str
    overview: str
    achievements: tuple[AchievementSpec, ...]
    years: tuple[YearSpec, ...]


@dataclass(frozen=True)
class Plan:
    title: str  # the PDF's title
    school: str
    project: str
    parent: str  # the task above the binder's task, as the cover shows it ("9.提升…")
    heading: str  # the cover's main line
    level: str
    date: str
    sections: tuple[Section, ...]
    items: tuple[Item, ...]  # in code order


LABELS = {
    "cover": "佐证材料",
    "contents": "目录",
    "part2": "第二部分 分年度建设完成情况",
    "evidence": "佐证材料",
    "cover_page": "封面",
    "no_evidence": "（暂无佐证材料）",
}


def item_pages(pages: Mapping[tuple[str, int], int], item: Item) -> int:
    """Pages an item takes: each file's pages (a placeholder is one page), at least one."""
    return max(1, sum(pages.get((item.code, index), 1) for index in range(len(item.files))))


def offsets(plan: Plan, pages: Mapping[tuple[str, int], int]) -> dict[str, int]:
    """Where each item starts, in pages after the generated part."""
    result: dict[str, int] = {}
    position = 0
    for item in plan.items:
        result[item.code] = position
        position += item_pages(pages, item)
    return result


def page_data(plan: Plan, starts: Mapping[str, int]) -> dict[str, Any]:
    """The data of the generated pages (binder.typ)."""
    items = {item.code: item for item in plan.items}

    def evidence(codes: Sequence[str]) -> list[dict[str, Any]]:
        return [
            {"code": code, "title": items[code].title, "offset": starts[code]}
            for code in codes
            if code in items
        ]

    contents: list[dict[str, Any]] = []
    many = len(plan.sections) > 1
    for section in plan.sections:
        depth = 0
        if many:
            contents.append(_anchor(f"task-{section.code}", f"{section.code} {section.title}", 0))
            depth = 1
        contents.append(_anchor(f"part1-{section.code}", section.part1_title, depth))
        contents.append(_anchor(f"part2-{section.code}", LABELS["part2"], depth))
        for year in section.years:
            contents.append(_anchor(f"year-{section.code}-{year.year}", year.label, depth + 1))
    if plan.items:
        contents.append({"kind": "evidence", "offset": 0, "title": LABELS["evidence"], "depth": 0})
        for item, depth in _nested(plan.items):
            contents.append(
                {
                    "kind": "evidence",
                    "offset": starts[item.code],
                    "title": item.heading,
                    "depth": depth + 1,
                }
            )
    return {
        "title": plan.title,
        "school": plan.school,
        "project": plan.project,
        "parent": plan.parent,
        "heading": plan.heading,
        "level": plan.level,
        "date": plan.date,
        "cover_label": LABELS["cover"],
        "contents_label": LABELS["contents"],
        "no_evidence_label": LABELS["no_evidence"],
        "contents": contents,
        "sections": [
            {
                "code": section.code,
                "title": section.title,
                "level": section.level,
                "part1_title": section.part1_title,
                "part2_title": LABELS["part2"],
                "kpi": section.kpi,
                "overview": section.overview,
                "achievements": [
                    {
                        "label": achievement.label,
                        "title": achievement.title,
                        "narrative": achievement.narrative,
                        "evidence": evidence(achievement.evidence),
                    }
                    for achievement in section.achievements
                ],
                "years": [
                    {
                        "year": year.year,
                        "label": year.label,
                        "narrative": year.narrative,
                        "points": [
                            {
                                "label": point.label,
                                "text": point.text,
                                "narrative": point.narrative,
                                "evidence": evidence(point.evidence),
                            }
                            for point in year.points
                        ],
                    }
                    for year in section.years
                ],
            }
            for section in plan.sections
        ],
    }


def contents_links(
    contents: Sequence[Mapping[str, Any]], marks: Sequence[Mapping[str, Any]], front_pages: int
) -> tuple[ContentsLink, ...]:
    """Each entry of the contents (``page_data``'s) as a link to the page it names: where typst
    set it (the ``entry-`` marks binder.typ leaves, in points from the page's top) and the page
    (1-based) it leads to."""
    placed = {mark["key"]: mark for mark in marks}
    links = []
    for index, entry in enumerate(contents):
        start = placed.get(f"entry-{index}")
        if start is None:
            continue
        if entry["kind"] == "anchor":
            target = int(placed[entry["key"]]["page"])
        else:
            target = front_pages + int(entry["offset"]) + 1
        # An entry's link ends where the next one (or the contents) ends on its page, else at
        # the page's foot.
        following = placed.get(f"entry-{index + 1}", placed.get("entry-end"))
        bottom = (
            float(following["y"])
            if following is not None and following["page"] == start["page"]
            else None
        )
        links.append(ContentsLink(int(start["page"]), float(start["y"]), bottom, target))
    return tuple(links)


def outline(
    plan: Plan,
    anchors: Mapping[str, int],
    front_pages: int,
    starts: Mapping[str, int],
    pages: Mapping[tuple[str, int], int],
) -> list[Bookmark]:
    """The bookmarks: cover, contents, the parts of each task with their years, and the
    evidence nested as their codes nest (an item's files below it when it has several).
    ``anchors`` are 1-based pages of the generated part; bookmarks hold 0-based indexes."""
    marks = [Bookmark(LABELS["cover_page"], 0)]
    if "contents" in anchors:
        marks.append(Bookmark(LABELS["contents"], anchors["contents"] - 1))
    many = len(plan.sections) > 1
    for section in plan.sections:
        parts = [
            Bookmark(section.part1_title, anchors[f"part1-{section.code}"] - 1),
            Bookmark(
                LABELS["part2"],
                anchors[f"part2-{section.code}"] - 1,
                [
                    Bookmark(year.label, anchors[f"year-{section.code}-{year.year}"] - 1)
                    for year in section.years
                ],
            ),
        ]
        if many:
            marks.append(Bookmark(f"{section.code} {section.title}", parts[0].page, parts))
        else:
            marks.extend(parts)
    if plan.items:
        root = Bookmark(LABELS["evidence"], front_pages)
        parents: list[tuple[str, Bookmark]] = []
        for item, _depth in _nested(plan.items):
            mark = Bookmark(item.heading, front_pages + starts[item.code])
            if len(item.files) > 1:
                position = mark.page
                for index, spec in enumerate(item.files):
                    mark.children.append(Bookmark(spec.name, position))
                    position += pages.get((item.code, index), 1)
            while parents and not item.code.startswith(f"{parents[-1][0]}."):
                parents.pop()
            (parents[-1][1].children if parents else root.children).append(mark)
            parents.append((item.code, mark))
        marks.append(root)
    return marks


def _nested(items: Sequence[Item]) -> list[tuple[Item, int]]:
    """Items in code order with their depth: an item sits below the nearest earlier item whose
    code its own code extends (9.2.1.1 below 9.2.1)."""
    ordered = sorted(items, key=lambda item: code_sort_key(item.code))
    result: list[tuple[Item, int]] = []
    stack: list[str] = []
    for item in ordered:
        while stack and not item.code.startswith(f"{stack[-1]}."):
            stack.pop()
        result.append((item, len(stack)))
        stack.append(item.code)
    return result


def _anchor(key: str, title: str, depth: int) -> dict[str, Any]:
    return {"kind": "anchor", "key": key, "title": title, "depth": depth}
