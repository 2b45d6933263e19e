"""The seed documents regenerated from the demo schools' records, through the command line:
seed 000's report for 中山火炬 2021 and seed 003's task 9.2 for 龙岗."""

from __future__ import annotations

import io
import re
from pathlib import Path

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from hezuo.binders.tests.pdfs import qpdf_check, text
from hezuo.indicators.catalogues import read_catalogue
from hezuo.reports.tests.documents import docx_text, squeeze
from tests.office import convert

pytestmark = pytest.mark.django_db
TORCH, LONGGANG = "zhongshan-torch", "shenzhen-longgang"
SEED_FIGURES = ("570人日", "657人日", "3126人日")
ASSISTANCE_FIGURES = (
    "2人",
    "117万余元",
    "近2300人",
    "约1800个",
    "2000余人",
    "广东省赛银奖",
    "铜奖",
)
EVIDENCE = ("3.4.1.1", "3.4.1.2.1", "3.4.1.2.2", "3.4.1.3", "3.4.1.4")


def build(tmp_path: Path, kind: str, fmt: str, *extra: str, school: str = TORCH) -> Path:
    output = tmp_path / f"{kind}.{fmt}"
    out = io.StringIO()
    call_command(
        "build_report",
        kind,
        "--school",
        school,
        "--format",
        fmt,
        "--output",
        str(output),
        *extra,
        stdout=out,
    )
    assert "已生成" in out.getvalue()
    return output


def assert_seed_000(content: str) -> None:
    for figure in SEED_FIGURES + ASSISTANCE_FIGURES + EVIDENCE:
        assert figure in content, figure
    # In the report's text the estimate appears, and never without its label; the notes give
    # its method.
    body, notes = content.rsplit("数据来源", 1)
    found = [body[m.start() : m.start() + 20] for m in re.finditer("3125", body)]
    assert found
    assert all(around.startswith("3125人日（估算口径") for around in found), found
    assert "估算方法：海外互动量超2.5万" in notes


def test_the_annual_pdf_holds_seed_000s_figures(demo: None, tmp_path: Path) -> None:
    path = build(tmp_path, "annual", "pdf", "--year", "2021", "--edition", "checking")
    assert qpdf_check(path).returncode == 0
    content = squeeze(text(path))
    assert_seed_000(content)
    assert "2021年合作办学情况报告" in content
    for heading in ("一、合作办学", "二、国际交流合作", "三、粤港澳大湾区交流合作", "四、结对帮扶"):
        assert heading in content
    # As in seed 000, chapter 三 holds the Macau training and the internships abroad.
    bay_area = content.split("三、粤港澳大湾区交流合作", 1)[1].split("四、结对帮扶", 1)[0]
    assert "657人日" in bay_area and "3126人日" in bay_area
    # The note behind 570 names both online courses and their arithmetic.
    assert "在校生30人×10天=300人日" in content
    assert "在校生45人×48课时÷8=270人日" in content


def test_the_annual_docx_holds_seed_000s_figures_and_libreoffice_opens_it(
    demo: None, tmp_path: Path
) -> None:
    path = build(tmp_path, "annual", "docx", "--year", "2021", "--edition", "checking")
    assert_seed_000(squeeze(docx_text(path)))
    converted = convert(path, "pdf", tmp_path)
    assert_seed_000(squeeze(text(converted[0])))


