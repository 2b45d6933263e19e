"""Evidence numbering: the next code under a task or an item, gaps and duplicates among a
project's codes, and the renumbering that closes the gaps. Pure functions over codes."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from hezuo.construction.codes import code_parts, is_valid_code, parent_code

# "3.4.1.2.1 爱尔兰…到访学校", "3.4.1.1中外合作办学项目批准书", "3.4.1.2.校举办…" (number missing).
_LEADING_CODE = re.compile(
    r"^\s*(?P<code>\d+(?:\.\d+)*)(?P<dot>\.)?\s*[、．:：\-_]?\s*(?P<title>.*)$"
)


@dataclass(frozen=True)
class NamedCode:
    """What a file or bookmark name says: its code (if any), its title, and whether the code
    ends in a dot with its last number missing (the seed's "3.4.1.2.")."""

    code: str
    title: str
    incomplete: bool = False


def code_from_name(name: str) -> NamedCode | None:
    """The code and title at the start of a name; None when it starts with no code."""
    match = _LEADING_CODE.match(name)
    if match is None:
        return None
    code, title = match["code"], match["title"].strip()
    if not is_valid_code(code):
        return None
    # "3.4.1.2." followed straight by text is a code whose last number was left out; a dot
    # followed by a space ("3.4.1.2. 标题") is only punctuation.
    incomplete = bool(match["dot"]) and not name[match.end("dot") :].startswith((" ", "\u3000"))
    return NamedCode(code=code, title=title, incomplete=incomplete)


def next_code(parent: str, existing: Iterable[str]) -> str:
    """The first free child number under ``parent`` after the highest one in use."""
    children = [
        code_parts(code)[-1]
        for code in existing
        if is_valid_code(code) and parent_code(code) == parent
    ]
    return f"{parent}.{max(children, default=0) + 1}"


@dataclass(frozen=True)
class CodeProblem:
    kind: str  # "gap" or "duplicate"
    code: str  # the missing code, or the duplicated one
    count: int = 1


def code_problems(codes: Iterable[str], *, roots: Iterable[str] = ()) -> list[CodeProblem]:
    """Duplicated codes, and gaps among siblings: under one parent, numbers 1 … n with one
    neither used by an item nor by a group of items (3.4.1.2 is no gap when 3.4.1.2.1 exists).
    ``roots`` are the task codes: numbering is checked below them only (other tasks' numbers
    are not this task's gaps). Without roots every level is checked."""
    listed = [code for code in codes if is_valid_code(code)]
    problems = [
        CodeProblem("duplicate", code, count)
        for code, count in Counter(listed).items()
        if count > 1
    ]
    tops = [root for root in roots if is_valid_code(root)]

    def checked(code: str) -> bool:
        return not tops or any(code == top or code.startswith(top + ".") for top in tops)

    used: dict[str, set[int]] = defaultdict(set)
    for code in set(listed):
        current: str | None = code
        while current is not None:
            parent = parent_code(current)
            if parent is None or not checked(parent):
                break
            used[parent].add(code_parts(current)[-1])
            current = parent
    for parent, numbers in used.items():
        problems.extend(
            CodeProblem("gap", f"{parent}.{number}")
            for number in range(1, max(numbers))
            if number not in numbers
        )
    return sorted(
        problems, key=lambda problem: (code_parts(problem.code), problem.kind != "duplicate")
    )


def renumbering(codes: Iterable[str], *, roots: Iterable[str]) -> dict[str, str]:
    """Old code → new code for every item that moves when the gaps below the ``roots`` (task
    codes) are closed: order is kept, groups of items (3.4.1.2 holding 3.4.1.2.1 …) move as
    one, descendants follow. Applying the moves in ascending order of the old code never
    collides: each target is free when its turn comes."""
    items = {code for code in codes if is_valid_code(code)}
    tops = {root for root in roots if is_valid_code(root)}
    children: dict[str, set[str]] = defaultdict(set)
    for code in items:
        current = code
        while (parent := parent_code(current)) is not None:
            children[parent].add(current)
            if parent in tops:
                break
            current = parent
    moves: dict[str, str] = {}

    def place(node: str, new: str) -> None:
        if node in items and new != node:
            moves[node] = new
        for index, child in enumerate(sorted(children.get(node, ()), key=code_parts), start=1):
            place(child, f"{new}.{index}")

    for root in tops:
        for index, child in enumerate(sorted(children.get(root, ()), key=code_parts), start=1):
            place(child, f"{root}.{index}")
    return moves
