"""Progress of long work: many small steps write only when something changes, and a request
to cancel is seen at the next write."""

from __future__ import annotations

from hezuo.jobs.models import Job
from hezuo.jobs.services import job_create, job_progress_reporter, job_start
from tests.personas import Personas


def test_the_reporter_writes_when_the_percentage_moves_and_sees_a_cancel(
    personas: Personas, django_assert_num_queries: object
) -> None:
    job = job_start(
        job=job_create(access=personas.access(personas.alice), kind="k", title="t", params={})
    )
    report = job_progress_reporter(job=job)
    assert report(5, "")
    with django_assert_num_queries(0):  # type: ignore[operator]
        for _ in range(100):
            assert report(5, "")
    assert report(5, "读取文件")  # a line for the log is always written
    Job.objects.filter(pk=job.pk).update(is_cancel_requested=True)
    assert report(5, "") is True  # nothing moved: not asked yet
    assert report(6, "") is False
    assert Job.objects.get(pk=job.pk).progress == 6
    assert "读取文件" in Job.objects.get(pk=job.pk).log
