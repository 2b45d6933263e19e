"""Reads for jobs."""

from __future__ import annotations

from hezuo.accounts.access import Access, scoped, scoped_get
from hezuo.core.errors import NotFound
from hezuo.jobs.kinds import registered
from hezuo.jobs.models import Job, MadeByJob


def job_get(*, access: Access, pk: object) -> Job:
    return scoped_get(Job.objects.select_related("output"), access=access, pk=pk)


def job_record(*, access: Access, job: Job) -> MadeByJob:
    """The record ``job`` makes (a binder, a report version, an import)."""
    kind = registered(job.kind)
    if kind is None:
        raise NotFound()
    rows = kind.model._default_manager.filter(pk=job.params.get(kind.name))
    found: MadeByJob | None = scoped(rows.select_related("job"), access=access).first()
    if found is None:
        raise NotFound()
    return found
