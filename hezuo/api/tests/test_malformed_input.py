"""Input no database can store, or too much of it, is answered in the API's error format — never
a server error, never a half-written record: a lone UTF-16 surrogate or NUL in a JSON body, NUL
in a query (which PostgreSQL cannot compare), a body over Django's limit, a file name of a
thousand characters; and a page asked with NUL in its query says so in the user's language."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from hezuo.accounts.services import api_token_create
from hezuo.partners.models import Partner
from tests import samples
from tests.personas import Personas, in_alpha
from tests.world import build_world

BASE = "/api/v1/schools/alpha"


def _client(personas: Personas) -> Client:
    token = api_token_create(access=personas.access(personas.alice), name="接口")[1]
    return Client(headers={"Authorization": f"Bearer {token}"})


def test_text_no_database_can_store_is_refused_whole(personas: Personas) -> None:
    client = _client(personas)
    before = in_alpha(Partner).count()
    for body in (
        b'{"name_zh": "\\ud800\xe5\x90\x88", "country_code": "GB", "org_type": "university"}',
        b'{"name_zh": "a\\u0000b", "country_code": "GB", "org_type": "university"}',
        b'{"name_zh": "ok", "country_code": "GB", "org_type": "university", "note": "\\udfff"}',
    ):
        answer = client.post(f"{BASE}/partners/", body, content_type="application/json")
        assert answer.status_code == 400, (body, answer.status_code)
        assert answer.json()["code"] == "malformed"
        assert "无法保存的字符" in answer.json()["detail"]
    assert in_alpha(Partner).count() == before
    english = client.post(
        f"{BASE}/partners/",
        b'{"name_zh": "\\ud800"}',
        content_type="application/json",
        headers={"Accept-Language": "en"},
    )
    assert "cannot be stored" in english.json()["detail"]


def test_nul_in_a_query_is_refused_by_the_api_and_the_pages(personas: Personas) -> None:
    answer = _client(personas).get(f"{BASE}/search/", {"q": "合作\x00"})
    assert answer.status_code == 400 and answer.json()["code"] == "malformed"
    client = Client()
    client.force_login(personas.alice)
    page = client.get("/s/alpha/search/", {"q": "\x00"})
    assert page.status_code == 400
    assert "无法保存的字符" in page.content.decode()


def test_a_body_over_the_limit_is_answered_413(personas: Personas) -> None:
    answer = _client(personas).post(
        f"{BASE}/partners/",
        b'{"name_zh": "' + b"a" * 3_000_000 + b'"}',
        content_type="application/json",
    )
    assert answer.status_code == 413 and answer.json()["code"] == "too_large"


def test_a_thousand_character_file_name_is_kept_short(personas: Personas) -> None:
    world = build_world(personas)
    name = "通" * 996 + ".pdf"
    answer = Client().post(
        f"{BASE}/evidence/{world.evidence.pk}/files/",
        {"files": [SimpleUploadedFile(name, samples.pdf("notice"))]},
        headers={
            "Authorization": "Bearer "
            + api_token_create(access=personas.access(personas.tom), name="上传")[1]
        },
    )
    assert answer.status_code in (200, 400), answer.status_code
    assert answer["Content-Type"].startswith("application/json")
    if answer.status_code == 200:
        (attached,) = answer.json()["attached"]
        assert attached["name"].endswith(".pdf") and len(attached["name"]) <= 255
