"""The worker's one task: run a job of any registered kind (``hezuo worker``)."""

from __future__ import annotations

from django_tasks import task

from hezuo.core.logs import log_context


@task()
def run_job(job_id: int) -> str:
    """Do the work of one job; the job row carries progress, log and outcome. The worker's log
    lines while it runs carry ``job-<id>`` where a request's lines carry the request's id."""
    from hezuo.jobs.services import job_run

    with log_context(request_id=f"job-{job_id}"):
        return str(job_run(job_id=job_id))
