"""Background work on imports, run by `hezuo worker`."""

from __future__ import annotations

from django_tasks import task


@task()
def import_job(job_id: int) -> str:
    """Check or import the workbook of one job; the job row carries progress and outcome."""
    from hezuo.imports.services import import_execute

    return str(import_execute(job_id=job_id))
