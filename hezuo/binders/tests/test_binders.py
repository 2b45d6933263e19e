"""Binders as records: asked for by those who may, compiled as a job by the worker, stored
only when complete; cancelled, failed and killed jobs leave nothing to download and can be
started again. The pre-submission audit finds what a reviewer would."""

from __future__ import annotations

import datetime as dt
import zipfile
from decimal import Decimal
from pathlib import Path

import pikepdf
import pytest
from django.core.management import call_command
from django.utils import timezone

from hezuo.accounts.access import Access, system_access
from hezuo.activities.models import (
    Activity,
    ActivityType,
    Direction,
    Mode,
    ParticipationRole,
    PersonCategory,
)
from hezuo.activities.services import ParticipationInput, activity_create
from hezuo.binders.audit import binder_audit
from hezuo.binders.compiling import BinderOptions
from hezuo.binders.models import Binder, BinderKind
from hezuo.binders.plan import Scope, binder_plan
from hezuo.binders.services import binder_request
from hezuo.binders.tests.records import world_with_pdf
from hezuo.core.errors import AccessDenied, HezuoError, NotFound
from hezuo.evidence.models import Evidence
from hezuo.evidence.services import evidence_create, evidence_files_upload
from hezuo.files.sniffing import FileType
from hezuo.files.storage import blob_read
from hezuo.jobs.models import Job, JobStatus
from hezuo.jobs.services import job_request_cancel, job_retry, job_run, jobs_fail_stale
from tests import samples
from tests.personas import Personas
from tests.world import World


@pytest.fixture
def world(personas: Personas) -> World:
    return world_with_pdf(personas)


def job_of(binder: Binder) -> Job:
    """The binder's current job, read afresh."""
    fresh = Binder.objects.get(pk=binder.pk)
    assert fresh.job_id is not None
    return Job.objects.get(pk=fresh.job_id)


def scope(world: World, **kwargs: object) -> Scope:
    return Scope(project=world.project, task=world.task, **kwargs)  # type: ignore[arg-type]


def requested(access: Access, world: World, **options: object) -> Binder:
    return binder_request(access=access, scope=scope(world), options=BinderOptions(**options))  # type: ignore[arg-type]


def test_the_office_asks_and_the_job_stores_a_complete_binder(
    personas: Personas, world: World, tmp_path: Path
) -> None:
    binder = requested(personas.access(personas.alice), world, watermark="仅供验收使用")
    assert binder.job is not None and binder.job.status == JobStatus.QUEUED
    assert binder.output is None

    assert job_run(job_id=binder.job.pk) == JobStatus.SUCCEEDED
    binder = Binder.objects.get(pk=binder.pk)
    job = job_of(binder)
    assert job.status == JobStatus.SUCCEEDED and job.progress == 100
    assert binder.output is not None and job.output_id == binder.output_id
    path = tmp_path / "binder.pdf"
    path.write_bytes(blob_read(binder.output.storage_key))
    with pikepdf.open(path) as pdf:
        assert len(pdf.pages) == binder.page_count == binder.output.page_count
    assert binder.warnings == []
    assert binder.audit["items"] == 1 and binder.audit["files"] == 1
    # Running the same job again does nothing.
    assert job_run(job_id=job.pk) == "skipped"


def test_who_may_compile(personas: Personas, world: World) -> None:
    # Tom owns the task's department: he may; Lily's college does not own it; Victor reads.
    assert requested(personas.access(personas.tom), world).pk
    with pytest.raises(AccessDenied):
        requested(personas.access(personas.lily), world)
    with pytest.raises(AccessDenied):
        requested(personas.access(personas.victor), world)
    with pytest.raises(AccessDenied):  # a whole project is the office's
        binder_request(
            access=personas.access(personas.tom),
            scope=Scope(project=world.project),
            options=BinderOptions(),
        )
    oscar = personas.access(personas.oscar, personas.beta)
    with pytest.raises(NotFound):
        requested(oscar, world)
    with pytest.raises(NotFound):
        binder_plan(access=oscar, scope=scope(world))
    with pytest.raises(NotFound):
        binder_audit(access=oscar, scope=scope(world))


