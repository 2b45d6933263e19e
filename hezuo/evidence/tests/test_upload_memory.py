"""Uploads cost the server what one file costs, and nothing for someone who may not upload: the
files are parsed to temporary files, the rights are checked before any is read, and they are
read one at a time; a request larger than any may be is refused before its body is read."""

from __future__ import annotations

import os
import tracemalloc
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.test.client import BOUNDARY, MULTIPART_CONTENT, ClientHandler

from hezuo.accounts.services import api_token_create
from hezuo.evidence.models import EvidenceFile
from tests.personas import Personas
from tests.world import World, build_world

MB = 1024 * 1024
SIZE = 24 * MB  # three of them: 72 MB, read at once; one: 24 MB


def _post(path: str, client: Client, folder: Path, headers: dict[str, str] | None = None) -> int:
    """POST three large files to ``path`` as a browser would, the body read from a file on
    disk by the server's handler (as from a socket), not held in memory by the test; the peak
    of the memory Python allocated while the server handled it is kept in ``PEAKS``."""
    body = folder / "body"
    with body.open("wb") as out:
        for n in range(3):
            out.write(
                f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="files"; '
                f'filename="file{n}.bin"\r\nContent-Type: application/octet-stream\r\n\r\n'.encode()
            )
            for _ in range(SIZE // MB):
                out.write(os.urandom(MB))
            out.write(b"\r\n")
        out.write(f"--{BOUNDARY}--\r\n".encode())
    cookie = "; ".join(f"{key}={morsel.value}" for key, morsel in client.cookies.items())
    with body.open("rb") as stream:
        environ = {
            "REQUEST_METHOD": "POST",
            "PATH_INFO": path,
            "SERVER_NAME": "testserver",
            "SERVER_PORT": "80",
            "wsgi.url_scheme": "http",
            "wsgi.input": stream,
            "CONTENT_TYPE": MULTIPART_CONTENT,
            "CONTENT_LENGTH": str(body.stat().st_size),
            "HTTP_COOKIE": cookie,
            **{
                f"HTTP_{key.upper().replace('-', '_')}": value
                for key, value in (headers or {}).items()
            },
        }
        handler = ClientHandler(enforce_csrf_checks=False)
        client.get(path.rsplit("files/", 1)[0])  # what a first request loads is not counted
        tracemalloc.start()
        try:
            response = handler(environ)
            PEAKS.append(tracemalloc.get_traced_memory()[1])
        finally:
            tracemalloc.stop()
    return int(response.status_code)


PEAKS: list[int] = []


@pytest.fixture
def world(personas: Personas) -> World:
    return build_world(personas)


def test_a_viewer_s_upload_reads_nothing(personas: Personas, world: World, tmp_path: Path) -> None:
    client = Client()
    client.force_login(personas.victor)
    PEAKS.clear()
    assert _post(f"/s/alpha/evidence/{world.evidence.pk}/files/", client, tmp_path) == 403
    token = api_token_create(access=personas.access(personas.victor), name="读")[1]
    api = f"/api/v1/schools/alpha/evidence/{world.evidence.pk}/files/"
    headers = {"Authorization": f"Bearer {token}"}
    assert _post(api, Client(), tmp_path, headers) == 403
    for peak in PEAKS:
        assert peak < SIZE, f"{peak / MB:.0f} MB for a refused upload"


def test_a_keeper_s_files_are_read_one_at_a_time(
    personas: Personas, world: World, tmp_path: Path
) -> None:
    client = Client()
    client.force_login(personas.tom)
    PEAKS.clear()
    assert _post(f"/s/alpha/evidence/{world.evidence.pk}/files/", client, tmp_path) == 302
    (peak,) = PEAKS
    assert SIZE < peak < 2.5 * SIZE, f"{peak / MB:.0f} MB: not one file at a time"
    assert not EvidenceFile.objects.filter(
        evidence=world.evidence, name__startswith="file"
    ).exists()


def test_a_request_larger_than_any_may_be_is_refused_unread(
    personas: Personas, world: World, settings: object
) -> None:
    settings.HEZUO_REQUEST_MAX_MB = 1  # type: ignore[attr-defined]
    client = Client()
    client.force_login(personas.tom)
    page = client.post(
        f"/s/alpha/evidence/{world.evidence.pk}/files/",
        {"files": [SimpleUploadedFile("a.pdf", b"%PDF" + b"0" * (2 * MB))]},
    )
    assert page.status_code == 413 and "1 MB" in page.content.decode()
    token = api_token_create(access=personas.access(personas.tom), name="写")[1]
    api = Client(headers={"Authorization": f"Bearer {token}"}).post(
        f"/api/v1/schools/alpha/evidence/{world.evidence.pk}/files/",
        {"files": [SimpleUploadedFile("a.pdf", b"%PDF" + b"0" * (2 * MB))]},
    )
    assert api.status_code == 413 and api.json()["code"] == "too_large"
