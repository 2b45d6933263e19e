"""After upload, in the background: a PDF rendition (LibreOffice for Office files, img2pdf for
images), the page count and the text. Where conversion is impossible the file says why."""

from __future__ import annotations

import io
from pathlib import Path

import pikepdf
import pytest
from django.core.management import call_command
from django.test import override_settings
from django_tasks_db.models import DBTaskResult
from docx import Document
from docx.oxml.ns import qn

from hezuo.files.conversion import ConversionUnavailable, office_to_pdf
from hezuo.files.extraction import pdf_text
from hezuo.files.models import Processing, StoredFile
from hezuo.files.services import stored_file_process, stored_file_reprocess, stored_file_save
from hezuo.files.sniffing import FileType
from hezuo.files.storage import blob_read
from hezuo.files.tasks import process_stored_file
from tests import samples
from tests.office import soffice
from tests.personas import Personas


def _docx_in(font: str, *paragraphs: str) -> bytes:
    document = Document()
    for paragraph in paragraphs:
        run = document.add_paragraph().add_run(paragraph)
        run.font.name = font
        run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _fonts_of(pdf: bytes) -> set[str]:
    names = set()
    with pikepdf.open(io.BytesIO(pdf)) as document:
        for page in document.pages:
            for font in page.resources.get("/Font", {}).values():
                names.add(str(font.get("/BaseFont", "")))
    return names


def test_a_word_file_becomes_a_pdf_in_the_mapped_chinese_font(personas: Personas) -> None:
    soffice()
    access = personas.access(personas.alice)
    stored = stored_file_save(
        access=access,
        name="香港职业训练局到访.docx",
        data=_docx_in("宋体", "香港职业训练局到访交流", "Sligo 2021"),
    )
    processed = stored_file_process(stored_file=stored)
    assert processed.processing == Processing.READY
    rendition = processed.pdf_rendition
    assert rendition is not None and rendition.file_type == FileType.PDF
    assert rendition.original_name == "香港职业训练局到访.pdf"
    pdf = blob_read(rendition.storage_key)
    assert "香港职业训练局到访交流" in pdf_text(pdf)
    assert any("NotoSerifCJK" in font for font in _fonts_of(pdf)), _fonts_of(pdf)
    assert processed.page_count == rendition.page_count == 1
    assert "香港职业训练局到访交流" in processed.text
    assert processed.pdf_file == rendition


def test_a_spreadsheet_and_an_image_are_converted_and_read(personas: Personas) -> None:
    soffice()
    access = personas.access(personas.alice)
    sheet = stored_file_save(
        access=access, name="名单.xlsx", data=samples.xlsx(("姓名", "国家"), ("王芳", "爱尔兰"))
    )
    photo = stored_file_save(access=access, name="合影.png", data=samples.image("PNG"))
    sheet, photo = stored_file_process(stored_file=sheet), stored_file_process(stored_file=photo)
    assert "王芳 爱尔兰" in sheet.text
    assert sheet.processing == photo.processing == Processing.READY
    assert photo.page_count == 1 and photo.pdf_rendition is not None
    assert photo.text == ""


def test_a_pdf_keeps_its_own_bytes_and_gets_its_text(personas: Personas) -> None:
    stored = stored_file_save(
        access=personas.access(personas.alice),
        name="a.pdf",
        data=samples.pdf("Sligo visit", pages=2),
    )
    processed = stored_file_process(stored_file=stored)
    assert processed.pdf_rendition is None and processed.pdf_file == processed
    assert processed.page_count == 2
    assert "Sligo visit" in processed.text