def test_a_cancelled_job_stops_and_leaves_nothing(personas: Personas, world: World) -> None:
    alice = personas.access(personas.alice)
    queued = requested(alice, world)
    assert queued.job is not None
    job_request_cancel(access=alice, job=queued.job)  # still queued: cancelled at once
    assert job_run(job_id=queued.job.pk) == "skipped"

    running = requested(alice, world)
    assert running.job is not None
    Job.objects.filter(pk=running.job.pk).update(is_cancel_requested=True)
    assert job_run(job_id=running.job.pk) == JobStatus.CANCELLED
    running.refresh_from_db()
    assert running.output is None
    assert Job.objects.get(pk=running.job.pk).status == JobStatus.CANCELLED


def test_a_killed_worker_leaves_a_failed_job_that_can_be_started_again(
    personas: Personas, world: World
) -> None:
    alice = personas.access(personas.alice)
    binder = requested(alice, world)
    assert binder.job is not None
    # The worker started, reported progress, and was killed: the row says running.
    Job.objects.filter(pk=binder.job.pk).update(
        status=JobStatus.RUNNING, progress=40, updated_at=timezone.now() - dt.timedelta(hours=1)
    )
    assert jobs_fail_stale(older_than=dt.timedelta(minutes=10)) == 1
    failed = Job.objects.get(pk=binder.job.pk)
    assert failed.status == JobStatus.FAILED and "中断" in failed.error
    binder.refresh_from_db()
    assert binder.output is None

    job_retry(access=alice, record=binder)
    binder.refresh_from_db()
    assert binder.job_id != failed.pk
    assert job_run(job_id=job_of(binder).pk) == JobStatus.SUCCEEDED
    with pytest.raises(HezuoError):  # done: nothing to start again
        job_retry(access=alice, record=Binder.objects.get(pk=binder.pk))


def test_a_failing_compilation_is_recorded_and_stores_nothing(
    personas: Personas, world: World, settings: object, tmp_path: Path
) -> None:
    settings.HEZUO_FONT_DIRS = [str(tmp_path)]  # type: ignore[attr-defined]
    binder = requested(personas.access(personas.alice), world)
    assert binder.job is not None
    assert job_run(job_id=binder.job.pk) == JobStatus.FAILED
    job = Job.objects.get(pk=binder.job.pk)
    assert "Noto" in job.error and job.output is None
    binder.refresh_from_db()
    assert binder.output is None and binder.page_count is None


@pytest.mark.django_db(transaction=True)
def test_the_worker_runs_the_queued_job(personas: Personas, world: World) -> None:
    binder = requested(personas.access(personas.alice), world)
    call_command(
        "db_worker", batch=True, queue_name="*", startup_delay=False, reload=False, verbosity=0
    )
    binder.refresh_from_db()
    assert binder.output is not None
    assert job_of(binder).status == JobStatus.SUCCEEDED


def test_the_audit_finds_what_a_reviewer_would(personas: Personas, world: World) -> None:
    access = system_access(school=personas.alpha)
    Activity.objects.filter(pk=world.activity.pk).update(
        is_estimate=True, method_note="2.5万互动 × 1课时 ÷ 8课时/天"
    )
    same = samples.pdf("SAME FILE")
    for code, title in [("9.2.3", "讲座方案"), ("9.2.4", "没有关联的材料")]:
        item = evidence_create(
            access=access, project=world.project, task=world.task, code=code, title=title
        )
        evidence_files_upload(access=access, evidence=item, uploads=[(f"{code}.pdf", same)])
    evidence_create(
        access=access, project=world.project, task=world.task, code="9.2.5", title="空材料"
    )
    found = binder_audit(access=access, scope=scope(world))
    kinds: dict[str, set[str]] = {}
    for finding in found.findings:
        kinds.setdefault(finding.kind, set()).add(finding.code)
    assert kinds["gap"] == {"9.2.2"}
    assert kinds["point_without_approved"] == {"9.2 2022-1"}  # 9.2.1 is not approved yet
    assert kinds["unlinked"] == {"9.2.3", "9.2.4", "9.2.5"}
    assert kinds["no_files"] == {"9.2.5"}
    assert kinds["estimate"] == {"赴港研修"}
    assert kinds["same_file"] == {"9.2.3、9.2.4"}
    assert kinds["same_title"] == {"9.2.1、9.2.3"}
    assert found.items == 4 and found.files == 3
    assert found.pages == 4  # 2 + 1 + 1
    assert "unreadable" not in kinds
    assert Evidence.objects.filter(school=personas.alpha).count() == 4


