"""Files that cannot be imported as they are get one clear message, and nothing is written."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from openpyxl import Workbook

from hezuo.activities.models import Activity
from hezuo.imports.importing import Outcome, run_import
from hezuo.imports.kinds import ActivitiesImport, PartnersImport
from hezuo.imports.tests.books import ACTIVITY_HEADINGS, activities_book, activity, xlsx
from hezuo.partners.models import Partner
from tests.personas import Personas, in_alpha

PARTNER_HEADINGS = ["中文名称*", "国家/地区*", "机构类型*"]


def _partners(personas: Personas, data: bytes) -> Outcome:
    return run_import(PartnersImport(personas.access(personas.alice)), data, dry_run=False)


def _messages(outcome: Outcome) -> list[str]:
    return [problem.message for problem in outcome.problems]


def test_a_file_that_is_not_a_workbook(personas: Personas) -> None:
    for data in (b"%PDF-1.7\n...", "中文名称,国家\n".encode(), b""):
        outcome = _partners(personas, data)
        assert _messages(outcome) == [
            "文件不是 Excel 工作簿（.xlsx）：请使用下载的模板，或在 Excel 中另存为 .xlsx。"
        ]


def test_an_old_xls_file(personas: Personas) -> None:
    outcome = _partners(personas, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    assert "旧版 Excel（.xls）" in _messages(outcome)[0]


def test_a_zip_that_is_not_a_workbook(personas: Personas) -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("hello.txt", "hi")
    outcome = _partners(personas, out.getvalue())
    assert len(outcome.problems) == 1
    assert ".xlsx" in outcome.problems[0].message


def test_wrong_headings_name_the_unknown_and_the_missing_columns(personas: Personas) -> None:
    data = xlsx(
        {"合作方": [["中文名", "国家/地区*", "机构类型*", "电话"], ["某大学", "英国", "高校"]]}
    )
    outcome = _partners(personas, data)
    (message,) = _messages(outcome)
    assert message.startswith("第 1 行的列标题与模板不符。")
    assert "无法识别的列标题：A“中文名”、D“电话”" in message
    assert "缺少必填列：中文名称*" in message
    assert "模板的列是：中文名称*、外文名称、国家/地区*" in message
    assert outcome.problems[0].sheet == "合作方"
    assert in_alpha(Partner).count() == 0


def test_english_headings_and_english_choices_are_read(personas: Personas) -> None:
    data = xlsx(
        {
            "Partners": [
                [
                    "Chinese name*",
                    "Country/region*",
                    "Institution type",
                    "Belt and Road partner country",
                ],
                ["斯莱戈理工学院", "Ireland", "University", "no"],
            ]
        }
    )
    outcome = _partners(personas, data)
    assert outcome.problems == []
    partner = in_alpha(Partner).get()
    assert (partner.country_code, partner.org_type) == ("IE", "university")


def test_formulas_are_refused_cell_by_cell(personas: Personas) -> None:
    data = xlsx(
        {"合作方": [PARTNER_HEADINGS, ["某大学", "英国", "高校"], ['=A2&"分校"', "英国", "高校"]]}
    )
    outcome = _partners(personas, data)
    assert [(p.row, p.column) for p in outcome.problems] == [(3, "A (中文名称*)")]
    assert "公式" in outcome.problems[0].message
    assert in_alpha(Partner).count() == 0


def test_merged_cells_are_refused(personas: Personas) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "合作方"
    sheet.append(PARTNER_HEADINGS)
    sheet.append(["甲大学", "英国", "高校"])
    sheet.append(["乙大学", None, None])
    sheet.merge_cells("B2:B3")
    out = io.BytesIO()
    book.save(out)
    outcome = _partners(personas, out.getvalue())
    assert any("合并单元格（B2:B3）" in message for message in _messages(outcome))
    assert in_alpha(Partner).count() == 0


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("2021-03-05", dt.date(2021, 3, 5)),
        ("2021/3/5", dt.date(2021, 3, 5)),
        ("2021年3月5日", dt.date(2021, 3, 5)),
    ],
)
def test_dates_written_as_text_year_first_are_read(
    personas: Personas, text: str, date: dt.date
) -> None:
    row = activity("文本日期", 1)
    row[4], row[5], row[7] = text, None, None
    outcome = run_import(
        ActivitiesImport(personas.access(personas.alice)), activities_book([row]), dry_run=False
    )
    assert outcome.problems == []
    assert in_alpha(Activity).get().start_on == date


@pytest.mark.parametrize("text", ["5/3/2021", "2021-02-30", "三月五日", "2021"])
def test_other_dates_written_as_text_are_refused(personas: Personas, text: str) -> None:
    row = activity("文本日期", 1)
    row[4], row[5], row[7] = text, None, None
    outcome = run_import(
        ActivitiesImport(personas.access(personas.alice)), activities_book([row]), dry_run=False
    )
    assert [(p.row, p.column) for p in outcome.problems] == [(2, "E (开始日期*)")]
    assert f"“{text}”不是日期" in outcome.problems[0].message


def _sheet_of_rows(count: int) -> bytes:
    """A workbook whose one sheet has ``count`` rows, written straight as XML (as fast as
    Excel itself would save it)."""
    rows = "".join(
        f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>甲{n}</t></is></c>'
        f'<c r="B{n}" t="inlineStr"><is><t>英国</t></is></c>'
        f'<c r="C{n}" t="inlineStr"><is><t>高校</t></is></c></row>'
        for n in range(2, count + 1)
    )
    heading = "".join(
        f'<c r="{column}1" t="inlineStr"><is><t>{text}</t></is></c>'
        for column, text in zip("ABC", PARTNER_HEADINGS, strict=True)
    )
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    relations = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    package = "http://schemas.openxmlformats.org/package/2006/relationships"
    types = "http://schemas.openxmlformats.org/package/2006/content-types"
    package_type = "application/vnd.openxmlformats-package.relationships+xml"
    office = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    parts = {
        "[Content_Types].xml": (
            f'<Types xmlns="{types}">'
            f'<Default Extension="rels" ContentType="{package_type}"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{office}.sheet.main+xml"/>'
            f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{office}.worksheet+xml"/>'
            "</Types>"
        ),
        "_rels/.rels": (
            f'<Relationships xmlns="{package}"><Relationship Id="rId1" '
            f'Type="{relations}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'<workbook xmlns="{main}" xmlns:r="{relations}"><sheets>'
            '<sheet name="合作方" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            f'<Relationships xmlns="{package}"><Relationship Id="rId1" '
            f'Type="{relations}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
        ),
        "xl/worksheets/sheet1.xml": (
            f'<worksheet xmlns="{main}"><dimension ref="A1:C{count}"/><sheetData>'
            f'<row r="1">{heading}</row>{rows}</sheetData></worksheet>'
        ),
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return out.getvalue()


def test_a_sheet_of_a_million_rows_is_refused_without_being_read(
    personas: Personas, settings: object
) -> None:
    # The limit is lowered so that reading up to it is quick; the reader stops there, so the
    # rest of the million rows are never read.
    settings.HEZUO_IMPORT_MAX_ROWS = 1000  # type: ignore[attr-defined]
    data = _sheet_of_rows(1_048_576)
    outcome = _partners(personas, data)
    assert _messages(outcome) == [
        "工作表“合作方”的数据超过 1,000 行，超出单次导入的上限：请分成几个文件导入。"
    ]
    assert in_alpha(Partner).count() == 0


def test_a_sheet_within_the_limit_is_read_whole(personas: Personas, settings: object) -> None:
    settings.HEZUO_IMPORT_MAX_ROWS = 50  # type: ignore[attr-defined]
    outcome = _partners(personas, _sheet_of_rows(51))
    assert outcome.problems == []
    assert in_alpha(Partner).count() == 50
    assert _messages(_partners(personas, _sheet_of_rows(52)))[0].startswith(
        "工作表“合作方”的数据超过 50 行"
    )


def test_a_file_with_headings_only_imports_nothing(personas: Personas) -> None:
    outcome = _partners(personas, xlsx({"合作方": [PARTNER_HEADINGS]}))
    assert outcome.ok and outcome.rows == 0 and outcome.created == 0


def test_an_empty_sheet_is_named(personas: Personas) -> None:
    outcome = _partners(personas, xlsx({"合作方": []}))
    assert _messages(outcome) == ["工作表是空的：第一行应是列标题。"]


def test_the_main_sheet_is_found_by_its_title_or_as_the_only_sheet(personas: Personas) -> None:
    data = xlsx({"Sheet1": [PARTNER_HEADINGS, ["某大学", "英国", "高校"]]})
    assert _partners(personas, data).created == 1
    data = xlsx({"甲": [PARTNER_HEADINGS], "乙": [PARTNER_HEADINGS]})
    assert _messages(_partners(personas, data)) == ["找不到工作表“合作方”：请使用下载的模板。"]


def test_cells_outside_the_headed_columns_are_not_silently_dropped(personas: Personas) -> None:
    data = xlsx({"合作方": [PARTNER_HEADINGS, ["某大学", "英国", "高校", None, "备忘"]]})
    outcome = _partners(personas, data)
    assert [(p.row, p.column) for p in outcome.problems] == [(2, "")]
    assert "E 列没有标题" in outcome.problems[0].message


def test_activity_headings_are_those_of_the_template(personas: Personas) -> None:
    assert ACTIVITY_HEADINGS[0] == "活动名称*"


def test_a_workbook_whose_sheet_is_damaged(personas: Personas) -> None:
    good = xlsx({"合作方": [PARTNER_HEADINGS, ["某大学", "英国", "高校"]]})
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data[: len(data) // 2]  # cut off half-way, as an interrupted copy
            target.writestr(item, data)
    outcome = _partners(personas, out.getvalue())
    assert _messages(outcome) == [
        "文件内容已损坏，无法读取：请在 Excel 中打开并另存为 .xlsx 后再导入。"
    ]
    assert in_alpha(Partner).count() == 0
