"""The PDF renderer: the document as data, set by typst in the Noto CJK fonts."""

from __future__ import annotations

from pathlib import Path

from hezuo.files.typesetting import render_pdf
from hezuo.reports.document import Document, as_data

TEMPLATE = Path(__file__).resolve().parent.parent / "resources" / "report.typ"


def render_report_pdf(document: Document) -> bytes:
    return render_pdf(TEMPLATE, as_data(document))
