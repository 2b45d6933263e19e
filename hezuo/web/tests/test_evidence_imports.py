"""Bringing existing evidence in from the web: the request only keeps the uploads and queues a
job; the worker reads, splits and plans them. A preview writes nothing and, when it found
nothing wrong, is imported as it is; every problem of a run is listed at once and stops the
whole import; access is checked on every page."""

from __future__ import annotations

import io
from collections.abc import Callable

import pikepdf
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from hezuo.accounts.models import User
from hezuo.evidence.models import Evidence, EvidenceImport
from hezuo.jobs.models import JobStatus
from hezuo.jobs.services import job_run
from tests import samples
from tests.personas import Personas, in_alpha
from tests.world import World, build_world


@pytest.fixture
def world(personas: Personas) -> World:
    return build_world(personas)


def url(name: str, *args: object, school: str = "alpha") -> str:
    return reverse(f"web:{name}", args=[school, *args])


def _post(client: Client, world: World, files: list[tuple[str, bytes]], **fields: str):
    return client.post(
        url("evidence-import", world.project.pk),
        {"files": [SimpleUploadedFile(name, data) for name, data in files], **fields},
    )


def _run(response: object, *, status: str = JobStatus.SUCCEEDED) -> EvidenceImport:
    """The run a POST made, once the worker has done it."""
    location = response["Location"]  # type: ignore[index]
    run = in_alpha(EvidenceImport).get(pk=int(location.rstrip("/").rsplit("/", 1)[1]))
    assert location == url("evidence-import-run", run.pk)
    assert run.job_id is not None
    assert job_run(job_id=run.job_id) == status
    run.refresh_from_db()
    return run


GOOD = [
    ("9.2.5 香港研学方案.pdf", samples.pdf("plan")),
    ("9.2.5 研学照片.png", samples.image("PNG")),
]


def test_a_preview_writes_nothing_and_is_imported_as_it_is(
    personas: Personas, world: World, client_of: Callable[[User], Client]
) -> None:
    tom = client_of(personas.tom)
    response = _post(tom, world, GOOD, action="preview")
    assert response.status_code == 302
    queued = in_alpha(EvidenceImport).get()
    shown = tom.get(response["Location"]).content.decode()
    assert 'hx-trigger="every 1s"' in shown, "the page follows the job while it runs"
    assert not queued.outcome, "the request only kept the files"

    preview = _run(response)
    assert preview.ok and not preview.applied
    assert not in_alpha(Evidence).filter(code="9.2.5").exists(), "a preview writes nothing"
    page = tom.get(url("evidence-import-run", preview.pk)).content.decode()
    assert page.count('data-testid="import-item"') == 1 and "香港研学方案" in page
    assert "研学照片.png" in page and 'hx-trigger="every 1s"' not in page
    assert 'data-testid="import-commit"' in page

    committed = tom.post(url("evidence-import-run-commit", preview.pk))
    run = _run(committed)
    assert run.is_commit and run.checked == preview and run.applied
    assert run.outcome["created"] == 1 and run.outcome["files"] == 2
    item = in_alpha(Evidence).get(code="9.2.5")
    assert item.title == "香港研学方案" and item.file_links.count() == 2
    done = tom.get(url("evidence-import-run", run.pk)).content.decode()
    assert 'data-testid="import-done"' in done and 'data-testid="import-commit"' not in done
    again = tom.post(url("evidence-import-run-commit", run.pk), follow=True)
    assert "只有预览无误的导入才能直接导入" in again.content.decode()


def test_every_problem_is_listed_at_once_and_nothing_is_imported(
    personas: Personas, world: World, client_of: Callable[[User], Client]
) -> None:
    files = [
        *GOOD,
        ("研学总结.pdf", samples.pdf("summary")),  # no code
        ("9.2.6 伪装.pdf", b"<html><script>alert(1)</script></html>"),  # refused on upload
        ("7.1 其他任务.pdf", samples.pdf("other")),  # no such task
    ]
    run = _run(_post(client_of(personas.tom), world, files, action="commit"))
    assert run.is_commit and not run.ok and not run.applied
    problems = " ".join(run.outcome["problems"])
    assert "研学总结.pdf" in problems and "名称没有以编号开头" in problems
    assert "伪装.pdf" in problems and "7.1" in problems
    assert len(run.outcome["problems"]) == 3
    assert not in_alpha(Evidence).filter(code="9.2.5").exists(), "all or nothing"
    page = client_of(personas.tom).get(url("evidence-import-run", run.pk)).content.decode()
    assert "有 3 个问题" in page and 'data-testid="import-commit"' not in page


