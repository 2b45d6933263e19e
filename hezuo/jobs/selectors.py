"""Reads for jobs."""

from __future__ import annotations

from hezuo.accounts.access import Access, scoped_get
from hezuo.jobs.models import Job


def job_get(*, access: Access, pk: object) -> Job:
    return scoped_get(Job.objects.select_related("output"), access=access, pk=pk)
