"""A binder's compilation as a kind of job (``hezuo.jobs``): as the person who asked would see
the records, into the job's private folder; the runner stores the file with the binder."""

from __future__ import annotations

from django.db.models import QuerySet

from hezuo.accounts.access import Access
from hezuo.binders.audit import binder_audit
from hezuo.binders.compiling import BinderOptions, make_binder
from hezuo.binders.models import Binder, BinderKind
from hezuo.binders.plan import Scope, binder_plan
from hezuo.binders.rules import require_compile
from hezuo.jobs.kinds import JobKind, Made, Work, register


def binder_scope(binder: Binder) -> Scope:
    return Scope(
        project=binder.project,
        task=binder.task,
        year=binder.year,
        approved_only=binder.approved_only,
    )


class BinderJob(JobKind[Binder]):
    name = "binder"
    model = Binder

    def load(self, rows: QuerySet[Binder]) -> QuerySet[Binder]:
        return rows.select_related("project", "task", "task__parent")

    def title(self, record: Binder) -> str:
        return record.title

    def check(self, access: Access, record: Binder) -> None:
        require_compile(access, record.project, record.task)

    def run(self, work: Work, record: Binder) -> Made:
        scope = binder_scope(record)
        plan = binder_plan(access=work.access, scope=scope)
        audit = binder_audit(access=work.access, scope=scope, items=plan.items)
        output = work.folder / "binder"
        made = make_binder(
            plan,
            folder=record.kind == BinderKind.FOLDER,
            options=BinderOptions(page_numbers=record.page_numbers, watermark=record.watermark),
            output=output,
            progress=work.progress,
        )
        return Made(
            changes={
                "page_count": made.pages,
                "warnings": [warning.as_json() for warning in made.warnings],
                "audit": audit.as_json(),
            },
            file=output,
            name=f"{record.title}.{made.suffix}",
            file_type=made.file_type,
            pages=made.pages,
        )


BINDER_JOB = register(BinderJob())
