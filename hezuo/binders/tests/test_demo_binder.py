"""The demo 中职 school's task 9.2 (seed 003) compiled from its records through the command
line, read back with poppler, pikepdf and qpdf."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pikepdf
import pytest
from django.core.management import CommandError, call_command

from hezuo.accounts.access import system_access
from hezuo.binders.tests.pdfs import outline_titles, qpdf_check, text, words
from hezuo.core.models import School
from hezuo.core.review import ReviewStatus
from hezuo.evidence.models import Evidence
from hezuo.evidence.services import evidence_files_upload
from tests import samples

pytestmark = pytest.mark.django_db
SCHOOL = "shenzhen-longgang"
KPI = (
    "“搭建香港职业教育合作交流平台”方面共有8个任务要点，截至2024年年底，"
    "共完成8个建设任务点，任务完成率100%。"
)


@pytest.fixture
def items(demo: list[School]) -> list[Evidence]:
    access = system_access(school=SCHOOL)
    items = list(Evidence.objects.filter(school__slug=SCHOOL, task__code="9.2"))
    for item in items:
        attached, refused = evidence_files_upload(
            access=access,
            evidence=item,
            uploads=[(f"{item.code}.pdf", samples.pdf(f"EVIDENCE {item.code}", pages=2))],
        )
        assert attached and not refused
    return items


def compile_9_2(tmp_path: Path, *extra: str) -> tuple[Path, str]:
    output = tmp_path / "9.2.pdf"
    out = io.StringIO()
    call_command(
        "compile_binder",
        "--school",
        SCHOOL,
        "--task",
        "9.2",
        "--output",
        str(output),
        *extra,
        stdout=out,
    )
    return output, out.getvalue()


def test_task_9_2_compiles_to_a_checked_bookmarked_numbered_binder(
    tmp_path: Path, items: list[Evidence]
) -> None:
    output, printed = compile_9_2(tmp_path)
    assert qpdf_check(output).returncode == 0
    with pikepdf.open(output) as pdf:
        pages = len(pdf.pages)
        assert str(pdf.docinfo["/Title"]) == "9.2 搭建香港职业教育合作交流平台 佐证材料"
        assert str(pdf.docinfo["/Author"]) == "深圳市龙岗职业技术学校"
    assert f"{pages} 页" in printed and "0 条警告" in printed

    whole = text(output)
    assert KPI in "".join(whole.split())
    for heading in ("第一部分 四年建设概况及成效", "第二部分 分年度建设完成情况", "学校层面"):
        assert heading in whole

    # The outline mirrors the codes, in code order, each opening on its evidence.
    marks = outline_titles(output)
    codes = [title.split()[0] for depth, title, _ in marks if re.match(r"9\.2\.\d", title)]
    expected = sorted((item.code for item in items), key=lambda c: int(c.split(".")[2]))
    assert codes == expected == [f"9.2.{n}" for n in range(1, 18)]
    for _depth, title, page in marks:
        if title.startswith("9.2."):
            assert f"EVIDENCE {title.split()[0]}" in text(output, page + 1, page + 1)
    assert [title for depth, title, _ in marks if depth == 0] == [
        "封面",
        "目录",
        "第一部分 四年建设概况及成效",
        "第二部分 分年度建设完成情况",
        "佐证材料",
    ]

    # Every page carries its number at the bottom.
    for page in range(1, pages + 1):
        bottom = [w.text for w in words(output, page) if w.y0 > 780]
        assert str(page) in bottom, (page, bottom)


def test_only_approved_evidence_and_a_watermark(tmp_path: Path, items: list[Evidence]) -> None:
    approved = sorted(
        (item.code for item in items if item.review_status == ReviewStatus.APPROVED),
        key=lambda c: int(c.split(".")[2]),
    )
    assert 0 < len(approved) < len(items)
    output, _ = compile_9_2(tmp_path, "--approved-only", "--watermark", "仅供验收使用")
    codes = [t.split()[0] for _d, t, _p in outline_titles(output) if t.startswith("9.2.")]
    assert codes == approved
    cover = text(output, 1, 1)
    assert all(char in cover for char in "仅供验收使用")


def test_bad_requests_get_clear_messages(tmp_path: Path, items: list[Evidence]) -> None:
    with pytest.raises(CommandError, match=r"找不到编号为 9\.9 的建设任务"):
        call_command(
            "compile_binder",
            "--school",
            SCHOOL,
            "--task",
            "9.9",
            "--output",
            str(tmp_path / "x.pdf"),
        )
    with pytest.raises(CommandError, match="找不到标识为“nowhere”的学校"):
        call_command(
            "compile_binder",
            "--school",
            "nowhere",
            "--task",
            "9.2",
            "--output",
            str(tmp_path / "x.pdf"),
        )
    with pytest.raises(CommandError, match="输出目录不存在"):
        call_command(
            "compile_binder",
            "--school",
            SCHOOL,
            "--task",
            "9.2",
            "--output",
            str(tmp_path / "no" / "x.pdf"),
        )
    assert list(tmp_path.iterdir()) == []


def test_the_evidence_tree_exports_as_a_zip(tmp_path: Path, items: list[Evidence]) -> None:
    output = tmp_path / "9.2.zip"
    out = io.StringIO()
    call_command(
        "compile_binder",
        *("--school", SCHOOL, "--task", "9.2", "--format", "zip", "--output", str(output)),
        stdout=out,
    )
    assert "17 个文件" in out.getvalue()
    with zipfile.ZipFile(output) as archive:
        names = archive.namelist()
    assert len(names) == 17
    assert names[0] == (
        "9.2 搭建香港职业教育合作交流平台/"
        "9.2.1 建立与香港相关职业学校合作办学教学领导工作小组，组建合作办学教学团队.pdf"
    )


def test_one_years_front_pages_hold_that_year_only(demo: None) -> None:
    from hezuo.accounts.access import system_access
    from hezuo.binders.plan import binder_plan, scope_for

    access = system_access(school="shenzhen-longgang")
    scope = scope_for(access=access, task_code="9.2", project_id=None, year=2022)
    (section,) = binder_plan(access=access, scope=scope).sections
    assert section.part1_title == "第一部分 2022年度建设概况及成效"
    assert section.overview == "", "the four years' overview is not the year's"
    assert all(achievement.evidence for achievement in section.achievements)
    assert [achievement.label for achievement in section.achievements] == [
        f"{numeral}、" for numeral in "一二三四五六七八九"[: len(section.achievements)]
    ]
    whole = binder_plan(access=access, scope=scope_for(access=access, task_code="9.2")).sections[0]
    assert whole.overview and len(whole.achievements) > len(section.achievements)
