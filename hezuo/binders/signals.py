"""A processed file's PDF is measured for binders at once (``facts.py``), by the worker that
processed it, so that compiling a binder only reads what was measured."""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path
from typing import Any

from django.dispatch import receiver

from hezuo.files.models import StoredFile
from hezuo.files.signals import file_processed
from hezuo.files.storage import blob_path

logger = logging.getLogger(__name__)


@receiver(file_processed, dispatch_uid="binders-measure-pages")
def _measure_pages(sender: Any, stored_file: StoredFile, **kwargs: Any) -> None:
    pdf = stored_file.pdf_file
    if pdf is None or not pdf.page_count:
        return
    from hezuo.binders.facts import page_facts  # pikepdf and pdfium: loaded by the worker only

    try:
        with tempfile.TemporaryDirectory() as folder:
            page_facts(blob_path(pdf.storage_key, Path(folder)), pdf.sha256)
    except Exception:  # measuring is an optimisation: a binder measures what it lacks itself
        logger.warning("measuring the pages of stored file %s failed", pdf.pk, exc_info=True)
