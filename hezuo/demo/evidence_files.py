"""A file for each demo evidence item: a short Word document with the item's code, title and
what it stands for, so the demo shows files, their conversion (by the worker `hezuo demo`
starts) and full-text search. The seed documents name the evidence but do not contain it; these
files are illustrative stand-ins, marked as such in their text."""

from __future__ import annotations

import io

from docx import Document
from docx.oxml.ns import qn

from hezuo.accounts.access import Access
from hezuo.evidence.models import Evidence
from hezuo.evidence.services import evidence_files_upload


def _document(item: Evidence, school_name: str) -> bytes:
    document = Document()
    style = document.styles["Normal"]
    style.font.name = "宋体"
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "宋体")
    document.add_heading(f"{item.code} {item.title}", level=1)
    document.add_paragraph(f"{school_name} · {item.project.name} · 建设任务 {item.task.code}")
    if item.description:
        document.add_paragraph(item.description)
    document.add_paragraph("（演示数据：本文件由 hezuo 演示程序生成，代表该项佐证材料的原件。）")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def attach_demo_files(access: Access) -> int:
    """Give every evidence item of the school without files one document; returns how many."""
    attached = 0
    items = Evidence.objects.filter(school=access.school, file_links__isnull=True).select_related(
        "project", "task"
    )
    for item in items:
        links, problems = evidence_files_upload(
            access=access,
            evidence=item,
            uploads=[(f"{item.code} {item.title}.docx", _document(item, access.school.name))],
        )
        assert not problems, problems
        attached += len(links)
    return attached
