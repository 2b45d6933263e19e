"""Compiling from a plan: real files in storage, some of them broken. Every file either goes in
or is replaced by a placeholder page that names it and its problem, with a warning."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path
from typing import Any

import pikepdf
import pytest

from hezuo.binders import compiling, problems
from hezuo.binders.compiling import BinderOptions, compile_binder
from hezuo.binders.layout import FileSpec, Item, Plan
from hezuo.binders.problems import Problem
from hezuo.binders.tests.corpus import corrupt_stream_pdf
from hezuo.binders.tests.pdfs import outline_titles, page_pdf, qpdf_check, text, words
from hezuo.binders.tests.plans import plan_of
from hezuo.files.storage import blob_path, blob_put
from hezuo.jobs.progress import Cancelled
from tests import samples


def stored(data: bytes) -> str:
    key = f"blobs/test/{hashlib.sha256(data).hexdigest()}"
    blob_put(key, data)
    return key


def spec(name: str, data: bytes) -> FileSpec:
    return FileSpec(name=name, key=stored(data))


def plan(items: list[Item]) -> Plan:
    return plan_of(items)


def broken_plan() -> Plan:
    good = samples.pdf("GOOD FILE", pages=3)
    return plan(
        [
            Item("9.2.1", "正常材料", (spec("good.pdf", good),)),
            Item("9.2.2", "加密材料", (spec("locked.pdf", samples.pdf("x", password="pw")),)),
            Item("9.2.3", "截断材料", (spec("truncated.pdf", good[: len(good) // 2]),)),
            Item("9.2.4", "损坏材料", (spec("garbage.pdf", b"%PDF-1.7\nnot a pdf at all"),)),
            Item(
                "9.2.5",
                "旋转与超大页面",
                (
                    spec("turned.pdf", page_pdf("TURNED", rotate=90)),
                    spec("huge.pdf", page_pdf("HUGE", size=(14000, 10000))),
                ),
            ),
            Item("9.2.6", "丢失的文件", (FileSpec("gone.pdf", "blobs/test/missing"),)),
            Item(
                "9.2.7",
                "未转换的文件",
                (FileSpec("scan.docx", None, Problem(problems.CONVERSION_FAILED, "超时")),),
            ),
            Item("9.2.8", "没有文件的材料", ()),
        ]
    )


def test_broken_files_become_placeholders_and_warnings(tmp_path: Path) -> None:
    output = tmp_path / "binder.pdf"
    result = compile_binder(broken_plan(), BinderOptions(), output)

    assert qpdf_check(output).returncode == 0
    warned = {(w.code, w.name): w.problem.message for w in result.warnings}
    assert warned == {
        ("9.2.2", "locked.pdf"): problems.ENCRYPTED,
        ("9.2.3", "truncated.pdf"): problems.REPAIRED,
        ("9.2.4", "garbage.pdf"): problems.DAMAGED,
        ("9.2.6", "gone.pdf"): problems.MISSING,
        ("9.2.7", "scan.docx"): problems.CONVERSION_FAILED,
        ("9.2.8", ""): problems.NO_FILES,
    }
    with pikepdf.open(output) as pdf:
        assert len(pdf.pages) == result.pages
    whole = text(output)
    # The good file, the repaired one (its pages as qpdf read them) and the odd pages are in.
    assert whole.count("GOOD FILE") >= 3
    assert "TURNED" in whole and "HUGE" in whole
    # One placeholder page for each file that could not go in, naming it and the problem.
    assert whole.count("此处材料未能编入") == 5
    for name, reason in [
        ("locked.pdf", "文件已加密"),
        ("garbage.pdf", "文件已损坏"),
        ("gone.pdf", "文件在存储中找不到"),
        ("scan.docx", "超时"),
        ("9.2.8 没有文件的材料", "这份材料还没有文件"),
    ]:
        assert name in whole and reason in whole
    # Every page carries its number.
    for page in range(1, result.pages + 1):
        assert str(page) in [word.text for word in words(output, page)], page


def test_the_contents_and_the_outline_point_at_the_pages_the_evidence_starts_on(
    tmp_path: Path,
) -> None:
    output = tmp_path / "binder.pdf"
    three, two = samples.pdf("FIRST", pages=3), samples.pdf("SECOND", pages=2)
    compile_binder(
        plan(
            [
                Item("9.2.1", "第一份", (spec("a.pdf", three),)),
                Item("9.2.1.1", "下一级", (spec("b.pdf", two),)),
                Item("9.2.2", "第二份", (spec("c.pdf", samples.pdf("THIRD")),)),
            ]
        ),
        BinderOptions(),
        output,
    )
    marks = outline_titles(output)
    evidence = {title.split()[0]: (depth, page) for depth, title, page in marks if title[0] == "9"}
    assert evidence["9.2.1"][0] == 1 and evidence["9.2.2"][0] == 1
    assert evidence["9.2.1.1"][0] == 2  # nested as the codes nest
    first = evidence["9.2.1"][1]
    assert "FIRST" in text(output, first + 1, first + 1)
    assert evidence["9.2.1.1"][1] == first + 3 and evidence["9.2.2"][1] == first + 5
    assert "THIRD" in text(output, first + 6, first + 6)
    contents = text(output, 2, 2)
    for code, (_depth, page) in evidence.items():
        line = next(line for line in contents.splitlines() if line.strip().startswith(code + " "))
        assert line.rstrip().endswith(str(page + 1)), line


def test_few_file_handles_merge_in_runs_with_the_same_result(tmp_path: Path) -> None:
    items = [
        Item(f"9.2.{n}", f"材料{n}", (spec(f"{n}.pdf", samples.pdf(f"FILE {n}", pages=2)),))
        for n in range(1, 8)
    ]
    plain, runs = tmp_path / "plain.pdf", tmp_path / "runs.pdf"
    first = compile_binder(plan(items), BinderOptions(), plain)
    second = compile_binder(plan(items), BinderOptions(), runs, handle_budget=3)
    assert first.pages == second.pages
    assert text(plain) == text(runs)
    assert outline_titles(plain) == outline_titles(runs)


def test_a_cancelled_compilation_leaves_no_file(tmp_path: Path) -> None:
    output = tmp_path / "binder.pdf"
    items = [Item("9.2.1", "材料", (spec("a.pdf", samples.pdf("A")),))]
    seen: list[int] = []

    def progress(percent: int, line: str) -> bool:
        seen.append(percent)
        return percent < 20

    with pytest.raises(Cancelled):
        compile_binder(plan(items), BinderOptions(), output, progress)
    assert seen and not output.exists()
    assert list(tmp_path.iterdir()) == []


def test_a_file_that_fails_while_the_binder_is_written_is_replaced_and_written_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """qpdf reads inputs lazily: a file gone between checking and writing (storage cleaned,
    disk trouble) fails the save; the binder is written again with a placeholder for it."""
    doomed = spec("doomed.pdf", samples.pdf("DOOMED", pages=2))
    items = [
        Item("9.2.1", "留下", (spec("kept.pdf", samples.pdf("KEPT")),)),
        Item("9.2.2", "消失", (doomed,)),
    ]
    inspect = compiling._inspect

    def inspect_then_lose_a_file(*args: Any) -> Any:
        found = inspect(*args)
        assert doomed.key is not None
        blob_path(doomed.key, tmp_path).unlink()
        return found

    monkeypatch.setattr(compiling, "_inspect", inspect_then_lose_a_file)
    output = tmp_path / "binder.pdf"
    result = compile_binder(plan(items), BinderOptions(), output)
    assert [(w.code, w.problem.message) for w in result.warnings] == [("9.2.2", problems.MISSING)]
    whole = text(output)
    assert "KEPT" in whole and "DOOMED" not in whole and "doomed.pdf" in whole
    assert qpdf_check(output).returncode == 0


def test_pages_scaled_for_their_number_and_active_content_are_listed_in_the_warnings(
    tmp_path: Path,
) -> None:
    from hezuo.binders.tests.test_frame import active_pdf, content_pdf

    crowded = content_pdf(b"BT /F1 40 Tf 200 20 Td (FOOT) Tj ET")
    with (
        pikepdf.open(io.BytesIO(crowded)) as first,
        pikepdf.open(io.BytesIO(page_pdf("FREE"))) as free,
        pikepdf.new() as both,
    ):
        both.pages.extend([*first.pages, *free.pages, *first.pages])
        buffer = io.BytesIO()
        both.save(buffer)
    output = tmp_path / "binder.pdf"
    result = compile_binder(
        plan(
            [
                Item("9.2.1", "落款在页脚的函", (spec("letter.pdf", buffer.getvalue()),)),
                Item("9.2.2", "带脚本的文件", (spec("active.pdf", active_pdf()),)),
            ]
        ),
        BinderOptions(),
        output,
    )
    warned = {(w.code, w.name): (w.problem.message, w.problem.detail) for w in result.warnings}
    assert warned == {
        ("9.2.1", "letter.pdf"): (problems.SCALED, "1、3"),  # its pages, not the binder's
        ("9.2.2", "active.pdf"): (problems.ACTIVE_REMOVED, "6"),
    }
    assert "第 1、3 页的下方有内容" in str(result.warnings[0].problem)


def test_a_page_whose_content_cannot_be_read_is_stood_in_for_and_listed(tmp_path: Path) -> None:
    # Page 2's bytes claim to be Flate-compressed but are not: a reader draws a blank page.
    torn = corrupt_stream_pdf()
    output = tmp_path / "binder.pdf"
    result = compile_binder(
        plan([Item("9.2.1", "一页损坏的材料", (spec("torn.pdf", torn),))]),
        BinderOptions(),
        output,
    )
    warned = [(w.code, w.name, w.problem.message, w.problem.detail) for w in result.warnings]
    assert warned == [("9.2.1", "torn.pdf", problems.PAGE_DAMAGED, "2")]
    assert qpdf_check(output).returncode == 0
    pages = [text(output, page, page) for page in range(1, result.pages + 1)]
    evidence = [page for page in pages if "READABLE PAGE" in page or "此处页面无法显示" in page]
    assert len(evidence) == 3  # the file's three pages, in their order
    assert "READABLE PAGE" in evidence[0] and "READABLE PAGE" in evidence[2]
    assert "第2页的内容已损坏" in "".join(evidence[1].split()) and "torn.pdf" in evidence[1]


def test_every_contents_entry_is_a_link_to_its_page_and_a_long_title_keeps_its_number_right(
    tmp_path: Path,
) -> None:
    output = tmp_path / "binder.pdf"
    long_title = "关于赴中山火炬职业技术学院进行国际合作洽谈工作访问函及来访人员名单与行程安排" * 2
    compile_binder(
        plan(
            [
                Item("9.2.1", "第一份", (spec("a.pdf", samples.pdf("FIRST", pages=3)),)),
                Item("9.2.2", long_title, (spec("b.pdf", samples.pdf("SECOND")),)),
            ]
        ),
        BinderOptions(),
        output,
    )
    # The outline and the contents list the same entries, cover and contents aside.
    expected = [page for _depth, _title, page in outline_titles(output)[2:]]
    with pikepdf.open(output) as pdf:
        pages = [page.obj.objgen for page in pdf.pages]
        links = [
            (float(link.Rect[3]), pages.index(link.Dest[0].objgen))
            for link in pdf.pages[1].obj.get("/Annots", [])
            if link.get("/Subtype") == "/Link"
        ]
    # Top to bottom: 第一部分, 第二部分, its year, 佐证材料, 9.2.1, 9.2.2 — each to its page.
    assert [target for _top, target in sorted(links, key=lambda link: -link[0])] == expected
    assert expected[-2:] == [4, 7]
    # The long title wraps in its column: its number (8) ends its last line at the right
    # margin, not at the start of a line of its own.
    [number] = [word for word in words(output, 2) if word.text == "8"]
    line = [
        word for word in words(output, 2) if abs(word.y1 - number.y1) < 2 and word is not number
    ]
    assert number.x1 > 595 - 80 and line  # beside the title's last words


def test_a_file_in_several_items_is_read_once_and_each_item_says_what_it_lost(
    tmp_path: Path,
) -> None:
    from hezuo.binders.tests.test_frame import active_pdf, photo_pdf

    photo, active = spec("photo.pdf", photo_pdf(1200, 900)), spec("active.pdf", active_pdf())
    output = tmp_path / "binder.pdf"
    result = compile_binder(
        plan(
            [
                Item("9.2.1", "照片", (photo, active)),
                Item("9.2.2", "同一张照片", (photo,)),
                Item("9.2.3", "同一份文件", (active,)),
            ]
        ),
        BinderOptions(),
        output,
    )
    warned = [(w.code, w.name, w.problem.message) for w in result.warnings]
    assert warned == [
        ("9.2.1", "active.pdf", problems.ACTIVE_REMOVED),
        ("9.2.3", "active.pdf", problems.ACTIVE_REMOVED),
    ]
    assert qpdf_check(output).returncode == 0
    with pikepdf.open(output) as pdf:
        images = [
            obj
            for obj in pdf.objects
            if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == "/Image"
        ]
        assert len(images) == 1  # the photo's pixels once, drawn on two pages
        photo_pages = [index for index, page in enumerate(pdf.pages) if draws_image(page)]
    assert len(photo_pages) == 2
    numbers = [w.text for page in photo_pages for w in words(output, page + 1)]
    assert [str(page + 1) for page in photo_pages] == [n for n in numbers if n.isdigit()]


def draws_image(page: pikepdf.Page) -> bool:
    """Whether the page's own content (the form the binder draws it through) shows an image."""
    form = page.obj.Resources.XObject.HezuoPage
    drawn = form.get("/Resources", pikepdf.Dictionary()).get("/XObject", pikepdf.Dictionary())
    return any(xobject.get("/Subtype") == "/Image" for xobject in drawn.values())
