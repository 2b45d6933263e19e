"""Existing binders come in: a folder of code-named files, or a bookmarked PDF split on its
outline; a dry run shows the plan, any problem stops everything, and a second run changes
nothing."""

from __future__ import annotations

import io
from io import StringIO
from pathlib import Path

import pikepdf
import pytest
from django.core.management import CommandError, call_command

from hezuo.evidence.binder_import import binder_sources, plan_import
from hezuo.evidence.models import Evidence, EvidenceFile
from hezuo.files.models import StoredFile
from tests import samples
from tests.personas import Personas, in_alpha
from tests.world import World, build_world


@pytest.fixture
def world(personas: Personas) -> World:
    return build_world(personas)


def _folder(root: Path, files: dict[str, bytes]) -> Path:
    for name, data in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return root


def _run(path: Path, *extra: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("import_evidence", str(path), "--school", "alpha", *extra, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_a_folder_comes_in_after_a_dry_run_and_a_second_run_changes_nothing(
    world: World, tmp_path: Path
) -> None:
    folder = _folder(
        tmp_path / "binder",
        {
            "9.2.5 香港研学方案.pdf": samples.pdf("plan"),
            "9.2.6 交流总结.docx": samples.docx("交流总结"),
            "照片/9.2.6 合影.png": samples.image("PNG"),
            ".DS_Store": b"\0\0",
            "目录说明.txt": "不是佐证材料".encode(),
        },
    )
    shown, _ = _run(folder, "--dry-run")
    assert "9.2.5" in shown and "香港研学方案" in shown and "dry run" in shown
    assert not in_alpha(Evidence).filter(code__in=["9.2.5", "9.2.6"]).exists()
    assert not in_alpha(StoredFile).exists()

    shown, _ = _run(folder)
    assert "imported: 2 new item(s), 3 file(s)" in shown
    item = in_alpha(Evidence).get(code="9.2.6")
    assert (item.title, item.task_id) == ("交流总结", world.task.pk)
    assert list(item.file_links.values_list("stored_file__original_name", flat=True)) == [
        "9.2.6 交流总结.docx",
        "9.2.6 合影.png",
    ]
    files_before = in_alpha(EvidenceFile).count()
    shown, _ = _run(folder)
    assert "imported: 0 new item(s)" in shown
    assert in_alpha(EvidenceFile).count() == files_before


def test_any_problem_stops_the_whole_import_with_every_problem_named(
    world: World, tmp_path: Path
) -> None:
    folder = _folder(
        tmp_path / "binder",
        {
            "9.2.5 香港研学方案.pdf": samples.pdf("plan"),
            "9.2.7.校举办视频会议.pdf": samples.pdf("meeting"),
            "会议纪要.pdf": samples.pdf("minutes"),
            "8.1.1 别的任务.pdf": samples.pdf("other"),
            "9.2.8 坏文件.pdf": samples.pdf("broken")[:200],
        },
    )
    with pytest.raises(CommandError, match="4 problem"):
        _run(folder)
    _, problems = _run_catching(folder)
    assert "编号“9.2.7.”不完整" in problems
    assert "“会议纪要.pdf”：名称没有以编号开头" in problems
    assert "没有编号“8.1.1”所属的建设任务" in problems
    assert "已损坏" in problems
    assert not in_alpha(Evidence).filter(code="9.2.5").exists()
    assert not in_alpha(StoredFile).exists()


def _run_catching(path: Path) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError):
        call_command("import_evidence", str(path), "--school", "alpha", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def _binder() -> bytes:
    binder = pikepdf.new()
    for data in (
        samples.pdf("cover"),
        samples.pdf("plan", pages=2),
        samples.pdf("photos", pages=2),
    ):
        with pikepdf.open(io.BytesIO(data)) as part:
            binder.pages.extend(part.pages)
    with binder.open_outline() as outline:
        outline.root.append(pikepdf.OutlineItem("封面", 0))
        outline.root.append(pikepdf.OutlineItem("9.2.5 香港研学方案", 1))
        heading = pikepdf.OutlineItem("9.2.6 交流总结", 3)
        heading.children.append(pikepdf.OutlineItem("9.2.6.1 交流照片", 3))
        outline.root.append(heading)
    buffer = io.BytesIO()
    binder.save(buffer)
    return buffer.getvalue()


def test_a_bookmarked_binder_is_split_on_its_outline(world: World, tmp_path: Path) -> None:
    sources = binder_sources(_binder())
    assert [source.name for source in sources] == ["9.2.5 香港研学方案.pdf", "9.2.6.1 交流照片.pdf"]
    with pikepdf.open(io.BytesIO(sources[1].read())) as part:
        assert len(part.pages) == 2
    plan = plan_import(access=world.access, project=world.project, sources=sources)
    assert plan.ok and [item.code for item in plan.items] == ["9.2.5", "9.2.6.1"]

    path = tmp_path / "binder.pdf"
    path.write_bytes(_binder())
    shown, _ = _run(path)
    assert "imported: 2 new item(s), 2 file(s)" in shown
    assert in_alpha(Evidence).get(code="9.2.5").file_links.get().stored_file.page_count == 2


def test_a_pdf_without_bookmarks_cannot_be_split(world: World, tmp_path: Path) -> None:
    path = tmp_path / "flat.pdf"
    path.write_bytes(samples.pdf("flat", pages=3))
    with pytest.raises(CommandError, match="没有书签"):
        _run(path)
