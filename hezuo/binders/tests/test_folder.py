"""The evidence tree as a ZIP: code-prefixed names, folders where codes nest, PDFs where there
are PDFs, originals otherwise, and a list of what could not be exported."""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

import pytest

from hezuo.binders import problems
from hezuo.binders.folder import MISSING_LIST, write_folder
from hezuo.binders.layout import FileSpec, Item
from hezuo.binders.problems import Problem
from hezuo.binders.tests.plans import plan_of
from hezuo.files.storage import blob_put
from hezuo.jobs.progress import Cancelled
from tests import samples


def stored(data: bytes) -> str:
    key = f"blobs/test/{hashlib.sha256(data).hexdigest()}"
    blob_put(key, data)
    return key


def test_the_tree_has_code_prefixed_names_and_folders_where_codes_nest(tmp_path: Path) -> None:
    first, second, third = samples.pdf("A"), samples.pdf("B"), samples.pdf("C")
    word = samples.docx("香港")
    plan = plan_of(
        [
            Item("9.2.1", "工作小组", (FileSpec("a.pdf", stored(first)),)),
            Item("9.2.1.1", "名单", (FileSpec("名单.docx", None, original=stored(word)),)),
            Item(
                "9.2.2",
                "讲座",
                (FileSpec("b.pdf", stored(second)), FileSpec("c.pdf", stored(third))),
            ),
            Item("9.2.3", "报告:香港/澳门", (FileSpec("d.pdf", stored(samples.pdf("D"))),)),
            Item(
                "9.2.4",
                "未转换",
                (FileSpec("scan.tif", None, Problem(problems.PENDING)),),
            ),
        ]
    )
    output = tmp_path / "tree.zip"
    result = write_folder(plan, output)

    root = "9.2 搭建香港职业教育合作交流平台"
    with zipfile.ZipFile(output) as archive:
        assert archive.testzip() is None
        names = archive.namelist()
        assert names == [
            f"{root}/9.2.1 工作小组/9.2.1 工作小组.pdf",
            f"{root}/9.2.1 工作小组/9.2.1.1 名单.docx",
            f"{root}/9.2.2-1 讲座.pdf",
            f"{root}/9.2.2-2 讲座.pdf",
            f"{root}/9.2.3 报告_香港_澳门.pdf",
            f"{root}/{MISSING_LIST}",
        ]
        assert archive.read(names[0]) == first
        assert archive.read(names[1]) == word
        assert archive.read(names[3]) == third
        missing = archive.read(f"{root}/{MISSING_LIST}").decode()
        assert "9.2.4 scan.tif" in missing and "文件尚在处理中" in missing
    assert result.files == 5
    assert [(code, name) for code, name, _problem in result.missing] == [("9.2.4", "scan.tif")]


def test_a_file_gone_from_storage_is_listed_and_cancelling_leaves_nothing(tmp_path: Path) -> None:
    plan = plan_of(
        [
            Item("9.2.1", "在", (FileSpec("a.pdf", stored(samples.pdf("A"))),)),
            Item("9.2.2", "不在", (FileSpec("b.pdf", "blobs/test/gone"),)),
        ]
    )
    output = tmp_path / "tree.zip"
    result = write_folder(plan, output)
    assert result.files == 1
    assert [(c, p.message) for c, _n, p in result.missing] == [("9.2.2", problems.MISSING)]

    stopped = tmp_path / "stopped.zip"
    with pytest.raises(Cancelled):
        write_folder(plan, stopped, lambda percent, line: False)
    assert not stopped.exists()
    assert sorted(path.name for path in tmp_path.iterdir()) == ["tree.zip"]
