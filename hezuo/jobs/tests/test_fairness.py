"""Queues fair between schools (hezuo.core.queues): one school's bulk upload cannot hold back
another school's report, and within one kind of work each school's first task goes before
another school's twentieth."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from hezuo.accounts.access import access_for
from hezuo.accounts.models import User
from hezuo.core.models import School
from hezuo.core.queues import CONVERSIONS, DOCUMENTS
from hezuo.files.services import stored_file_save
from hezuo.jobs.recovery import RETRIED, RUN_JOB
from hezuo.reports.building import ReportScope
from hezuo.reports.kinds import ReportKind
from hezuo.reports.models import ReportFormat
from hezuo.reports.services import report_request
from tests import samples
from tests.personas import Personas

CONVERSION = next(iter(RETRIED))


def _office(school: str) -> Any:
    user = User.objects.get(username=f"{school.split('-')[1]}-admin")
    return access_for(user=user, school=School.objects.get(slug=school))


def _taken_in_turn() -> list[tuple[str, int]]:
    """The ready tasks in the order a worker takes them (the worker's own query)."""
    return [
        (result.task_path, result.args_kwargs["args"][0]) for result in DBTaskResult.objects.ready()
    ]


@pytest.mark.django_db(transaction=True)  # committed: the worker below reads as a worker does
def test_another_schools_report_goes_before_a_bulk_upload(personas: Personas) -> None:
    alpha = personas.access(personas.alice)
    uploaded = [
        stored_file_save(access=alpha, name=f"{n}.docx", data=samples.docx(f"纪要 {n}")).pk
        for n in range(20)
    ]
    with transaction.atomic():
        report = report_request(
            access=personas.access(personas.oscar, personas.beta),
            request=ReportScope(ReportKind.ANNUAL, year=2021),
            fmt=ReportFormat.DOCX,
        )
    order = _taken_in_turn()
    assert report.job_id is not None
    assert order.index((RUN_JOB, report.job_id)) == 0
    assert sorted(pk for path, pk in order if path == CONVERSION) == sorted(uploaded)
    queues = set(DBTaskResult.objects.values_list("task_path", "queue_name"))
    assert queues == {(CONVERSION, CONVERSIONS), (RUN_JOB, DOCUMENTS)}

    # One worker takes one task: the report, made while the twenty files wait.
    call_command("db_worker", "--batch", "--max-tasks", "1", "--queue-name", "*", verbosity=0)
    done = DBTaskResult.objects.get(status=TaskResultStatus.SUCCESSFUL)
    assert (done.task_path, done.args_kwargs["args"]) == (RUN_JOB, [report.job_id])
    assert DBTaskResult.objects.ready().count() == 20


def test_within_conversions_each_schools_first_file_goes_before_a_bulk_uploads_rest(
    demo: object, django_capture_on_commit_callbacks: Any
) -> None:
    torch, longgang = _office("zhongshan-torch"), _office("shenzhen-longgang")
    with django_capture_on_commit_callbacks(execute=True):
        bulk = [
            stored_file_save(access=torch, name=f"{n}.docx", data=samples.docx(f"纪要 {n}")).pk
            for n in range(20)
        ]
    with django_capture_on_commit_callbacks(execute=True):
        single = stored_file_save(access=longgang, name="a.docx", data=samples.docx("一份")).pk
    order = [pk for _path, pk in _taken_in_turn()]
    assert order.index(single) <= 1, "behind at most the bulk upload's first file"
    assert order[0] == bulk[0] and order[-1] == bulk[-1]
