"""Background work on stored files, run by `hezuo worker`."""

from __future__ import annotations

from django_tasks import task

from hezuo.files.models import StoredFile


@task()
def process_stored_file(stored_file_id: int) -> str:
    """Make the PDF rendition, count the pages and extract the text of one stored file."""
    from hezuo.files.services import stored_file_process

    stored_file = StoredFile.objects.filter(pk=stored_file_id).first()
    if stored_file is None:  # the upload's transaction was rolled back after queueing
        return "gone"
    return str(stored_file_process(stored_file=stored_file).processing)
