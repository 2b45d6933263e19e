"""A stored file as an HTTP response, the one way the web pages and the API send files."""

from __future__ import annotations

from django.http import FileResponse

from hezuo.files.models import StoredFile
from hezuo.files.storage import blob_open


def stored_file_response(stored: StoredFile, *, inline: bool = False) -> FileResponse:
    """The file's bytes under its original name: an attachment unless ``inline`` (which callers
    use for PDFs only), never sniffed by the browser, never cached by a shared cache."""
    response = FileResponse(
        blob_open(stored.storage_key),
        as_attachment=not inline,
        filename=stored.original_name,
        content_type=stored.file_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=0, must-revalidate"
    return response
