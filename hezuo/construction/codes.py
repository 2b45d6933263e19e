"""Hierarchical codes of tasks and evidence ("9", "9.2", "3.4.1.2.1"). Pure functions."""

from __future__ import annotations

import re

CODE_PATTERN = re.compile(r"^[1-9]\d{0,3}(\.[1-9]\d{0,3})*$")


def is_valid_code(code: str) -> bool:
    """Dot-separated positive numbers without leading zeros, e.g. 9.2 or 3.4.1.2.1."""
    return bool(CODE_PATTERN.match(code))


def code_parts(code: str) -> tuple[int, ...]:
    if not is_valid_code(code):
        raise ValueError(f"invalid code {code!r}")
    return tuple(int(part) for part in code.split("."))


def code_sort_key(code: str) -> tuple[int, ...]:
    """Codes in reading order: 3.4.1.2 before 3.4.1.10 (text order would put 10 first)."""
    return code_parts(code)


def parent_code(code: str) -> str | None:
    """The code one level up, or None for a top-level code."""
    head, dot, _ = code.rpartition(".")
    return head if dot else None


def is_descendant(code: str, ancestor: str) -> bool:
    return code.startswith(ancestor + ".")


def sortable_code(code: str) -> str:
    """A text that sorts like the code's numbers: 9.2.10 → 0009.0002.0010 (after 9.2.9)."""
    if not is_valid_code(code):
        return code  # invalid codes are refused by validation; never fail while sorting
    return ".".join(f"{int(part):04d}" for part in code.split("."))