def _binder() -> bytes:
    binder = pikepdf.new()
    for data in (samples.pdf("cover"), samples.pdf("plan", pages=2), samples.pdf("photos")):
        with pikepdf.open(io.BytesIO(data)) as part:
            binder.pages.extend(part.pages)
    with binder.open_outline() as outline:
        outline.root.append(pikepdf.OutlineItem("封面", 0))
        outline.root.append(pikepdf.OutlineItem("9.2.5 香港研学方案", 1))
        outline.root.append(pikepdf.OutlineItem("9.2.6 交流照片", 3))
    buffer = io.BytesIO()
    binder.save(buffer)
    return buffer.getvalue()


def test_a_bookmarked_binder_is_split_by_the_worker(
    personas: Personas, world: World, client_of: Callable[[User], Client]
) -> None:
    tom = client_of(personas.tom)
    run = _run(_post(tom, world, [("合订本.pdf", _binder())], binder="1", action="commit"))
    assert run.applied and run.outcome["created"] == 2
    assert [item["sources"] for item in run.outcome["items"]] == [
        ["9.2.5 香港研学方案.pdf"],
        ["9.2.6 交流照片.pdf"],
    ]
    first = in_alpha(Evidence).get(code="9.2.5").file_links.get().stored_file
    assert first.page_count == 2

    flat = _run(_post(tom, world, [("flat.pdf", samples.pdf("flat"))], binder="1"))
    assert not flat.ok and "没有书签" in flat.outcome["problems"][0]


def test_a_department_liaison_is_told_which_tasks_are_not_theirs(
    personas: Personas, world: World, client_of: Callable[[User], Client]
) -> None:
    run = _run(_post(client_of(personas.lily), world, GOOD, action="commit"))
    assert not run.applied and len(run.outcome["problems"]) == 2
    assert "无权保存建设任务“9.2”" in run.outcome["problems"][0]
    assert not in_alpha(Evidence).filter(code="9.2.5").exists()


def test_no_files_is_asked_for_and_nothing_is_queued(
    personas: Personas, world: World, client_of: Callable[[User], Client]
) -> None:
    response = _post(client_of(personas.tom), world, [], action="preview")
    assert response.status_code == 400 and "请选择要导入的文件" in response.content.decode()
    assert not in_alpha(EvidenceImport).exists()


def test_access_is_checked_on_every_page(
    personas: Personas, world: World, client_of: Callable[[User], Client]
) -> None:
    tom = client_of(personas.tom)
    preview = _run(_post(tom, world, GOOD, action="preview"))
    page = url("evidence-import", world.project.pk)
    assert tom.get(page).status_code == 200
    assert url("evidence-import-run", preview.pk) in tom.get(page).content.decode()
    viewer, outsider = client_of(personas.victor), client_of(personas.oscar)
    assert viewer.get(page).status_code == 403
    assert _post(viewer, world, GOOD).status_code == 403
    assert outsider.get(page).status_code == 404
    assert outsider.get(url("evidence-import-run", preview.pk)).status_code == 404
    assert outsider.post(url("evidence-import-run-commit", preview.pk)).status_code == 404
    assert viewer.post(url("evidence-import-run-commit", preview.pk)).status_code == 403
    assert in_alpha(EvidenceImport).count() == 1


def test_a_run_asked_for_in_english_answers_in_english(
    personas: Personas, world: World, client_of: Callable[[User], Client]
) -> None:
    from hezuo.binders.compiling import BinderOptions
    from hezuo.binders.plan import Scope
    from hezuo.binders.services import binder_request

    tom = client_of(personas.tom)
    tom.cookies["django_language"] = "en"
    run = _run(_post(tom, world, [("研学总结.pdf", samples.pdf("summary"))]))
    assert run.outcome["problems"] == ['"研学总结.pdf": the name does not start with a code.']
    assert run.job is not None and "Reading the file" in run.job.log
    chinese = _run(_post(client_of(personas.tom), world, [("研学总结.pdf", samples.pdf("s"))]))
    assert chinese.outcome["problems"] == ["“研学总结.pdf”：名称没有以编号开头。"]

    # A binder is handed in: it speaks the site's language, whoever asks.
    binder = binder_request(
        access=personas.access(personas.alice),
        scope=Scope(project=world.project, task=world.task),
        options=BinderOptions(),
    )
    assert binder.job is not None and "language" not in binder.job.params
