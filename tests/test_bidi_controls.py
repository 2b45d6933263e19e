"""Names and texts are kept without bidirectional controls, wherever a person enters them: the
web's and the API's forms, the school's settings, an Excel import, an upload's file name."""

from __future__ import annotations

import pytest
from django.test import Client

from hezuo.accounts.services import api_token_create
from hezuo.core.models import School
from hezuo.core.plain import plain
from hezuo.evidence.services import evidence_files_upload
from hezuo.imports.columns import Column, Converter
from hezuo.partners.models import Partner
from tests import samples
from tests.personas import Personas
from tests.world import World, build_world

pytestmark = pytest.mark.django_db
RLO, PDF_, LRI, RLM = "\u202e", "\u202c", "\u2066", "\u200f"


def test_plain_removes_every_bidirectional_control_and_nothing_else() -> None:
    others = "\u200e\u061c\u202a\u202b\u202d\u2067\u2068"
    text = f"斯莱戈{RLO}理工{PDF_}学院 Sligo{LRI}\u2069 {RLM}{others}"
    assert plain(text) == "斯莱戈理工学院 Sligo "
    assert plain("مدرسة\u200d 香港\u3000VTC") == "مدرسة\u200d 香港\u3000VTC"  # joiners stay


def test_the_api_and_the_web_keep_names_without_them(personas: Personas) -> None:
    _token, raw = api_token_create(access=personas.access(personas.alice), name="t")
    headers = {"Authorization": f"Bearer {raw}"}
    made = Client().post(
        "/api/v1/schools/alpha/partners/",
        {"name_zh": f"新加坡{RLO}理工学院", "country_code": "SG", "org_type": "vocational_school"},
        content_type="application/json",
        headers=headers,
    )
    assert made.status_code == 201, made.content
    assert Partner.objects.get(pk=made.json()["id"]).name_zh == "新加坡理工学院"

    web = Client()
    web.force_login(personas.alice)
    answer = web.post(
        "/s/alpha/settings/",
        {
            "name": f"甲{RLO}职业技术学院",
            "name_en": f"Alpha{LRI} College",
            "code": "",
            "stage": "higher",
            "province": "44",
            "hours_per_day": "8",
        },
    )
    assert answer.status_code in (200, 302)
    school = School.objects.get(slug="alpha")
    assert RLO not in school.name and LRI not in school.name_en


def test_an_import_and_an_upload_keep_names_without_them(personas: Personas) -> None:
    world: World = build_world(personas)
    converter = Converter(Column("name_zh"), Partner)
    assert converter.convert(f" 斯莱戈{RLO}理工学院 ") == "斯莱戈理工学院"
    _links, problems = evidence_files_upload(
        access=personas.access(personas.alice),
        evidence=world.evidence,
        uploads=[(f"报告{RLO}fdp.exe.pdf", samples.pdf("report"))],
    )
    assert not problems
    link = world.evidence.file_links.get()
    assert (link.name or link.stored_file.original_name) == "报告fdp.exe.pdf"
