"""A stored file as an HTTP response, the one way the web pages and the API send files: from an
S3 bucket, a redirect to a link made for this one download (the caller has checked access, and
the request is logged, before it is made); from a local folder, the bytes themselves."""

from __future__ import annotations

from django.http import FileResponse, HttpResponseRedirect

from hezuo.files.models import StoredFile
from hezuo.files.storage import blob_download_url, blob_open


def stored_file_response(
    stored: StoredFile, *, inline: bool = False
) -> FileResponse | HttpResponseRedirect:
    """The file's bytes under its original name: an attachment unless ``inline`` (which callers
    use for PDFs only), never sniffed by the browser, never cached by a shared cache."""
    link = blob_download_url(
        stored.storage_key,
        filename=stored.original_name,
        content_type=stored.file_type,
        inline=inline,
    )
    if link is not None:
        redirect = HttpResponseRedirect(link)
        redirect["Cache-Control"] = "no-store"  # the link is for this download only
        return redirect
    response = FileResponse(
        blob_open(stored.storage_key),
        as_attachment=not inline,
        filename=stored.original_name,
        content_type=stored.file_type,
    )
    if not response.has_header("Content-Length"):  # a bucket's stream says nothing of its size
        response["Content-Length"] = str(stored.size)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=0, must-revalidate"
    return response