def test_the_quality_table_lists_every_official_row_with_its_value(
    demo: None, tmp_path: Path
) -> None:
    """The 国际影响表 as an evaluator reads it: the catalogue's rows in its order and wording,
    each with its unit, the year before beside the data year."""
    catalogue = read_catalogue("higher_quality_report_2017")
    official = [row.name for row in catalogue.rows]
    path = build(tmp_path, "quality", "xlsx", "--year", "2022")
    sheet = openpyxl.load_workbook(path).worksheets[0]
    assert [cell.value for cell in sheet[1]] == ["序号", "指标", "单位", "2021年", "2022年"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [row[1] for row in rows] == official
    assert [row[0] for row in rows] == list(range(1, len(official) + 1))
    assert [row[2] for row in rows] == [row.unit.label for row in catalogue.rows]
    values = {row[1]: row[3:5] for row in rows}
    assert values["在校生服务“走出去”企业国（境）外实习时间"] == (3126, 0)
    assert values["全日制国（境）外留学生人数"] == (0, 0)
    convert(path, "csv", tmp_path)
    pdf = build(tmp_path, "quality", "pdf", "--year", "2021", "--edition", "checking")
    content = squeeze(text(pdf))
    assert "2022年质量年报国际影响表（2021年数据）" in content
    assert "数据年度：2021年报告年度：2022年" in content
    assert "院校代码：4144013710院校名称：中山火炬职业技术学院" in content
    assert "在校生服务“走出去”企业国（境）外实习时间人日0[5]3126[6]" in content
    assert "二、提交前核对事项" in content
    submitted = squeeze(docx_text(build(tmp_path, "quality", "docx", "--year", "2021")))
    assert "在校生服务“走出去”企业国（境）外实习时间人日03126" in submitted
    assert "核对" not in submitted and "2022年质量年报国际影响表" in submitted


def test_the_assistance_summary_holds_the_year_of_paired_assistance(
    demo: None, tmp_path: Path
) -> None:
    content = squeeze(docx_text(build(tmp_path, "assistance", "docx", "--year", "2021")))
    for figure in ASSISTANCE_FIGURES:
        assert figure in content, figure
    assert "阳江职业技术学院（省内结对）" in content
    assert "2021年新签结对帮扶协议2份" in content


def test_the_completion_report_of_task_9_2_follows_seed_003(demo: None, tmp_path: Path) -> None:
    kpi = (
        "“搭建香港职业教育合作交流平台”方面共有8个任务要点，截至2024年年底，"
        "共完成8个建设任务点，任务完成率100%"
    )
    for fmt in ("pdf", "docx"):
        path = build(tmp_path, "completion", fmt, "--task", "9.2", school=LONGGANG)
        content = squeeze(text(path) if fmt == "pdf" else docx_text(path))
        assert kpi in content
        assert "第一部分四年建设概况及成效" in content
        assert "第二部分分年度建设完成情况" in content
        assert "香港职业教育专家讲座方案" in content
    assert qpdf_check(tmp_path / "completion.pdf").returncode == 0


def test_bad_requests_say_what_is_wrong(demo: None, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="请选择报告年度"):
        build(tmp_path, "annual", "pdf")
    with pytest.raises(CommandError, match="不能生成"):
        build(tmp_path, "completion", "xlsx", "--task", "9.2", school=LONGGANG)
    with pytest.raises(CommandError, match=r"找不到编号为 9\.9"):
        build(tmp_path, "completion", "pdf", "--task", "9.9", school=LONGGANG)
    with pytest.raises(CommandError, match="输出目录不存在"):
        call_command(
            "build_report",
            "annual",
            "--school",
            TORCH,
            "--year",
            "2021",
            "--output",
            str(tmp_path / "missing" / "x.pdf"),
        )
    assert list(tmp_path.iterdir()) == []


def test_the_submitted_annual_report_reads_like_seed_000(demo: None, tmp_path: Path) -> None:
    content = squeeze(text(build(tmp_path, "annual", "pdf", "--year", "2021")))
    chapters = ("一、合作办学", "二、国际交流合作", "三、粤港澳大湾区交流合作", "四、结对帮扶")
    for chapter in chapters:
        assert chapter in content
    for figure in SEED_FIGURES + ASSISTANCE_FIGURES:
        assert figure in content, figure
    assert "3125人日（估算口径，未计入统计）" in content
    bay_area = content.split(chapters[2], 1)[1].split(chapters[3], 1)[0]
    assert "657人日" in bay_area and "3126人日" in bay_area
    for taiwan in ("台湾", "朝阳科技大学", "龙华科技大学"):
        assert taiwan not in bay_area, taiwan
    assert "数据来源" not in content and "[1]" not in content


def test_a_single_year_completion_report_holds_that_year_only(demo: None, tmp_path: Path) -> None:
    path = build(tmp_path, "completion", "pdf", "--task", "9.2", "--year", "2022", school=LONGGANG)
    content = squeeze(text(path))
    assert "第一部分2022年度建设概况及成效" in content and "一、2022年度" in content
    assert "2023年深圳市技能菁英" not in content, "the four years' narrative is not the year's"
    assert "领导工作小组及教学团队" not in content, "no achievement heading without its evidence"
    assert "9.2.4香港职业教育专家讲座方案" in content


def test_a_report_of_2016_lists_no_programme_begun_later(demo: None, tmp_path: Path) -> None:
    """The demo's programmes began by 2021 (their 起始年份, or their first activity or
    agreement): a report of 2016 lists none of them; the 2021 report lists all eight."""
    early = squeeze(docx_text(build(tmp_path, "annual", "docx", "--year", "2016")))
    programmes = early.split("一、合作办学", 1)[1].split("二、国际交流合作", 1)[0]
    assert "暂无在办或筹建的合作办学项目" in programmes, programmes
    year_2021 = squeeze(docx_text(build(tmp_path, "annual", "docx", "--year", "2021")))
    assert "在办及筹建的合作办学项目（机构）共8个" in year_2021
