"""Checking an upload before anything is stored: what it is (from its bytes), whether it is
allowed, and whether it can be opened. Every refusal is a HezuoError with a translated message
naming the file; nothing here writes anything."""

from __future__ import annotations

import io
import warnings
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
from django.conf import settings
from django.utils.translation import gettext as _
from PIL import Image

from hezuo.core.errors import HezuoError
from hezuo.core.plain import plain
from hezuo.files.sniffing import FileType, looks_like_markup_or_script, sniff

ALLOWED_TYPES = frozenset(FileType) - {FileType.UNKNOWN, FileType.ZIP}
OOXML_TYPES = frozenset({FileType.DOCX, FileType.XLSX, FileType.PPTX})
IMAGE_TYPES = frozenset({FileType.JPEG, FileType.PNG, FileType.TIFF})

_ENCRYPTED_OFFICE_MARKER = "EncryptedPackage".encode("utf-16-le")
_CHUNK = 1 << 20
# An Office file that unpacks to more than this many times its size, past a few megabytes,
# is built to exhaust whoever opens it.
_MAX_UNPACK_RATIO = 100
_RATIO_FLOOR = 8 << 20


@dataclass(frozen=True)
class Inspection:
    file_type: FileType
    page_count: int | None


def display_name(name: str) -> str:
    """The last part of a path typed on any system, without bidirectional controls (which
    would show "exe.pdf" as "fdp.exe"): kept for display, never used as a key."""
    return Path(plain(name).replace("\\", "/")).name.strip()[:255]


def upload_limit_bytes() -> int:
    return int(settings.HEZUO_UPLOAD_MAX_MB) * 1024 * 1024


def inspect_upload(name: str, data: bytes) -> Inspection:
    """The type and (for PDFs) page count of an upload, or a HezuoError saying why it is refused."""
    if not data:
        raise HezuoError(_("文件“%(name)s”是空文件。") % {"name": name})
    limit = upload_limit_bytes()
    if len(data) > limit:
        raise HezuoError(
            _("文件“%(name)s”有 %(size)s MB，超过了 %(limit)s MB 的上限。")
            % {
                "name": name,
                "size": f"{len(data) / 1024 / 1024:.1f}",
                "limit": settings.HEZUO_UPLOAD_MAX_MB,
            }
        )
    file_type = sniff(data)
    if file_type == FileType.UNKNOWN:
        raise HezuoError(_refusal_of_unknown(name, data))
    if file_type == FileType.PDF:
        return Inspection(file_type, _pdf_page_count(name, data))
    if file_type in OOXML_TYPES:
        _check_archive(name, data)
    elif file_type in IMAGE_TYPES:
        _check_image(name, data)
    return Inspection(file_type, None)


def _refusal_of_unknown(name: str, data: bytes) -> str:
    if looks_like_markup_or_script(data):
        return _("文件“%(name)s”的内容是网页或脚本，不是它的扩展名所说的文件，已拒收。") % {
            "name": name
        }
    if data.startswith(b"PK\x03\x04") and not zipfile.is_zipfile(io.BytesIO(data)):
        return _("Office 文件“%(name)s”已损坏，无法打开。") % {"name": name}
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" and _ENCRYPTED_OFFICE_MARKER in data:
        return _("文件“%(name)s”是加密的 Office 文件，请去掉密码后再上传。") % {"name": name}
    return _(
        "文件“%(name)s”不是允许的类型。允许的类型：PDF、Word、Excel、PowerPoint 文档及 "
        "JPG、PNG、TIFF 图片。"
    ) % {"name": name}


def _pdf_page_count(name: str, data: bytes) -> int:
    """The pages of an uploaded PDF. Why pdfium cannot open one is asked of qpdf: pdfium's
    last error is the process's, and may be an earlier file's."""
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        pages = _qpdf_page_count(name, data)  # raises the reason
        if pages:
            raise HezuoError(_("PDF 文件“%(name)s”已损坏，无法打开。") % {"name": name}) from error
    else:
        try:
            pages = len(document)
        finally:
            document.close()
    if pages == 0:
        raise HezuoError(_("PDF 文件“%(name)s”没有页面。") % {"name": name})
    return pages


def _qpdf_page_count(name: str, data: bytes) -> int:
    try:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            return len(pdf.pages)
    except pikepdf.PasswordError as error:
        raise HezuoError(
            _("PDF 文件“%(name)s”设有打开密码，请去掉密码后再上传。") % {"name": name}
        ) from error
    except (pikepdf.PdfError, ValueError, OSError) as error:
        raise HezuoError(_("PDF 文件“%(name)s”已损坏，无法打开。") % {"name": name}) from error


def _check_archive(name: str, data: bytes) -> None:
    """Unpack every part of an Office file against a budget: a zip bomb or a damaged file is
    refused here, before a converter or an extractor ever opens it."""
    budget = int(settings.HEZUO_UPLOAD_MAX_UNPACKED_MB) * 1024 * 1024
    bomb = HezuoError(
        _("Office 文件“%(name)s”解压后异常巨大（疑似压缩炸弹），已拒收。") % {"name": name}
    )
    unpacked = 0
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            if sum(member.file_size for member in members) > budget:
                raise bomb
            for member in members:
                with archive.open(member) as stream:
                    while chunk := stream.read(_CHUNK):
                        unpacked += len(chunk)
                        if unpacked > budget:
                            raise bomb
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError) as error:
        raise HezuoError(_("Office 文件“%(name)s”已损坏，无法打开。") % {"name": name}) from error
    if unpacked > _RATIO_FLOOR and unpacked > _MAX_UNPACK_RATIO * len(data):
        raise bomb


def _check_image(name: str, data: bytes) -> None:
    damaged = HezuoError(_("图片“%(name)s”已损坏，无法打开。") % {"name": name})
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                image.verify()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise HezuoError(
            _("图片“%(name)s”的像素过多（疑似解压炸弹），已拒收。") % {"name": name}
        ) from error
    except (OSError, SyntaxError, ValueError) as error:
        raise damaged from error
