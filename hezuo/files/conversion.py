"""Turning Office files and images into PDF, and counting pages. Pure of the database.

Office files go through LibreOffice headless. Each worker process has its own LibreOffice
profile (two processes sharing one lose output) and a fontconfig file that maps the fonts
Chinese documents name (宋体, 黑体 …) to the Noto CJK fonts. Images go through img2pdf, which
embeds JPEG bytes as they are."""

from __future__ import annotations

import io
import os
import shutil
import signal
import subprocess
import tempfile
import threading
from pathlib import Path

import img2pdf
import pypdfium2 as pdfium
from django.conf import settings
from django.utils.translation import gettext as _
from PIL import Image

from hezuo.files.sniffing import FileType

FONTCONFIG_FILE = Path(__file__).with_name("resources") / "fonts.conf"
EXTENSIONS = {
    FileType.DOCX: "docx",
    FileType.XLSX: "xlsx",
    FileType.PPTX: "pptx",
    FileType.DOC: "doc",
    FileType.XLS: "xls",
    FileType.PPT: "ppt",
}
OFFICE_TYPES = frozenset(EXTENSIONS)
IMAGE_TYPES = frozenset({FileType.JPEG, FileType.PNG, FileType.TIFF})

# One conversion at a time per process: the process's profile is used by one LibreOffice.
_profile_lock = threading.Lock()


class ConversionUnavailable(Exception):
    """The file could not be turned into a PDF; the message says why, for the user."""


def soffice_command() -> str | None:
    configured = str(getattr(settings, "HEZUO_SOFFICE", "") or "")
    if configured:
        return configured if Path(configured).exists() or shutil.which(configured) else None
    return shutil.which("soffice") or shutil.which("libreoffice")


def office_to_pdf(data: bytes, file_type: FileType) -> bytes:
    """The PDF LibreOffice makes of an Office file, or ConversionUnavailable with the reason."""
    command = soffice_command()
    if command is None:
        raise ConversionUnavailable(
            _("本机未安装 LibreOffice（soffice），Office 文件暂不能转换为 PDF。")
        )
    profile = Path(settings.VAR_DIR) / "libreoffice" / f"profile-{os.getpid()}"
    environment = {**os.environ, "FONTCONFIG_FILE": str(FONTCONFIG_FILE), "HOME": str(profile)}
    timeout = int(settings.HEZUO_CONVERSION_TIMEOUT)
    with _profile_lock, tempfile.TemporaryDirectory(prefix="hezuo-convert-") as work:
        source = Path(work) / f"source.{EXTENSIONS[file_type]}"
        source.write_bytes(data)
        profile.mkdir(parents=True, exist_ok=True)
        # LibreOffice starts helper processes of its own: it runs in a session of its own so
        # that a timeout stops all of them, not only the first.
        process = subprocess.Popen(
            [
                command,
                f"-env:UserInstallation={profile.resolve().as_uri()}",
                "--headless",
                "--norestore",
                "--nologo",
                "--convert-to",
                "pdf",
                "--outdir",
                work,
                str(source),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=environment,
            start_new_session=True,
        )
        try:
            _out, errors = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired as error:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            raise ConversionUnavailable(
                _("LibreOffice 在 %(seconds)s 秒内未能完成转换。") % {"seconds": timeout}
            ) from error
        target = source.with_suffix(".pdf")
        if process.returncode != 0 or not target.exists():
            lines = errors.decode(errors="replace").splitlines()
            detail = " ".join(line for line in lines if "javaldx" not in line).strip()[-300:]
            raise ConversionUnavailable(
                _("LibreOffice 未能转换该文件（%(detail)s）。")
                % {"detail": detail or _("没有输出")}
            )
        return target.read_bytes()


def image_to_pdf(data: bytes) -> bytes:
    """One page per image frame; images img2pdf cannot embed losslessly (alpha, palettes with
    transparency) are flattened onto white first."""
    try:
        return bytes(img2pdf.convert(data, rotation=img2pdf.Rotation.ifvalid))
    except (img2pdf.AlphaChannelError, img2pdf.ImageOpenError, ValueError):
        pass
    with Image.open(io.BytesIO(data)) as image:
        flattened = Image.new("RGB", image.size, "white")
        rgba = image.convert("RGBA")
        flattened.paste(rgba, mask=rgba.getchannel("A"))
        buffer = io.BytesIO()
        flattened.save(buffer, "PNG")
    return bytes(img2pdf.convert(buffer.getvalue()))


def pdf_page_count(data: bytes) -> int:
    document = pdfium.PdfDocument(data)
    try:
        return len(document)
    finally:
        document.close()
