"""Background work on binders, run by `hezuo worker`."""

from __future__ import annotations

from django_tasks import task


@task()
def compile_binder_job(job_id: int) -> str:
    """Compile the binder of one job; the job row carries progress, log and outcome."""
    from hezuo.binders.services import binder_compile

    return str(binder_compile(job_id=job_id))
