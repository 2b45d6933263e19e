"""The Excel templates: what they hold, that Excel's readers open them, and that a template
filled in imports."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation
from openpyxl import load_workbook

from hezuo.activities.models import Activity
from hezuo.imports.importing import run_import
from hezuo.imports.kinds import IMPORTERS, ActivitiesImport
from hezuo.imports.template import template_workbook
from tests.office import convert
from tests.personas import Personas
from tests.world import World, build_world


@pytest.fixture
def world(personas: Personas) -> World:
    return build_world(personas)


@pytest.mark.parametrize("kind", list(IMPORTERS))
def test_each_template_has_instructions_headings_and_drop_downs(
    personas: Personas, world: World, kind: str
) -> None:
    importer = IMPORTERS[kind](personas.access(personas.alice))
    book = load_workbook(io.BytesIO(template_workbook(importer)))
    titles = [str(sheet.title) for sheet in importer.sheets]
    assert book.sheetnames == ["填写说明", "选项", *titles]
    assert book["选项"].sheet_state == "hidden"
    instructions = [row[0] for row in book["填写说明"].iter_rows(values_only=True) if row]
    assert str(importer.label) in str(instructions[0])
    for spec in importer.sheets:
        sheet = book[str(spec.title)]
        headings = [cell.value for cell in sheet[1]]
        assert headings == [column.heading(spec.model) for column in spec.columns]
        assert sheet.freeze_panes == "A2"
        validated = {
            str(ref).split(":")[0].rstrip("0123456789")
            for validation in sheet.data_validations.dataValidation
            for ref in validation.sqref.ranges
        }
        for number, column in enumerate(spec.columns, start=1):
            if column.choices(spec.model):
                assert chr(64 + number) in validated, column.name
        assert {heading for heading in headings if str(heading).endswith("*")} == {
            column.heading(spec.model) for column in spec.columns if column.required
        }


def test_the_activity_type_list_offers_every_type(personas: Personas, world: World) -> None:
    book = load_workbook(
        io.BytesIO(template_workbook(ActivitiesImport(personas.access(personas.alice))))
    )
    sheet = book["交流活动"]
    [validation] = [v for v in sheet.data_validations.dataValidation if "B2" in str(v.sqref)]
    reference = str(validation.formula1)
    column = reference.split("$")[1]
    values = [cell.value for cell in book["选项"][column] if cell.value]
    assert "学生境外交流/研修" in values and "教师赴境外指导/开展培训（输出）" in values
    [partners] = [v for v in sheet.data_validations.dataValidation if "I2" in str(v.sqref)]
    column = str(partners.formula1).split("$")[1]
    assert [cell.value for cell in book["选项"][column] if cell.value] == ["香港职业训练局"]
    assert partners.showErrorMessage is False  # several partners may share a cell


def test_an_english_template_has_english_headings(personas: Personas, world: World) -> None:
    with translation.override("en"):
        data = template_workbook(ActivitiesImport(personas.access(personas.alice)))
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames[0] == "Instructions"
    headings = [str(cell.value) for cell in book[book.sheetnames[2]][1]]
    assert headings[0] == "Activity name*"
    assert not any("\u4e00" <= char <= "\u9fff" for heading in headings for char in heading)


def test_a_filled_in_template_imports(personas: Personas, world: World) -> None:
    access = personas.access(personas.alice)
    book = load_workbook(io.BytesIO(template_workbook(ActivitiesImport(access))))
    book["交流活动"].append(
        [
            "赴港交流",
            "出访交流",
            "输出/出访",
            "线下",
            dt.date(2022, 4, 1),
            None,
            None,
            "香港",
            "香港职业训练局",
        ]
    )
    book["参与记录"].append(["赴港交流", dt.date(2022, 4, 1), "管理人员", "访问成员", 4, 3])
    out = io.BytesIO()
    book.save(out)
    outcome = run_import(ActivitiesImport(access), out.getvalue(), dry_run=False)
    assert outcome.problems == []
    activity = Activity.objects.get(title="赴港交流")
    assert activity.country_code == "HK"
    assert activity.participations.get().headcount == 4


def test_libreoffice_opens_the_template(personas: Personas, world: World, tmp_path: Path) -> None:
    path = tmp_path / "activities.xlsx"
    path.write_bytes(template_workbook(ActivitiesImport(personas.access(personas.alice))))
    every_sheet = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"
    produced = convert(path, every_sheet, tmp_path / "csv")
    sheets = {p.stem.removeprefix(f"{path.stem}-"): p for p in produced}
    with sheets["交流活动"].open(encoding="utf-8") as handle:
        assert next(csv.reader(handle))[:2] == ["活动名称*", "活动类型*"]
    with sheets["填写说明"].open(encoding="utf-8") as handle:
        assert "交流活动导入模板" in handle.readline()


def test_the_command_imports_checks_and_writes_templates(
    personas: Personas, world: World, tmp_path: Path
) -> None:
    template = tmp_path / "template.xlsx"
    call_command("import", "activities", "--school", "alpha", "--template", str(template))
    book = load_workbook(template)
    book["交流活动"].append(["命令行导入", "来访接待", "引进/来访", "线下", dt.date(2022, 5, 1)])
    book.save(template)
    out = io.StringIO()
    call_command(
        "import", "activities", str(template), "--school", "alpha", "--dry-run", stdout=out
    )
    assert "将新增 1 条" in out.getvalue()
    assert not Activity.objects.filter(title="命令行导入").exists()
    out = io.StringIO()
    call_command("import", "activities", str(template), "--school", "alpha", stdout=out)
    assert "新增 1 条" in out.getvalue()
    assert Activity.objects.filter(title="命令行导入").exists()
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"not a workbook")
    out = io.StringIO()
    with pytest.raises(CommandError, match="有 1 处问题，未导入任何记录"):
        call_command("import", "partners", str(bad), "--school", "alpha", stdout=out)
    assert "文件不是 Excel 工作簿" in out.getvalue()
    with pytest.raises(CommandError, match="找不到标识为“nowhere”的学校"):
        call_command("import", "partners", str(bad), "--school", "nowhere")
