"""A preview or an import of existing evidence as a kind of job (``hezuo.jobs``): the kept
uploads are read (PDF binders split on their outlines), every file checked and planned as the
person who uploaded them would see the project; an import writes the plan in one transaction
with its outcome, all or nothing. The outcome — the planned items and every problem — stays
with the run."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from itertools import count
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from hezuo.accounts.access import Access, Capability
from hezuo.core.errors import AccessDenied, HezuoError
from hezuo.evidence.binder_import import (
    ImportPlan,
    ImportResult,
    Source,
    binder_sources,
    plan_import,
    require_import_evidence,
    run_import,
)
from hezuo.evidence.models import EvidenceImport
from hezuo.files.storage import blob_read
from hezuo.jobs.kinds import JobKind, Made, Work, asked_by_someone_else, register


def import_sources(run: EvidenceImport) -> tuple[list[Source], list[str]]:
    """The run's files as sources to plan, in upload order (binders split when asked), and
    the problems of files that cannot be read."""
    sources: list[Source] = []
    problems: list[str] = []
    for kept in run.sources.select_related("stored_file"):
        read = partial(blob_read, kept.stored_file.storage_key)
        if run.split_binders and kept.name.lower().endswith(".pdf"):
            try:
                sources.extend(binder_sources(read(), name=kept.name))
            except HezuoError as error:
                problems.append(error.message)
        else:
            sources.append(Source(name=kept.name, read=read))
    return sources, problems


def outcome_data(
    plan: ImportPlan, problems: list[str], result: ImportResult | None = None
) -> dict[str, Any]:
    """What a run keeps of its plan: the items as the page lists them, and every problem."""
    return {
        "items": [
            {
                "code": item.code,
                "title": item.title,
                "task": item.task.code if item.task is not None else "",
                "existing": item.existing is not None,
                "sources": [source.name for source in item.sources],
            }
            for item in plan.items
        ],
        "problems": problems,
        "applied": result is not None,
        "created": result.created if result is not None else 0,
        "files": result.files if result is not None else 0,
    }


def _stepper(work: Work, start: int, span: int, total: int) -> Callable[[str], object]:
    done = count(1)
    return lambda name: work.progress(start + span * next(done) // max(total, 1), name)


class EvidenceImportJob(JobKind[EvidenceImport]):
    name = "evidence_import"
    model = EvidenceImport
    speaks_asker_language = True  # its plan and problems are for the person who uploaded

    def load(self, rows: QuerySet[EvidenceImport]) -> QuerySet[EvidenceImport]:
        return rows.select_related("project")

    def check(self, access: Access, record: EvidenceImport) -> None:
        """Who may bring evidence in; another person's run (it writes as they would) only
        those who may keep evidence in every department."""
        require_import_evidence(access)
        everywhere = access.department_scope(Capability.MANAGE_EVIDENCE) is None
        if asked_by_someone_else(access, record) and not everywhere:
            raise AccessDenied()

    def made(self, record: EvidenceImport) -> bool:
        return bool(record.outcome)

    def run(self, work: Work, record: EvidenceImport) -> Made | None:
        work.progress(5, _("读取文件"))
        sources, problems = import_sources(record)
        plan = plan_import(
            access=work.access,
            project=record.project,
            sources=sources,
            step=_stepper(work, 10, 50 if record.is_commit else 85, len(sources)),
        )
        problems = [*record.refused, *problems, *plan.problems]
        if problems or not record.is_commit:
            return Made(changes={"outcome": outcome_data(plan, problems)})
        work.progress(60, _("写入材料"))
        try:
            with transaction.atomic():
                result = run_import(
                    access=work.access,
                    project=record.project,
                    plan=plan,
                    step=_stepper(work, 60, 35, len(plan.items)),
                )
                # The outcome is kept in the transaction that writes the items: both or neither.
                work.keep(Made(changes={"outcome": outcome_data(plan, [], result)}))
        except AccessDenied:
            raise
        except HezuoError as error:
            return Made(changes={"outcome": outcome_data(plan, [error.message])})
        return None


EVIDENCE_IMPORT_JOB = register(EvidenceImportJob())
