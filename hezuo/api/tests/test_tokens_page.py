"""Personal tokens are made on a page (shown once), listed by prefix, and revoked there."""

from __future__ import annotations

import re

from django.test import Client
from django.urls import reverse

from hezuo.accounts.models import ApiToken
from tests.personas import Personas


def test_a_token_is_shown_once_listed_by_prefix_and_revoked(personas: Personas) -> None:
    page = reverse("web:api-tokens", args=["alpha"])
    client = Client()
    client.force_login(personas.victor)
    empty = client.post(page, {"name": " "})
    assert "请给令牌起一个名称" in empty.content.decode()
    made = client.post(page, {"name": "统计平台"}).content.decode()
    [raw] = re.findall(r'data-testid="token-value">(hz_[^<]+)<', made)
    token = ApiToken.objects.get()
    assert token.prefix == raw[:10] and token.user == personas.victor
    listed = client.get(page).content.decode()
    assert raw not in listed and f"{token.prefix}…" in listed
    api = Client().get(
        "/api/v1/schools/alpha/evidence/", headers={"Authorization": f"Bearer {raw}"}
    )
    assert api.status_code == 200

    other = Client()
    other.force_login(personas.rita)
    revoke = reverse("web:api-token-revoke", args=["alpha", token.pk])
    assert other.post(revoke).status_code == 404, "another user's token is not theirs to see"
    client.post(revoke)
    token.refresh_from_db()
    assert token.revoked_at is not None
    refused = Client().get(
        "/api/v1/schools/alpha/evidence/", headers={"Authorization": f"Bearer {raw}"}
    )
    assert refused.status_code == 401
