"""Downloads: from an S3 bucket, a redirect to a link made for the one download (its name, type
and disposition set by the link, valid HEZUO_DOWNLOAD_LINK_SECONDS), after the access check;
from a local folder, the bytes through hezuo."""

from __future__ import annotations

import urllib.request
from email.message import Message
from typing import Any
from unittest import mock
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client
from django.urls import reverse
from storages.backends.s3 import S3Storage

from hezuo.binders.tests.records import compiled_binder
from hezuo.files.services import stored_file_save
from tests import samples
from tests.personas import Personas

pytestmark = pytest.mark.django_db


def _fetch(url: str) -> tuple[bytes, Message]:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read(), response.headers


def test_a_file_is_downloaded_from_the_bucket_by_a_short_lived_link(
    personas: Personas, blob_backend: str, settings: Any
) -> None:
    settings.HEZUO_DOWNLOAD_LINK_SECONDS = 120
    data = samples.pdf("direct download")
    stored = stored_file_save(access=personas.access(personas.alice), name="邀请函.pdf", data=data)
    client = Client()
    client.force_login(personas.alice)
    url = reverse("web:file-download", args=["alpha", stored.pk])

    response = client.get(url)

    if blob_backend == "local":
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == data  # type: ignore[attr-defined]
        return
    assert response.status_code == 302 and response["Cache-Control"] == "no-store"
    link = response["Location"]
    query = parse_qs(urlsplit(link).query)
    assert query["X-Amz-Expires"] == ["120"] and "X-Amz-Signature" in query
    body, headers = _fetch(link)
    assert body == data
    assert headers["Content-Type"] == "application/pdf"
    assert headers["Content-Disposition"].startswith("attachment")
    assert "%E9%82%80%E8%AF%B7%E5%87%BD.pdf" in headers["Content-Disposition"]  # 邀请函.pdf

    outsider = Client()
    outsider.force_login(personas.oscar)
    assert outsider.get(url).status_code == 404, "another school's user gets no link"


def test_a_binder_is_downloaded_from_the_bucket_and_turned_off_it_goes_through_hezuo(
    personas: Personas, blob_backend: str, settings: Any
) -> None:
    binder = compiled_binder(personas)
    client = Client()
    client.force_login(personas.alice)
    url = reverse("web:binder-download", args=["alpha", binder.pk])
    response = client.get(url)
    assert response.status_code == (302 if blob_backend == "s3" else 200)
    if blob_backend == "s3":
        body, _headers = _fetch(response["Location"])
        assert body.startswith(b"%PDF")
    settings.HEZUO_S3_DIRECT_DOWNLOADS = False
    # From the bucket, the object's own body, read as it is sent: never django-storages' file,
    # which reads the whole object first.
    with mock.patch.object(S3Storage, "_open", side_effect=AssertionError("read whole")):
        streamed = client.get(url)
    assert streamed.status_code == 200
    content = b"".join(streamed.streaming_content)  # type: ignore[attr-defined]
    assert content.startswith(b"%PDF") and int(streamed["Content-Length"]) == len(content)


@pytest.mark.parametrize("blob_backend", ["s3"], indirect=True)
def test_the_link_is_on_the_address_the_browsers_reach_the_bucket_at(
    personas: Personas, blob_backend: str, settings: Any, s3_endpoint: str
) -> None:
    public = s3_endpoint.replace("127.0.0.1", "localhost")
    settings.HEZUO_S3_PUBLIC_ENDPOINT_URL = public
    data = samples.pdf("public address")
    stored = stored_file_save(access=personas.access(personas.alice), name="a.pdf", data=data)
    client = Client()
    client.force_login(personas.alice)
    response = client.get(reverse("web:file-download", args=["alpha", stored.pk]))
    assert response["Location"].startswith(f"{public}/")
    assert _fetch(response["Location"])[0] == data, "signed for the address it names"