def test_the_folder_form_stores_a_zip_of_the_evidence_tree(
    personas: Personas, world: World, tmp_path: Path
) -> None:
    binder = binder_request(
        access=personas.access(personas.alice),
        scope=scope(world),
        options=BinderOptions(),
        kind=BinderKind.FOLDER,
    )
    assert job_run(job_id=job_of(binder).pk) == JobStatus.SUCCEEDED
    done = Binder.objects.get(pk=binder.pk)
    assert done.output is not None and done.output.file_type == FileType.ZIP
    assert done.output.original_name.endswith(".zip") and done.page_count is None
    path = tmp_path / "tree.zip"
    path.write_bytes(blob_read(done.output.storage_key))
    with zipfile.ZipFile(path) as archive:
        assert archive.namelist() == ["9.2 搭建香港职业教育合作交流平台/9.2.1 讲座方案.pdf"]


def test_the_audit_flags_lookalike_activities_not_figures_one_apart(
    personas: Personas, world: World
) -> None:
    access = system_access(school=personas.alpha)

    def activity(title: str, days: int) -> Activity:
        return activity_create(
            access=access,
            title=title,
            activity_type=ActivityType.STUDENT_INTERNSHIP_ABROAD,
            direction=Direction.OUTBOUND,
            mode=Mode.OFFLINE,
            start_on=dt.date(2021, 3, 1),
            end_on=dt.date(2021, 12, 1),
            country_code="HK",
            department=personas.college,
            participations=[
                # as many interns as person-days, for a day each: no row outlasts its activity
                ParticipationInput(
                    PersonCategory.STUDENT, ParticipationRole.INTERN, days, days=Decimal(1)
                )
            ],
        )

    linked = [
        activity("走出去企业实习", 3126),
        activity("国际传播", 3125),  # a figure one apart: another exchange, never flagged
        activity("研学", 40),
        activity("研学（教师团）", 40),  # the same trip entered twice
    ]
    evidence_create(
        access=access,
        project=world.project,
        task=world.task,
        code="9.2.2",
        title="实习与传播",
        activities=linked,
    )
    found = binder_audit(access=access, scope=scope(world))
    alike = [(f.code, f.text) for f in found.findings if f.kind == "lookalike"]
    assert alike == [("研学 / 研学（教师团）", "2021年3月1日")]


def test_the_same_file_uploaded_to_two_items_under_two_names_keeps_each_name(
    personas: Personas, world: World
) -> None:
    """The bytes are stored once; each item lists, binds and exports them under the name they
    were uploaded with there."""
    access = system_access(school=personas.alpha)
    second = evidence_create(
        access=access, project=world.project, task=world.task, code="9.2.2", title="讲座报道"
    )
    held = world.evidence.file_links.get().stored_file  # 9.2.1's file, stored as 方案.pdf
    data = blob_read(held.storage_key)  # the very same bytes (a new sample's ID would differ)
    [link], problems = evidence_files_upload(
        access=access, evidence=second, uploads=[("报道附件.pdf", data)]
    )
    assert problems == []
    assert link.stored_file.original_name == "方案.pdf" and link.display_name == "报道附件.pdf"
    items = {item.code: item for item in binder_plan(access=access, scope=scope(world)).items}
    assert [spec.name for spec in items["9.2.1"].files] == ["方案.pdf"]
    assert [spec.name for spec in items["9.2.2"].files] == ["报道附件.pdf"]
