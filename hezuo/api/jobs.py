"""Background jobs (a binder, a report version, an Excel check or import), whatever they make:
follow one, cancel it, start it again."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router

from hezuo.api.auth import school_access
from hezuo.api.schemas import ERRORS, JobOut
from hezuo.jobs.models import Job
from hezuo.jobs.selectors import job_get, job_record
from hezuo.jobs.services import job_cancel, job_retry

router = Router(tags=["jobs"])


def _job(job: Job) -> dict[str, Any]:
    return {
        "id": job.pk,
        "kind": job.kind,
        "title": job.title,
        "status": job.status,
        "progress": job.progress,
        "log": job.log,
        "error": job.error,
        "output": job.output_id,
        "created_at": job.created_at,
        "started_at": job.started_at,
        "finished_at": job.finished_at,
    }


@router.get(
    "/schools/{school}/jobs/{job_id}/",
    response={200: JobOut, **ERRORS},
    summary="A background job: status, progress, log, result",
)
def get_job(request: HttpRequest, school: str, job_id: int) -> dict[str, Any]:
    return _job(job_get(access=school_access(request, school), pk=job_id))


@router.post(
    "/schools/{school}/jobs/{job_id}/cancel/",
    response={200: JobOut, **ERRORS},
    summary="Cancel a job",
    description="A queued job is cancelled at once, a running one at its next progress report; "
    "nothing it made is kept. Cancelling a finished job changes nothing.",
)
def cancel_job(request: HttpRequest, school: str, job_id: int) -> dict[str, Any]:
    access = school_access(request, school)
    job = job_get(access=access, pk=job_id)
    return _job(job_cancel(access=access, record=job_record(access=access, job=job), job=job))


@router.post(
    "/schools/{school}/jobs/{job_id}/retry/",
    response={200: JobOut, **ERRORS},
    summary="Start a failed or cancelled job again",
    description="A new job makes the same record again from the records as they are now; it "
    "is refused (400) while the record is made or being made, or when the job was started "
    "again already.",
)
def retry_job(request: HttpRequest, school: str, job_id: int) -> dict[str, Any]:
    access = school_access(request, school)
    job = job_get(access=access, pk=job_id)
    return _job(job_retry(access=access, record=job_record(access=access, job=job), job=job))
