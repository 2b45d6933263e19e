"""Task completion (任务完成率) and the sentence that reports it. Pure functions."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from hezuo.core.chinese import quoted

COMPLETED = "completed"
AWAITING_EVIDENCE = "awaiting_evidence"  # completed, but not yet proven by approved evidence


@dataclass(frozen=True)
class Completion:
    total: int
    completed: int

    @property
    def rate(self) -> Fraction:
        """completed ÷ all; a task with no points has nothing outstanding, so it counts as 0."""
        return Fraction(self.completed, self.total) if self.total else Fraction(0)

    @property
    def percent(self) -> int:
        """The rate as a whole percentage, half-up (7 of 8 is 88 %)."""
        exact = Decimal(self.rate.numerator * 100) / Decimal(self.rate.denominator)
        return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def counted_status(status: str, *, approved_evidence: int, needs_approved: bool) -> str:
    """The status a point counts with: where the school asks for it, a completed point without
    approved evidence does not count as completed (it awaits its evidence's review)."""
    if needs_approved and status == COMPLETED and approved_evidence == 0:
        return AWAITING_EVIDENCE
    return status


def completion(statuses: Iterable[str]) -> Completion:
    """Completion of task points from their statuses."""
    total = completed = 0
    for status in statuses:
        total += 1
        completed += status == COMPLETED
    return Completion(total=total, completed=completed)


def kpi_sentence(*, task_title: str, result: Completion, as_of_year: int) -> str:
    """The binder's one-sentence summary, worded as the schools word it (seed 003)."""
    return (
        f"{quoted(task_title)}方面共有{result.total}个任务要点，截至{as_of_year}年年底，"
        f"共完成{result.completed}个建设任务点，任务完成率{result.percent}%。"
    )
