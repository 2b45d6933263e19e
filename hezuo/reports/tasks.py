"""Background work on reports, run by `hezuo worker`."""

from __future__ import annotations

from django_tasks import task


@task()
def build_report_job(job_id: int) -> str:
    """Make the report version of one job; the job row carries progress, log and outcome."""
    from hezuo.reports.services import report_build

    return str(report_build(job_id=job_id))
