"""Countries and approval numbers as people write them in a workbook: any common form of a
country's name, an approval number with spaces or in full-width characters; a misspelt
country refused with the names it resembles; an approval number of another province imported
with a warning."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from hezuo.imports.importing import Outcome, run_import
from hezuo.imports.kinds import PartnersImport, ProgrammesImport
from hezuo.imports.models import ImportRun
from hezuo.imports.template import template_workbook
from hezuo.imports.tests.books import xlsx
from hezuo.jobs.models import JobStatus
from hezuo.jobs.services import job_run
from hezuo.partners.models import Partner
from hezuo.programmes.models import Programme
from tests.personas import Personas, in_alpha

PARTNER_HEADINGS = ["中文名称*", "国家/地区*", "机构类型*"]
PROGRAMME_HEADINGS = ["项目名称*", "办学形式*", "批准书编号"]


def import_partners(personas: Personas, rows: list[list[object]]) -> Outcome:
    data = xlsx({"合作方": [PARTNER_HEADINGS, *rows]})
    return run_import(PartnersImport(personas.access(personas.alice)), data, dry_run=False)


def import_programmes(personas: Personas, rows: list[list[object]]) -> Outcome:
    data = xlsx({"合作办学项目": [PROGRAMME_HEADINGS, *rows]})
    return run_import(ProgrammesImport(personas.access(personas.alice)), data, dry_run=False)


def test_standard_names_and_common_forms_of_countries_are_imported(personas: Personas) -> None:
    rows: list[list[object]] = [
        ["金边皇家大学", "柬埔寨", "高校"],
        ["吉尔吉斯国立大学", "吉尔吉斯斯坦", "高校"],
        ["圣卡洛斯大学", "危地马拉", "高校"],
        ["马耳他艺术科技学院", "马耳他", "职业院校"],
        ["香港职业训练局分部", "香港特别行政区", "政府/公共机构"],
        ["台湾某科技大学", "台湾地区", "高校"],
        ["釜山大学", "大韩民国", "高校"],
        ["莫斯科某学院", "俄罗斯联邦", "高校"],
        ["老挝国立大学", "老挝人民民主共和国", "高校"],
        ["伦敦某学院", " 英 国 ", "高校"],
        ["悉尼某学院", "澳洲", "高校"],
        ["新加坡某学院", "ＳＧ", "高校"],
    ]
    outcome = import_partners(personas, rows)
    assert outcome.problems == []
    stored = dict(in_alpha(Partner).values_list("name_zh", "country_code"))
    assert [stored[str(row[0])] for row in rows] == [
        "KH",
        "KG",
        "GT",
        "MT",
        "HK",
        "TW",
        "KR",
        "RU",
        "LA",
        "GB",
        "AU",
        "SG",
    ]
    assert in_alpha(Partner).get(name_zh="台湾某科技大学").region_category == "hmt"


def test_a_misspelt_country_is_refused_with_the_names_it_resembles(personas: Personas) -> None:
    outcome = import_partners(personas, [["金边皇家大学", "柬埔塞", "高校"]])
    [problem] = outcome.problems
    assert (problem.row, problem.column) == (2, "B (国家/地区*)")
    assert "“柬埔塞”不是可选的值" in problem.message
    assert "相近的名称：柬埔寨" in problem.message
    assert not in_alpha(Partner).filter(name_zh="金边皇家大学").exists()


def test_the_templates_country_list_shows_the_standard_names_and_only_suggests(
    personas: Personas,
) -> None:
    book = load_workbook(
        io.BytesIO(template_workbook(PartnersImport(personas.access(personas.alice))))
    )
    sheet = book["合作方"]
    [validation] = [v for v in sheet.data_validations.dataValidation if "C2" in str(v.sqref)]
    column = str(validation.formula1).split("$")[1]
    names = [cell.value for cell in book["选项"][column] if cell.value]
    assert {"柬埔寨", "马耳他", "中国香港", "中国台湾"} <= set(names)
    assert "柬埔塞" not in names
    assert validation.showErrorMessage is False  # 香港 or GB are as good as the list's names


def test_an_approval_number_with_spaces_and_full_width_characters_is_stored_normalised(
    personas: Personas,
) -> None:
    outcome = import_programmes(
        personas,
        [
            ["会计专业合作项目", "中外合作办学项目", "ＰＤＥ４４ ＣＡ３Ａ　2021 0001n"],
            ["物流专业合作项目", "中外合作办学项目", "moe 44 uk 2a 2021 1234 n"],
        ],
    )
    assert outcome.problems == []
    assert outcome.warnings == []  # Alpha is in province 44
    stored = dict(in_alpha(Programme).values_list("name", "approval_number"))
    assert stored["会计专业合作项目"] == "PDE44CA3A20210001N"
    assert stored["物流专业合作项目"] == "MOE44UK2A20211234N"


def test_an_approval_number_of_another_province_is_imported_with_a_warning(
    personas: Personas,
) -> None:
    outcome = import_programmes(
        personas, [["机电专业合作项目", "中外合作办学项目", "PDE33AU3A20050064N"]]
    )
    assert outcome.problems == []
    assert outcome.created == 1
    [warning] = outcome.warnings
    assert (warning.row, warning.column) == (2, "C (批准书编号)")
    assert "省份代码 33 与本校所在省份代码 44 不一致" in warning.message
    assert outcome.as_data()["warnings"][0]["message"] == warning.message
    assert Outcome.from_data(outcome.as_data()).warnings[0].message == warning.message
    assert in_alpha(Programme).filter(approval_number="PDE33AU3A20050064N").exists()


def test_the_check_page_lists_the_warning_beside_a_clean_outcome(personas: Personas) -> None:
    client = Client()
    client.force_login(personas.alice)
    rows = [PROGRAMME_HEADINGS, ["机电专业合作项目", "中外合作办学项目", "PDE33AU3A20050064N"]]
    upload = SimpleUploadedFile("programmes.xlsx", xlsx({"合作办学项目": rows}))
    response = client.post(
        reverse("web:import", args=["alpha", "programmes"]), {"action": "check", "file": upload}
    )
    run = in_alpha(ImportRun).get()
    assert run.job_id is not None and job_run(job_id=run.job_id) == JobStatus.SUCCEEDED
    page = client.get(response["Location"]).content.decode()
    assert "检查无误：1 行，将新增 1 条" in page
    assert "按此检查导入" in page  # a warning stops nothing
    assert 'data-testid="import-warnings"' in page
    assert "省份代码 33 与本校所在省份代码 44 不一致" in page
    assert "C (批准书编号)" in page
