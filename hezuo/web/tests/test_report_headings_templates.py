"""The office renames a report's sections on the narratives page and chooses one of hezuo's Word
templates (the plain one or the 公文 one) on the templates page."""

from __future__ import annotations

import io
from collections.abc import Callable

import docx
import pytest
from django.test import Client
from django.urls import reverse
from docx.oxml.ns import qn

from hezuo.accounts.models import User
from hezuo.reports.models import BuiltinTemplate, ReportHeading, ReportTemplate
from tests.personas import Personas
from tests.world import World, build_world


@pytest.fixture
def world(personas: Personas) -> World:
    return build_world(personas)


def url(name: str, *args: object) -> str:
    return reverse(f"web:{name}", args=["alpha", *args])


def test_the_office_renames_a_section_for_every_year(
    personas: Personas, world: World, client_of: Callable[[User], Client]
) -> None:
    alice = client_of(personas.alice)
    saved = alice.post(
        url("report-narratives"),
        {"kind": "annual", "year": "2021", "heading-exchanges": "二、对外交流与合作"},
    )
    assert saved.status_code == 302
    assert ReportHeading.objects.get().title == "对外交流与合作"  # the report numbers it
    page = alice.get(url("report-narratives"), {"kind": "annual", "year": "2019"}).content
    assert 'value="对外交流与合作"' in page.decode()  # another year: the same name
    assert "二、对外交流与合作</legend>" in page.decode()
    alice.post(url("report-narratives"), {"kind": "annual", "year": "2021"})
    assert ReportHeading.objects.exists()  # a form without the field changes no title
    alice.post(
        url("report-narratives"), {"kind": "annual", "year": "2021", "heading-exchanges": ""}
    )
    assert not ReportHeading.objects.exists()  # left empty: hezuo's title again

    refused = alice.post(
        url("report-narratives"),
        {"kind": "annual", "year": "2021", "heading-exchanges": "长" * 101},
    )
    assert refused.status_code == 400
    assert "不能超过" in refused.content.decode()
    lily = client_of(personas.lily)
    assert (
        lily.post(
            url("report-narratives"),
            {"kind": "annual", "year": "2021", "heading-exchanges": "x"},
        ).status_code
        == 403
    )
    assert not ReportHeading.objects.exists()


def test_the_office_leaves_a_chapter_out_with_its_switch(
    personas: Personas, world: World, client_of: Callable[[User], Client]
) -> None:
    alice = client_of(personas.alice)
    form = {"kind": "annual", "year": "2021", "heading-programmes": ""}
    # The switch sends 0, and 1 as well when on.
    assert (
        alice.post(url("report-narratives"), form | {"included-programmes": "0"}).status_code == 302
    )
    assert ReportHeading.objects.get().included is False
    page = alice.get(url("report-narratives"), {"kind": "annual", "year": "2021"}).content.decode()
    assert "合作办学 <span" in page and 'data-testid="left-out"' in page  # unnumbered
    assert "一、国际交流合作</legend>" in page  # the next chapter moved up
    alice.cookies["django_language"] = "en"
    english = alice.get(url("report-narratives"), {"kind": "annual", "year": "2021"})
    assert "1. International exchange and cooperation</legend>" in english.content.decode()
    assert "Cooperative education <span" in english.content.decode()
    alice.cookies["django_language"] = "zh-hans"
    # A form without the switch keeps the choice; the switch on takes the chapter back.
    alice.post(url("report-narratives"), form)
    assert ReportHeading.objects.get().included is False
    alice.post(url("report-narratives"), form | {"included-programmes": ["0", "1"]})
    assert not ReportHeading.objects.exists()

    # Taking one chapter back while leaving out the last other one is judged on the result.
    for key in ("programmes", "exchanges", "bay_area"):
        alice.post(
            url("report-narratives"),
            {"kind": "annual", "year": "2021", f"heading-{key}": "", f"included-{key}": "0"},
        )
    swapped = alice.post(
        url("report-narratives"),
        {
            "kind": "annual",
            "year": "2021",
            "heading-assistance": "",
            "included-assistance": "0",
            "heading-exchanges": "",
            "included-exchanges": ["0", "1"],
        },
    )
    assert swapped.status_code == 302
    assert set(ReportHeading.objects.values_list("section", flat=True)) == {
        "programmes",
        "bay_area",
        "assistance",
    }
    refused = alice.post(
        url("report-narratives"),
        {"kind": "annual", "year": "2021", "heading-exchanges": "", "included-exchanges": "0"},
    )
    assert refused.status_code == 400
    assert "至少要保留一章正文" in refused.content.decode()
    assert not ReportHeading.objects.filter(section="exchanges").exists()


def test_the_office_chooses_the_gongwen_template_and_goes_back_to_the_plain_one(
    personas: Personas, world: World, client_of: Callable[[User], Client]
) -> None:
    alice = client_of(personas.alice)
    download = alice.get(url("report-template-default", "annual"), {"builtin": "gongwen"})
    document = docx.Document(io.BytesIO(b"".join(download.streaming_content)))  # type: ignore[attr-defined]
    fonts = document.styles["Normal"].element.rPr.rFonts
    assert fonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    assert alice.get(url("report-template-default", "annual"), {"builtin": "x"}).status_code == 404

    chosen = alice.post(url("report-templates"), {"kind": "annual", "builtin": "gongwen"})
    assert chosen.status_code == 302
    template = ReportTemplate.objects.get(is_active=True)
    assert (template.kind, template.builtin) == ("annual", BuiltinTemplate.GONGWEN)
    page = alice.get(url("report-templates")).content.decode()
    assert "使用中：公文模板（GB/T 9704）" in page

    alice.post(url("report-templates"), {"kind": "annual", "builtin": "plain"})
    assert not ReportTemplate.objects.filter(is_active=True).exists()
    assert "使用中：系统默认模板" in alice.get(url("report-templates")).content.decode()
    victor = client_of(personas.victor)
    assert (
        victor.post(url("report-templates"), {"kind": "annual", "builtin": "gongwen"}).status_code
        == 403
    )
    assert (
        alice.post(url("report-templates"), {"kind": "annual", "builtin": "x"}).status_code == 404
    )
