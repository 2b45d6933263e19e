"""Every kind of job lives the same life: a binder, a report version and an Excel import are
queued, run, cancelled, started again and recovered from a killed worker in one way, through
the services, the web pages and the API alike."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from hezuo.accounts.access import Access
from hezuo.accounts.services import api_token_create
from hezuo.binders.compiling import BinderOptions
from hezuo.binders.plan import Scope
from hezuo.binders.services import binder_request
from hezuo.core.errors import AccessDenied, HezuoError
from hezuo.evidence.models import Evidence
from hezuo.evidence.services import evidence_import_request
from hezuo.imports.kinds import PartnersImport
from hezuo.imports.services import import_request
from hezuo.imports.tests.books import xlsx
from hezuo.jobs.kinds import JobKind, kind_of
from hezuo.jobs.models import Job, JobStatus, MadeByJob
from hezuo.jobs.services import job_cancel, job_retry, job_run, jobs_fail_stale
from hezuo.partners.models import Partner
from hezuo.reports.building import ReportScope
from hezuo.reports.kinds import ReportKind
from hezuo.reports.models import ReportFormat
from hezuo.reports.services import report_request
from tests import samples
from tests.personas import Personas, in_alpha
from tests.world import World, build_world

ROWS = [["中文名称*", "国家/地区*", "机构类型*"], ["斯莱戈理工学院", "爱尔兰", "高校"]]

Ask = Callable[[Access, World], MadeByJob]

ASK: dict[str, Ask] = {
    "binder": lambda access, world: binder_request(
        access=access,
        scope=Scope(project=world.project, task=world.task),
        options=BinderOptions(),
    ),
    "report": lambda access, world: report_request(
        access=access, request=ReportScope(ReportKind.ANNUAL, year=2021), fmt=ReportFormat.PDF
    ),
    "import": lambda access, world: import_request(
        access=access, kind="partners", name="合作方.xlsx", data=xlsx({"合作方": ROWS}), commit=True
    ),
    "evidence_import": lambda access, world: evidence_import_request(
        access=access,
        project=world.project,
        uploads=[("9.2.5 香港研学方案.pdf", samples.pdf("plan"))],
        split_binders=False,
        commit=True,
    ),
}
# The record's page in the web UI, by the job's kind.
PAGES = {
    "binder": "binder",
    "report": "report",
    "import": "import-run",
    "evidence_import": "evidence-import-run",
}


@pytest.fixture(params=sorted(ASK))
def kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def world(personas: Personas) -> World:
    return build_world(personas)


@pytest.fixture
def alice(personas: Personas) -> Access:
    return personas.access(personas.alice)


def _fresh(record: MadeByJob) -> Any:
    return type(record)._default_manager.select_related("job").get(pk=record.pk)


def _job(record: MadeByJob) -> Job:
    assert record.job_id is not None
    return Job.objects.get(pk=record.job_id)


def _nothing_kept(record: MadeByJob) -> None:
    """The record holds nothing of the work, and the work wrote nothing else."""
    fresh = _fresh(record)
    assert not kind_of(fresh).made(fresh)
    assert not in_alpha(Partner).filter(name_zh="斯莱戈理工学院").exists()
    assert not in_alpha(Evidence).filter(code="9.2.5").exists()


def _made_again(alice: Access, record: MadeByJob) -> None:
    """Started again, the record is made by a new job; then there is nothing to start again."""
    before = _job(record).pk
    job_retry(access=alice, record=_fresh(record))
    again = _fresh(record)
    assert again.job_id != before and _job(again).status == JobStatus.QUEUED
    assert job_run(job_id=_job(again).pk) == JobStatus.SUCCEEDED
    made = _fresh(record)
    assert kind_of(made).made(made)
    with pytest.raises(HezuoError, match="已生成或正在生成"):
        job_retry(access=alice, record=made)


def test_a_queued_job_is_cancelled_at_once_and_can_be_started_again(
    kind: str, alice: Access, world: World
) -> None:
    record = ASK[kind](alice, world)
    assert _job(record).kind == kind and _job(record).status == JobStatus.QUEUED
    job_cancel(access=alice, record=record)
    assert _job(record).status == JobStatus.CANCELLED
    assert job_run(job_id=_job(record).pk) == "skipped"
    _nothing_kept(record)
    _made_again(alice, record)


def test_a_running_job_stops_at_its_next_progress_report_and_keeps_nothing(
    kind: str, alice: Access, world: World
) -> None:
    record = ASK[kind](alice, world)
    # Cancelling was asked for once the worker had taken the job.
    Job.objects.filter(pk=_job(record).pk).update(is_cancel_requested=True)
    assert job_run(job_id=_job(record).pk) == JobStatus.CANCELLED
    job = _job(record)
    assert job.status == JobStatus.CANCELLED and job.finished_at is not None
    assert job.output_id is None
    _nothing_kept(record)
    _made_again(alice, record)


def test_a_killed_worker_leaves_a_failed_job_that_can_be_started_again(
    kind: str, alice: Access, world: World
) -> None:
    record = ASK[kind](alice, world)
    # The worker started, reported progress, and was killed: the row says running.
    Job.objects.filter(pk=_job(record).pk).update(
        status=JobStatus.RUNNING, progress=40, updated_at=timezone.now() - dt.timedelta(hours=1)
    )
    assert jobs_fail_stale(older_than=dt.timedelta(minutes=10)) == 1
    job = _job(record)
    assert job.status == JobStatus.FAILED and "中断" in job.error
    _nothing_kept(record)
    _made_again(alice, record)


def test_a_failing_work_is_recorded_and_keeps_nothing(
    kind: str, alice: Access, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    record = ASK[kind](alice, world)

    def broken(self: JobKind[Any], work: object, record: object) -> None:
        raise RuntimeError("磁盘已满")

    monkeypatch.setattr(type(kind_of(record)), "run", broken)
    assert job_run(job_id=_job(record).pk) == JobStatus.FAILED
    assert _job(record).error == "磁盘已满"
    _nothing_kept(record)


def test_the_pages_cancel_start_again_and_download_every_kind(
    kind: str, personas: Personas, alice: Access, world: World
) -> None:
    record = ASK[kind](alice, world)
    page = PAGES[kind]
    client = Client()
    client.force_login(personas.alice)
    args = ["alpha", record.pk]
    assert client.get(reverse(f"web:{page}-download", args=args)).status_code == 404

    response = client.post(reverse(f"web:{page}-cancel", args=args))
    assert response.status_code == 302
    assert response["Location"] == reverse(f"web:{page}", args=args)
    assert _job(record).status == JobStatus.CANCELLED
    shown = client.get(reverse(f"web:{page}", args=args)).content.decode()
    assert 'data-testid="retry"' in shown and 'data-testid="cancel"' not in shown

    assert client.post(reverse(f"web:{page}-retry", args=args)).status_code == 302
    again = _fresh(record)
    assert _job(again).status == JobStatus.QUEUED
    shown = client.get(reverse(f"web:{page}", args=args)).content.decode()
    assert 'data-testid="cancel"' in shown and 'data-testid="retry"' not in shown
    assert job_run(job_id=_job(again).pk) == JobStatus.SUCCEEDED
    if getattr(_fresh(record), "output_id", None) is not None:
        assert client.get(reverse(f"web:{page}-download", args=args)).status_code == 200


def test_only_those_who_may_ask_may_cancel_or_start_again(
    kind: str, personas: Personas, alice: Access, world: World
) -> None:
    record = ASK[kind](alice, world)
    page = PAGES[kind]
    args = ["alpha", record.pk]
    viewer = Client()
    viewer.force_login(personas.victor)
    assert viewer.post(reverse(f"web:{page}-cancel", args=args)).status_code == 403
    outsider = Client()
    outsider.force_login(personas.oscar)
    assert outsider.post(reverse(f"web:{page}-cancel", args=args)).status_code == 404
    assert _job(record).status == JobStatus.QUEUED
    shown = viewer.get(reverse(f"web:{page}", args=args)).content.decode()
    assert 'data-testid="cancel"' not in shown


def test_the_api_cancels_and_starts_again_every_kind(
    kind: str, alice: Access, world: World
) -> None:
    record = ASK[kind](alice, world)
    first = _job(record).pk
    headers = {"Authorization": f"Bearer {api_token_create(access=alice, name='任务')[1]}"}
    jobs = "/api/v1/schools/alpha/jobs"
    cancelled = Client().post(f"{jobs}/{first}/cancel/", headers=headers)
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    again = Client().post(f"{jobs}/{first}/retry/", headers=headers)
    assert again.status_code == 200 and again.json()["status"] == "queued"
    assert again.json()["id"] == _fresh(record).job_id != first
    refused = Client().post(f"{jobs}/{again.json()['id']}/retry/", headers=headers)
    assert refused.status_code == 400 and refused.json()["code"] == "refused"


def test_an_import_cancelled_while_it_writes_keeps_none_of_its_rows(
    alice: Access, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    run = ASK["import"](alice, world)
    job = _job(run)
    apply = PartnersImport.apply

    def writes_then_is_cancelled(self: PartnersImport, *args: Any, **kwargs: Any) -> Any:
        counts = apply(self, *args, **kwargs)
        Job.objects.filter(pk=job.pk).update(is_cancel_requested=True)  # asked meanwhile
        return counts

    monkeypatch.setattr(PartnersImport, "apply", writes_then_is_cancelled)
    assert job_run(job_id=job.pk) == JobStatus.CANCELLED
    _nothing_kept(run)  # the rows written and the outcome are rolled back together


def test_an_earlier_job_is_neither_cancelled_again_nor_started_again(
    alice: Access, world: World
) -> None:
    record = ASK["report"](alice, world)
    first = _job(record).pk
    job_cancel(access=alice, record=record)
    job_retry(access=alice, record=_fresh(record))
    latest = _fresh(record).job_id
    headers = {"Authorization": f"Bearer {api_token_create(access=alice, name='任务')[1]}"}
    jobs = "/api/v1/schools/alpha/jobs"
    earlier = Client().post(f"{jobs}/{first}/cancel/", headers=headers)
    assert earlier.status_code == 200 and earlier.json()["id"] == first
    assert Job.objects.get(pk=latest).status == JobStatus.QUEUED, "the newer job goes on"
    again = Client().post(f"{jobs}/{first}/retry/", headers=headers)
    assert again.status_code == 400 and again.json()["code"] == "refused"
    assert _fresh(record).job_id == latest


def test_a_job_started_again_meanwhile_is_not_run_twice(alice: Access, world: World) -> None:
    record = ASK["report"](alice, world)
    first = _job(record)
    # Another job of the same record took its place (as a retry racing a worker would).
    type(record)._default_manager.filter(pk=record.pk).update(job=None)
    job_retry(access=alice, record=_fresh(record))
    assert job_run(job_id=first.pk) == "skipped"
    assert Job.objects.get(pk=first.pk).status == JobStatus.CANCELLED
    assert job_run(job_id=_fresh(record).job_id) == JobStatus.SUCCEEDED


def test_only_the_importer_or_who_may_write_every_record_stops_an_import(
    personas: Personas, world: World
) -> None:
    alice, lily = personas.access(personas.alice), personas.access(personas.lily)
    book = xlsx({"交流活动": [["活动名称*"], ["赴港交流"]]})
    theirs = import_request(access=alice, kind="activities", name="a.xlsx", data=book, commit=True)
    with pytest.raises(AccessDenied):  # Lily imports activities of her college only
        job_cancel(access=lily, record=theirs)
    own = import_request(access=lily, kind="activities", name="b.xlsx", data=book, commit=True)
    job_cancel(access=lily, record=own)
    assert _job(own).status == JobStatus.CANCELLED
    job_cancel(access=alice, record=theirs)  # the office may stop anyone's
    assert _job(theirs).status == JobStatus.CANCELLED
