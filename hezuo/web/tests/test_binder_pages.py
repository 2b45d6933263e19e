"""Binder pages: the audit shown before compiling, compiling for the right roles only, the
job's progress as a fragment, the download only once the binder is complete, cancel and
start again."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from hezuo.accounts.models import User
from hezuo.binders.models import Binder
from hezuo.binders.tests.records import world_with_pdf
from hezuo.jobs.models import Job, JobStatus
from hezuo.jobs.services import job_run
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


def url(name: str, *args: object, school: str = "alpha") -> str:
    return reverse(f"web:{name}", args=[school, *args])


def test_the_check_shows_the_audit_and_the_compile_button(
    personas: Personas, world: World, client_of: Callable[[User], Client]
) -> None:
    page = client_of(personas.alice).get(
        url("binders", world.project.pk), {"task": str(world.task.pk), "page_numbers": "on"}
    )
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-testid="audit"' in html
    assert "任务要点没有已通过审核的佐证材料" in html  # 9.2.1 is not approved yet
    assert 'data-testid="compile"' in html


def test_compiling_follows_the_job_and_downloads_the_pdf(
    personas: Personas, world: World, client_of: Callable[[User], Client]
) -> None:
    tom = client_of(personas.tom)
    response = tom.post(
        url("binders", world.project.pk),
        {"task": world.task.pk, "page_numbers": "on", "watermark": "仅供验收使用"},
    )
    binder = Binder.objects.get()
    assert response.status_code == 302 and response["Location"] == url("binder", binder.pk)
    assert binder.watermark == "仅供验收使用" and binder.created_by == personas.tom

    queued = tom.get(url("binder", binder.pk), headers={"HX-Request": "true"}).content.decode()
    assert 'hx-trigger="every 1s"' in queued and "<html" not in queued
    assert tom.get(url("binder-download", binder.pk)).status_code == 404

    assert binder.job_id is not None
    job_run(job_id=job_of(binder).pk)
    done = tom.get(url("binder", binder.pk)).content.decode()
    assert 'hx-trigger="every 1s"' not in done and 'data-testid="download"' in done
    download = tom.get(url("binder-download", binder.pk))
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")  # type: ignore[attr-defined]
    listed = tom.get(url("binders", world.project.pk)).content.decode()
    assert binder.title in listed


def test_readers_see_but_cannot_compile_and_outsiders_see_nothing(
    personas: Personas, world: World, client_of: Callable[[User], Client]
) -> None:
    victor = client_of(personas.victor)
    page = victor.get(url("binders", world.project.pk), {"task": world.task.pk})
    assert page.status_code == 200 and 'data-testid="compile"' not in page.content.decode()
    assert victor.post(url("binders", world.project.pk), {"task": world.task.pk}).status_code == 403
    lily = client_of(personas.lily)  # her college does not own task 9.2
    response = lily.post(url("binders", world.project.pk), {"task": world.task.pk})
    assert response.status_code == 200 and "权限" in response.content.decode()
    assert not Binder.objects.exists()
    oscar = client_of(personas.oscar)
    assert oscar.get(url("binders", world.project.pk)).status_code == 404
    assert oscar.get(url("binders", world.project.pk, school="beta")).status_code == 404


def test_cancel_and_start_again(
    personas: Personas, world: World, client_of: Callable[[User], Client]
) -> None:
    alice = client_of(personas.alice)
    alice.post(url("binders", world.project.pk), {"task": world.task.pk, "page_numbers": "on"})
    binder = Binder.objects.get()
    victor = client_of(personas.victor)
    assert victor.post(url("binder-cancel", binder.pk)).status_code == 403
    alice.post(url("binder-cancel", binder.pk))
    assert job_of(binder).status == JobStatus.CANCELLED
    page = alice.get(url("binder", binder.pk)).content.decode()
    assert 'data-testid="retry"' in page
    alice.post(url("binder-retry", binder.pk))
    binder.refresh_from_db()
    assert job_of(binder).status == JobStatus.QUEUED
    assert client_of(personas.oscar).get(url("binder", binder.pk)).status_code == 404


def test_the_folder_form_downloads_a_zip(
    personas: Personas, world: World, client_of: Callable[[User], Client]
) -> None:
    alice = client_of(personas.alice)
    alice.post(url("binders", world.project.pk), {"kind": "folder", "task": world.task.pk})
    binder = Binder.objects.get()
    job_run(job_id=job_of(binder).pk)
    page = alice.get(url("binder", binder.pk)).content.decode()
    assert "下载 ZIP" in page
    download = alice.get(url("binder-download", binder.pk))
    assert download["Content-Type"] == "application/zip"
    assert b"".join(download.streaming_content).startswith(b"PK")  # type: ignore[attr-defined]
