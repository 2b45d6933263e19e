"""Where background work waits, and in what order it is taken.

Two queues: ``conversions`` (uploaded files made into PDFs and searchable text) and
``documents`` (binders, reports, imports — work a person has asked for and waits on). A worker
takes from both unless it is given one (``hezuo worker --queue-name conversions``), so a large
installation can keep workers for each.

Within the queues a worker takes the task of highest priority first (then the oldest). A task's
priority is its kind's base — documents above conversions, since a person is waiting — less
the number of the same school's tasks of that kind already waiting: the first file a school
uploads goes before the twentieth of another school's bulk upload, and one school's hundred
files cannot hold back another school's report."""

from __future__ import annotations

CONVERSIONS = "conversions"
DOCUMENTS = "documents"
DOCUMENT_PRIORITY = 50
CONVERSION_PRIORITY = 0
_LOWEST, _HIGHEST = -100, 100  # django-tasks' range


def fair_priority(base: int, *, waiting: int) -> int:
    """The priority of a new task of base ``base`` whose school already has ``waiting`` tasks
    of the same kind in the queue."""
    return max(_LOWEST, min(_HIGHEST, base - waiting))
