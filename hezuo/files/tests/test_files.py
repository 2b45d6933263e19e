"""Files: typed by their bytes, stored once under their hash, never half-written."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from hezuo.files.models import StoredFile, blob_key
from hezuo.files.services import stored_file_save
from hezuo.files.sniffing import FileType, sniff
from tests import samples
from tests.personas import Personas


def _zip(*names: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, "x")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"%PDF-1.7\n...", FileType.PDF),
        (b"\x89PNG\r\n\x1a\n....", FileType.PNG),
        (b"\xff\xd8\xff\xe0....", FileType.JPEG),
        (b"II*\x00....", FileType.TIFF),
        (_zip("[Content_Types].xml", "word/document.xml"), FileType.DOCX),
        (_zip("[Content_Types].xml", "xl/workbook.xml"), FileType.XLSX),
        (_zip("[Content_Types].xml", "ppt/presentation.xml"), FileType.PPTX),
        (_zip("readme.txt"), FileType.UNKNOWN),
        (b"<html><script>alert(1)</script>%PDF-1.7", FileType.UNKNOWN),
        (b"#!/bin/sh\nrm -rf /", FileType.UNKNOWN),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "WordDocument".encode("utf-16-le"), FileType.DOC),
    ],
    ids=[
        "pdf",
        "png",
        "jpeg",
        "tiff",
        "docx",
        "xlsx",
        "pptx",
        "zip",
        "html-as-pdf",
        "script",
        "doc",
    ],
)
def test_the_type_comes_from_the_bytes(data: bytes, expected: FileType) -> None:
    assert sniff(data) == expected


def test_the_same_bytes_are_stored_once(personas: Personas, _media_root: Path) -> None:
    access = personas.access(personas.alice)
    data = samples.pdf("same")
    first = stored_file_save(access=access, name="方案.pdf", data=data)
    second = stored_file_save(access=access, name="副本.pdf", data=data)
    assert first.pk == second.pk
    assert StoredFile.objects.count() == 1
    assert (_media_root / blob_key(first.sha256)).read_bytes() == data
    assert first.page_count == 1
    assert not list(_media_root.rglob("*.part")), "no temporary file is left behind"


@pytest.mark.parametrize("name", ["../../etc/passwd.pdf", "..\\..\\windows\\passwd.pdf"])
def test_the_storage_key_never_comes_from_the_name(
    personas: Personas, _media_root: Path, name: str
) -> None:
    stored = stored_file_save(
        access=personas.access(personas.alice), name=name, data=samples.pdf("x")
    )
    assert stored.original_name == "passwd.pdf"
    assert stored.storage_key == f"blobs/{stored.sha256[:2]}/{stored.sha256[2:4]}/{stored.sha256}"
    assert all(path.is_relative_to(_media_root) for path in _media_root.rglob("*"))
