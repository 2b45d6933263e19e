"""The REST API: personal tokens and the session, exactly the web's access rules, JSON errors
in the caller's language, and its OpenAPI description."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from time_machine import TimeMachineFixture

from hezuo.accounts.access import Access
from hezuo.accounts.models import ApiToken
from hezuo.accounts.services import api_token_create, api_token_revoke
from hezuo.evidence.models import EvidenceFile
from hezuo.files.models import StoredFile
from tests import samples
from tests.personas import Personas
from tests.world import World, build_world

BASE = "/api/v1/schools/alpha"


@pytest.fixture
def world(personas: Personas) -> World:
    return build_world(personas)


def bearer(access: Access) -> dict[str, str]:
    return {"Authorization": f"Bearer {api_token_create(access=access, name='测试')[1]}"}


def test_a_token_reads_its_school_and_only_its_owner_s_rights_apply(
    personas: Personas, world: World
) -> None:
    response = Client().get(f"{BASE}/evidence/", headers=bearer(personas.access(personas.victor)))
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1 and body["items"][0]["code"] == "9.2.1"
    token = ApiToken.objects.get()
    assert token.last_used_at is not None and token.digest != token.prefix
    assert not ApiToken.objects.filter(digest__contains="hz_").exists(), "only the hash is kept"


def test_a_token_records_its_last_use_to_the_minute(
    personas: Personas, world: World, time_machine: TimeMachineFixture
) -> None:
    headers = bearer(personas.access(personas.victor))
    time_machine.move_to(dt.datetime(2026, 12, 7, 9, 0, tzinfo=dt.UTC), tick=False)
    Client().get(f"{BASE}/evidence/", headers=headers)
    first = ApiToken.objects.get().last_used_at
    assert first == dt.datetime(2026, 12, 7, 9, 0, tzinfo=dt.UTC)
    time_machine.move_to(dt.datetime(2026, 12, 7, 9, 0, 30, tzinfo=dt.UTC), tick=False)
    Client().get(f"{BASE}/evidence/", headers=headers)
    assert ApiToken.objects.get().last_used_at == first  # no write for every call
    time_machine.move_to(dt.datetime(2026, 12, 7, 9, 1, 0, tzinfo=dt.UTC), tick=False)
    Client().get(f"{BASE}/evidence/", headers=headers)
    assert ApiToken.objects.get().last_used_at == dt.datetime(2026, 12, 7, 9, 1, tzinfo=dt.UTC)


def test_an_outsider_token_finds_nothing_of_another_school(
    personas: Personas, world: World
) -> None:
    outsider = bearer(personas.access(personas.oscar, personas.beta))
    file = world.evidence.file_links.exists()
    assert not file
    for path in (
        f"{BASE}/evidence/",
        f"{BASE}/evidence/{world.evidence.pk}/",
        f"{BASE}/search/?q=讲座",
    ):
        response = Client().get(path, headers=outsider)
        assert response.status_code == 404, path
        assert response.json()["code"] == "not_found"
    assert Client().get("/api/v1/schools/beta/evidence/", headers=outsider).status_code == 200


def test_a_viewer_token_cannot_write_and_a_keeper_s_upload_reports_each_file(
    personas: Personas, world: World
) -> None:
    path = f"{BASE}/evidence/{world.evidence.pk}/files/"
    notice = samples.pdf("notice")

    def files() -> dict[str, list[SimpleUploadedFile]]:
        return {
            "files": [
                SimpleUploadedFile("通知.pdf", notice),
                SimpleUploadedFile("伪装.pdf", b"<html><script></script></html>"),
            ]
        }

    refused = Client().post(path, files(), headers=bearer(personas.access(personas.victor)))
    assert refused.status_code == 403 and refused.json()["code"] == "forbidden"
    assert not StoredFile.objects.exists()

    done = Client().post(path, files(), headers=bearer(personas.access(personas.tom)))
    assert done.status_code == 200
    body = done.json()
    assert [item["name"] for item in body["attached"]] == ["通知.pdf"]
    assert len(body["problems"]) == 1 and "伪装.pdf" in body["problems"][0]
    assert EvidenceFile.objects.count() == 1

    stored = StoredFile.objects.get()
    download = Client().get(
        f"{BASE}/files/{stored.pk}/content", headers=bearer(personas.access(personas.victor))
    )
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert b"".join(download.streaming_content) == notice  # type: ignore[attr-defined]


def test_a_revoked_token_is_refused(personas: Personas, world: World) -> None:
    access = personas.access(personas.alice)
    token, raw = api_token_create(access=access, name="旧系统")
    headers = {"Authorization": f"Bearer {raw}"}
    assert Client().get(f"{BASE}/evidence/", headers=headers).status_code == 200
    api_token_revoke(access=access, token=token)
    refused = Client().get(f"{BASE}/evidence/", headers=headers)
    assert refused.status_code == 401
    assert refused.json()["code"] == "unauthenticated"
    assert (
        Client().get(f"{BASE}/evidence/", headers={"Authorization": "Bearer nonsense"}).status_code
        == 401
    )
    assert Client().get(f"{BASE}/evidence/").status_code == 401


def test_the_session_works_and_writes_need_the_csrf_token(personas: Personas, world: World) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas.tom)
    assert client.get(f"{BASE}/evidence/{world.evidence.pk}/").json()["title"] == "讲座方案"
    upload = {"files": [SimpleUploadedFile("a.pdf", samples.pdf("a"))]}
    assert client.post(f"{BASE}/evidence/{world.evidence.pk}/files/", upload).status_code == 403


def test_search_and_errors_in_the_caller_s_language(personas: Personas, world: World) -> None:
    headers = bearer(personas.access(personas.victor))
    hits = Client().get(f"{BASE}/search/", {"q": "讲座"}, headers=headers).json()
    assert [hit["code"] for hit in hits] == ["9.2.1"] and "讲座" in hits[0]["snippet"]
    missing = Client().get(f"{BASE}/evidence/999999/", headers=headers)
    assert missing.status_code == 404 and "找不到" in missing.json()["detail"]
    english = Client().get(f"{BASE}/evidence/999999/", headers={**headers, "Accept-Language": "en"})
    assert "not found" in english.json()["detail"].lower()
    bad = Client().get(f"{BASE}/search/", {"q": "x", "limit": "many"}, headers=headers)
    assert bad.status_code == 422 and bad.json()["code"] == "malformed"


def test_the_openapi_description_and_the_docs_page(personas: Personas) -> None:
    signed_in = Client()
    signed_in.force_login(personas.victor)
    schema = signed_in.get("/api/v1/openapi.json").json()
    assert schema["info"]["title"] == "hezuo API"
    assert "/api/v1/schools/{school}/search/" in schema["paths"]
    docs = signed_in.get("/api/v1/docs")
    assert docs.status_code == 200 and b"swagger" in docs.content.lower()
    assert b"cdn" not in docs.content.lower(), "the docs page works without the internet"


def test_the_api_is_described_to_its_callers_only(personas: Personas, settings: object) -> None:
    """Signed out, the description answers 401 in the API's error format and its page sends
    to the sign-in; a token or a session sees them; a setting publishes them."""
    described = Client().get("/api/v1/openapi.json")
    assert described.status_code == 401 and described.json()["code"] == "unauthenticated"
    assert "/api/v1/schools/" not in described.content.decode()
    page = Client().get("/api/v1/docs")
    assert page.status_code == 302 and page["Location"].startswith("/accounts/login/")
    bogus = Client().get("/api/v1/openapi.json", headers={"Authorization": "Bearer hz_made_up"})
    assert bogus.status_code == 401
    with_token = Client().get(
        "/api/v1/openapi.json", headers=bearer(personas.access(personas.victor))
    )
    assert with_token.status_code == 200 and "paths" in with_token.json()
    settings.HEZUO_API_DOCS_PUBLIC = True  # type: ignore[attr-defined]
    assert Client().get("/api/v1/openapi.json").status_code == 200
    assert Client().get("/api/v1/docs").status_code == 200
