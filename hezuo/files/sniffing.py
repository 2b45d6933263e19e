"""What a file is, read from its bytes (never from its name). Pure functions."""

from __future__ import annotations

import io
import zipfile

from django.db import models
from django.utils.translation import gettext_lazy as _


class FileType(models.TextChoices):
    PDF = "application/pdf", _("PDF 文档")
    DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document", _("Word 文档")
    XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", _("Excel 表格")
    PPTX = (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        _("PowerPoint 演示文稿"),
    )
    DOC = "application/msword", _("Word 97-2003 文档")
    XLS = "application/vnd.ms-excel", _("Excel 97-2003 表格")
    PPT = "application/vnd.ms-powerpoint", _("PowerPoint 97-2003 演示文稿")
    JPEG = "image/jpeg", _("JPEG 图片")
    PNG = "image/png", _("PNG 图片")
    TIFF = "image/tiff", _("TIFF 图片")
    UNKNOWN = "application/octet-stream", _("未知类型")


_OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_OOXML_PARTS = (("word/", FileType.DOCX), ("xl/", FileType.XLSX), ("ppt/", FileType.PPTX))
# Legacy Office files are all OLE containers; the stream that holds the content tells them apart.
_OLE_STREAMS = (
    (b"W\x00o\x00r\x00d\x00D\x00o\x00c\x00u\x00m\x00e\x00n\x00t", FileType.DOC),
    (b"W\x00o\x00r\x00k\x00b\x00o\x00o\x00k", FileType.XLS),
    (b"P\x00o\x00w\x00e\x00r\x00P\x00o\x00i\x00n\x00t", FileType.PPT),
)


def sniff(data: bytes) -> FileType:
    """The type of a whole file's bytes.

    A PDF must start with its signature within the first 1 KiB, as readers require; an HTML or
    script file renamed to .pdf does not, and is reported UNKNOWN.
    """
    head = data[:1024]
    if b"%PDF-" in head and head.lstrip(b"\x00\t\n\r\f ").startswith(b"%PDF-"):
        return FileType.PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return FileType.PNG
    if head.startswith(b"\xff\xd8\xff"):
        return FileType.JPEG
    if head.startswith((b"II*\x00", b"MM\x00*")):
        return FileType.TIFF
    if head.startswith(b"PK\x03\x04"):
        return _sniff_zip(data)
    if head.startswith(_OLE_SIGNATURE):
        for marker, file_type in _OLE_STREAMS:
            if marker in data:
                return file_type
    return FileType.UNKNOWN


def _sniff_zip(data: bytes) -> FileType:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
    except zipfile.BadZipFile:
        return FileType.UNKNOWN
    if "[Content_Types].xml" not in names:
        return FileType.UNKNOWN
    for prefix, file_type in _OOXML_PARTS:
        if any(name.startswith(prefix) for name in names):
            return file_type
    return FileType.UNKNOWN


_MARKUP_OPENINGS = (b"<!doctype", b"<html", b"<script", b"<?xml", b"<svg", b"<head", b"<body")
_MARKUP_ANYWHERE = (b"<script", b"<html", b"<iframe", b"javascript:")


def looks_like_markup_or_script(data: bytes) -> bool:
    """Whether bytes are a web page, an SVG or a script (what a browser or a shell would run)."""
    head = data[:2048].lstrip(b"\xef\xbb\xbf\x00\t\n\r\f ").lower()
    if head.startswith(b"#!") or head.startswith(_MARKUP_OPENINGS):
        return True
    return any(marker in head for marker in _MARKUP_ANYWHERE)