def test_without_libreoffice_the_file_needs_conversion_and_says_why(
    personas: Personas,
) -> None:
    access = personas.access(personas.alice)
    stored = stored_file_save(access=access, name="方案.docx", data=samples.docx("交流方案"))
    with override_settings(HEZUO_SOFFICE="/nonexistent/soffice"):
        processed = stored_file_process(stored_file=stored)
    assert processed.processing == Processing.NEEDS_CONVERSION
    assert "未安装 LibreOffice" in processed.processing_note
    assert processed.pdf_rendition is None and processed.pdf_file is None
    assert "交流方案" in processed.text, "Word text is read even without LibreOffice"

    soffice()
    stored_file_reprocess(access=access, stored_file=processed)
    processed.refresh_from_db()
    assert (processed.processing, processed.processing_note) == (Processing.PENDING, "")
    assert stored_file_process(stored_file=processed).processing == Processing.READY


def test_a_file_libreoffice_cannot_open_needs_conversion_with_its_message(
    personas: Personas,
) -> None:
    soffice()
    stored = stored_file_save(
        access=personas.access(personas.alice), name="演示.pptx", data=samples.pptx_shell()
    )
    processed = stored_file_process(stored_file=stored)
    assert processed.processing == Processing.NEEDS_CONVERSION
    assert "LibreOffice 未能转换" in processed.processing_note


@pytest.mark.django_db(transaction=True)
def test_an_upload_is_processed_by_the_worker(personas: Personas) -> None:
    stored = stored_file_save(
        access=personas.access(personas.alice), name="照片.jpg", data=samples.image("JPEG")
    )
    queued = DBTaskResult.objects.get()
    assert queued.args_kwargs["args"] == [stored.pk]
    call_command(
        "db_worker", batch=True, queue_name="*", startup_delay=False, reload=False, verbosity=0
    )
    stored.refresh_from_db()
    assert stored.processing == Processing.READY
    assert stored.pdf_rendition is not None
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def test_a_task_for_a_file_that_is_gone_does_nothing(db: None) -> None:
    assert process_stored_file.call(stored_file_id=987654) == "gone"
    assert not StoredFile.objects.exists()


def test_a_conversion_that_hangs_is_stopped_with_every_process_it_started(
    tmp_path: Path,
) -> None:
    child_pid = tmp_path / "child.pid"
    hanging = tmp_path / "soffice"
    hanging.write_text(f"#!/bin/sh\nsleep 300 &\necho $! > {child_pid}\nwait\n")
    hanging.chmod(0o755)
    with (
        override_settings(HEZUO_SOFFICE=str(hanging), HEZUO_CONVERSION_TIMEOUT=1),
        pytest.raises(ConversionUnavailable, match="1 秒内未能完成"),
    ):
        office_to_pdf(samples.docx("挂起"), FileType.DOCX)
    status = Path(f"/proc/{child_pid.read_text().strip()}/status")
    assert not status.exists() or "State:\tZ" in status.read_text(), "the helper was stopped"


@pytest.mark.django_db(transaction=True)  # the conversion is queued once the upload commits
def test_a_file_kept_as_it_was_is_processed_once_it_is_uploaded(personas: Personas) -> None:
    """An import's workbook (kept without conversion) attached later as evidence is converted
    and read like any upload; a file already processed is not queued again."""
    from hezuo.files.services import stored_file_keep

    access = personas.access(personas.alice)
    data = samples.xlsx(("姓名",), ("王芳",))
    kept = stored_file_keep(
        school=access.school,
        name="导入.xlsx",
        data=data,
        file_type=FileType.XLSX,
        created_by=personas.alice,
    )
    assert kept.processing == Processing.READY and not DBTaskResult.objects.exists()
    uploaded = stored_file_save(access=access, name="名单.xlsx", data=data)
    assert uploaded.pk == kept.pk and uploaded.processing == Processing.PENDING
    assert DBTaskResult.objects.get().args_kwargs["args"] == [kept.pk]
    processed = stored_file_process(stored_file=uploaded)
    assert processed.pdf_rendition is not None and "王芳" in processed.text
    stored_file_save(access=access, name="名单.xlsx", data=data)
    assert DBTaskResult.objects.count() == 1, "a processed file is not queued again"
