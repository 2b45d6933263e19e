"""Kinds of long work (a binder, a report version, an Excel import) and what their work is
given and gives back. A kind registers itself once (``register``), with the record its job
makes, who may have it done, and the function that does it; ``hezuo.jobs.services`` runs every
kind the same way (queue, run, progress, cancel, failure, retry)."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Generic, TypeVar

from django.db import models
from django.utils.module_loading import autodiscover_modules

from hezuo.accounts.access import Access
from hezuo.core.errors import NotFound
from hezuo.files.sniffing import FileType
from hezuo.jobs.models import Job, MadeByJob
from hezuo.jobs.progress import Cancelled, Progress

R = TypeVar("R", bound=MadeByJob)


@dataclass(frozen=True)
class Made:
    """What finished work keeps: the record's new values and, when it wrote one, the file
    (in the work's folder) that becomes the record's ``output``."""

    changes: Mapping[str, object]
    file: Path | None = None
    name: str = ""
    file_type: FileType = FileType.PDF
    pages: int | None = None


@dataclass
class Work:
    """What the work of one job is given: its job, the access of the person who asked (the work
    sees the records as they would), and a private folder, removed when the work ends."""

    job: Job
    access: Access
    folder: Path
    report: Progress
    keeper: Callable[[Made], None] = field(repr=False)
    kept: bool = False

    def progress(self, percent: int, line: str = "") -> bool:
        """Record progress (0–100) and a line for the log; raises ``Cancelled`` once cancelling
        was asked for. Writes only when something moved, so it may be called often; once what
        the work made is kept (the job succeeded), there is nothing left to report or stop."""
        if not self.kept and not self.report(percent, line):
            raise Cancelled()
        return True

    def keep(self, made: Made) -> None:
        """Keep what the work made — the file, the record's new values and the job's success —
        in the caller's transaction, if it has one (work that writes records keeps what it
        made in the transaction that writes them, so both commit together or neither does).
        Work that does not call it returns what it made instead."""
        self.keeper(made)
        self.kept = True


class JobKind(ABC, Generic[R]):
    """One kind of long work: the record its job makes, who may have it done, and the work."""

    name: str  # kept in Job.kind, and as the key of the record in Job.params
    model: type[R]
    # Whether the work's words are for the asker only (an import's problems, an export's
    # headings): then it speaks the language they asked in. Documents made to be handed in
    # (binders, reports) speak the site's language, whoever asks.
    speaks_asker_language: bool = False

    def load(self, rows: models.QuerySet[R]) -> models.QuerySet[R]:
        """The record's query, with what the work reads of it (``select_related``)."""
        return rows

    def title(self, record: R) -> str:
        return str(record)

    @abstractmethod
    def check(self, access: Access, record: R) -> None:
        """Raise (``AccessDenied``, ``HezuoError``) unless ``access`` may have this record made,
        or stop its making. Checked when it is asked for, again when the work starts, and on
        cancel and retry."""

    def made(self, record: R) -> bool:
        """Whether the record already holds what its work makes (then it is not made again)."""
        return getattr(record, "output_id", None) is not None

    @abstractmethod
    def run(self, work: Work, record: R) -> Made | None:
        """Do the work, reporting progress with ``work.progress``; return what it made, or None
        when it kept that itself (``work.keep``)."""


def asked_by_someone_else(access: Access, record: MadeByJob) -> bool:
    """Whether ``record`` was asked for by another person than ``access``'s (its work runs as
    they would see the records); a record the system asked for is nobody else's."""
    asker = access.user.pk if access.user is not None else None
    return record.created_by_id not in (None, asker)


_KINDS: dict[str, JobKind[Any]] = {}


def register(kind: JobKind[R]) -> JobKind[R]:
    """Make ``kind`` known to the runner (each app's ``jobs`` module does it once, when it is
    imported)."""
    _KINDS[kind.name] = kind
    return kind


@cache
def _discover() -> None:
    """Import every installed app's ``jobs`` module, once, when a kind is first looked up: a
    command that runs no job (compiling a binder, making a report) never loads the others'
    work (openpyxl, the document libraries)."""
    autodiscover_modules("jobs")


def registered(name: str) -> JobKind[Any] | None:
    _discover()
    return _KINDS.get(name)


def kind_of(record: MadeByJob) -> JobKind[Any]:
    """The kind of work that makes ``record``."""
    _discover()
    for kind in _KINDS.values():
        if isinstance(record, kind.model):
            return kind
    raise NotFound()
