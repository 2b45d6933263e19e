"""Lists, clauses, notes and flags in the language of the page: 甲、乙, 甲；乙, 甲（乙） and 是 in
Chinese; "A, B", "A; B", "A (B)" and "Yes" in English."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _


def listing(items: Iterable[object]) -> str:
    """Items named one after another: 斯莱戈理工学院、新加坡理工学院."""
    return _("、").join(str(item) for item in items)


def clauses(items: Iterable[object]) -> str:
    """Sentences or reasons that stand side by side: 甲；乙."""
    return _("；").join(str(item) for item in items)


def with_note(text: object, note: object) -> str:
    """A name with a note after it: 爱尔兰（IE）."""
    return _("%(text)s（%(note)s）") % {"text": text, "note": note}


def yes_no(flag: bool) -> str:
    """A flag as a reader says it: 是 or 否."""
    return _("是") if flag else _("否")
