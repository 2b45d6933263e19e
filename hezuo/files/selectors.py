"""Reads for stored files."""

from __future__ import annotations

from django.db.models import Exists, ForeignObjectRel, OuterRef, QuerySet

from hezuo.accounts.access import Access, Capability, scoped, scoped_get
from hezuo.files.models import StoredFile


def stored_file_get(*, access: Access, pk: object) -> StoredFile:
    """One of the school's stored files (with its PDF rendition loaded)."""
    return scoped_get(StoredFile.objects.select_related("pdf_rendition"), access=access, pk=pk)


def _references() -> list[ForeignObjectRel]:
    """Every relation that can point at a stored file: evidence links, agreements' texts,
    imports' workbooks, reports, binders, exports, templates, jobs, another file's PDF
    rendition — read from the models, so a relation added later counts too."""
    return [
        field
        for field in StoredFile._meta.get_fields(include_hidden=True)
        if isinstance(field, ForeignObjectRel) and (field.one_to_many or field.one_to_one)
    ]


def unused_files(*, access: Access) -> QuerySet[StoredFile]:
    """The school's stored files nothing refers to any more — a file removed from its evidence,
    say — newest first: the office admin may purge them (``stored_file_purge``)."""
    access.require(Capability.MANAGE_SCHOOL)
    rows = scoped(StoredFile.objects.all(), access=access)
    for relation in _references():
        model = relation.related_model
        assert not isinstance(model, str)
        users = model._default_manager.filter(**{relation.field.name: OuterRef("pk")})
        rows = rows.exclude(Exists(users))
    return rows.select_related("uploaded_by").order_by("-created_at", "-pk")
