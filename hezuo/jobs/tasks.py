"""The worker's one task: run a job of any registered kind (``hezuo worker``)."""

from __future__ import annotations

from django_tasks import task


@task()
def run_job(job_id: int) -> str:
    """Do the work of one job; the job row carries progress, log and outcome."""
    from hezuo.jobs.services import job_run

    return str(job_run(job_id=job_id))
