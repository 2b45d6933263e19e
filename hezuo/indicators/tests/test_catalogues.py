from __future__ import annotations

import pytest

from hezuo.core.errors import HezuoError
from hezuo.indicators.catalogues import available_catalogues, read_catalogue


@pytest.mark.parametrize("name", available_catalogues())
def test_every_shipped_catalogue_reads_cleanly(name: str) -> None:
    catalogue = read_catalogue(name)
    codes = [row.code for row in catalogue.rows]
    assert len(codes) == len(set(codes)) > 0


def test_the_quality_report_table_has_its_nine_official_rows() -> None:
    catalogue = read_catalogue("higher_quality_report_2017")
    assert [row.name for row in catalogue.rows] == [
        "全日制国（境）外留学生人数",
        "非全日制国（境）外人员培训量",
        "在校生服务“走出去”企业国（境）外实习时间",
        "专任教师赴国（境）外指导和开展培训时间",
        "在国（境）外组织担任职务的专任教师人数",
        "开发并被国（境）外采用的专业教学标准数",
        "开发并被国（境）外采用的课程标准数",
        "国（境）外技能大赛获奖数量",
        "国（境）外办学点数量",
    ]
    assert (catalogue.valid_from_year, catalogue.valid_to_year) == (2017, 2022)


def test_an_unknown_catalogue_names_the_ones_there_are() -> None:
    with pytest.raises(HezuoError, match="higher_quality_report_2017"):
        read_catalogue("no_such_catalogue")
