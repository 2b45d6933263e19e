"""Every kind of bad upload is refused with its own message, and nothing is stored."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from django.test import override_settings
from django.utils import translation

from hezuo.core.errors import HezuoError
from hezuo.files.inspection import inspect_upload
from hezuo.files.models import StoredFile
from hezuo.files.services import stored_file_save
from hezuo.files.sniffing import FileType
from tests import samples
from tests.personas import Personas

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

BAD_UPLOADS: dict[str, tuple[str, Callable[[], bytes], str, str]] = {
    "empty": ("空.pdf", lambda: b"", "是空文件", "is empty"),
    "not allowed": ("notes.txt", lambda: "会议纪要".encode(), "不是允许的类型", "not an allowed"),
    "html as pdf": (
        "通知.pdf",
        lambda: b"<!DOCTYPE html><html><body><script>fetch('/')</script>%PDF-1.7",
        "网页或脚本",
        "web page or a script",
    ),
    "script as pdf": ("run.pdf", lambda: b"#!/bin/sh\ncurl x | sh\n", "网页或脚本", "script"),
    "svg as png": (
        "logo.png",
        lambda: b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
        "网页或脚本",
        "script",
    ),
    "encrypted pdf": ("密.pdf", lambda: samples.pdf("x", password="s3"), "打开密码", "password"),
    "corrupt pdf": ("坏.pdf", lambda: samples.pdf("x")[:300], "已损坏", "damaged"),
    "encrypted office": (
        "密.docx",
        lambda: _OLE + b"\x00" * 64 + "EncryptedPackage".encode("utf-16-le"),
        "加密的 Office",
        "encrypted Office",
    ),
    "corrupt office": (
        "坏.docx",
        lambda: samples.docx("正文")[:-200],
        "已损坏",
        "damaged",
    ),
    "zip bomb": (
        "炸弹.docx",
        lambda: samples.zip_archive(
            {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"\0" * (9 << 20)}
        ),
        "压缩炸弹",
        "zip bomb",
    ),
    "corrupt image": ("坏.png", lambda: samples.image("PNG")[:60], "已损坏", "damaged"),
}


@pytest.mark.parametrize("case", list(BAD_UPLOADS))
def test_a_bad_upload_is_refused_with_its_reason_in_both_languages(
    personas: Personas, _media_root: Path, case: str
) -> None:
    name, make, chinese, english = BAD_UPLOADS[case]
    data = make()
    with pytest.raises(HezuoError, match=chinese) as refused:
        stored_file_save(access=personas.access(personas.alice), name=name, data=data)
    assert name in str(refused.value)
    with translation.override("en"), pytest.raises(HezuoError, match=english):
        inspect_upload(name, data)
    assert StoredFile.objects.count() == 0
    assert not any(_media_root.rglob("*")), "no bytes are left behind"


def test_a_file_over_the_limit_is_refused(personas: Personas, _media_root: Path) -> None:
    with (
        override_settings(HEZUO_UPLOAD_MAX_MB=1),
        pytest.raises(HezuoError, match="超过了 1 MB 的上限"),
    ):
        stored_file_save(
            access=personas.access(personas.alice),
            name="大.png",
            data=samples.image("PNG", size=(1200, 1200)) + b"\0" * (1 << 20),
        )
    assert StoredFile.objects.count() == 0


def test_an_office_file_that_unpacks_past_the_budget_is_a_bomb() -> None:
    data = samples.zip_archive(
        {"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<w/>" * (600 << 10)}
    )
    assert inspect_upload("表.xlsx", data).file_type == FileType.XLSX
    with (
        override_settings(HEZUO_UPLOAD_MAX_UNPACKED_MB=2),
        pytest.raises(HezuoError, match="压缩炸弹"),
    ):
        inspect_upload("表.xlsx", data)


@pytest.mark.parametrize(
    ("make", "expected", "pages"),
    [
        (lambda: samples.pdf("a", pages=3), FileType.PDF, 3),
        (lambda: samples.docx("正文"), FileType.DOCX, None),
        (lambda: samples.xlsx(("国家", "人数"), ("爱尔兰", 3)), FileType.XLSX, None),
        (samples.pptx_shell, FileType.PPTX, None),
        (lambda: samples.image("PNG"), FileType.PNG, None),
        (lambda: samples.image("JPEG"), FileType.JPEG, None),
        (lambda: samples.image("TIFF"), FileType.TIFF, None),
    ],
    ids=["pdf", "docx", "xlsx", "pptx", "png", "jpeg", "tiff"],
)
def test_good_files_of_every_allowed_type_pass(
    make: Callable[[], bytes], expected: FileType, pages: int | None
) -> None:
    inspection = inspect_upload("file", make())
    assert (inspection.file_type, inspection.page_count) == (expected, pages)


def test_a_pdf_without_pages_after_an_encrypted_one_is_refused_for_what_it_is() -> None:
    """pdfium's last error is the process's: the reason is asked of qpdf, file by file."""
    import io

    import pikepdf

    with pytest.raises(HezuoError, match="设有打开密码"):
        inspect_upload("locked.pdf", samples.pdf("x", password="pw"))
    empty = io.BytesIO()
    pikepdf.new().save(empty)
    with pytest.raises(HezuoError, match="没有页面"):
        inspect_upload("empty.pdf", empty.getvalue())
    with pytest.raises(HezuoError, match="已损坏"):
        inspect_upload("torn.pdf", b"%PDF-1.7\n1 0 obj <<")


def test_junk_before_the_pdf_signature_within_a_kilobyte_is_read_as_readers_do() -> None:
    pdf = samples.pdf("GOOD", pages=2)
    assert inspect_upload("mailed.pdf", b"From scanner 2021-07-05\r\n" + b"\0" * 300 + pdf) == (
        inspect_upload("plain.pdf", pdf)
    )
    with pytest.raises(HezuoError, match="不是允许的类型"):
        inspect_upload("far.pdf", b"x" * 1100 + pdf)  # past the first kilobyte: not a PDF
