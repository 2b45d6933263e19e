"""Where the web UI shows each kind of record: registered with ``hezuo.core.links`` when Django
starts, so domain code can give a record's address without naming the web's URLs."""

from __future__ import annotations

from django.db import models
from django.urls import reverse

from hezuo.core.models import School


def page_path(school: School, target: models.Model | type[models.Model]) -> str:
    """The path of a record's detail page, or of the list of a kind of record; "" for a kind
    the web UI has no pages for."""
    # Registered when Django starts; the record kinds (every domain app) load when first asked.
    from hezuo.records.table import kind_of

    table = kind_of(target if isinstance(target, type) else type(target))
    if table is None:
        return ""
    if isinstance(target, type):
        return reverse("web:list", kwargs={"school": school.slug, "resource": table.kind})
    return reverse(
        "web:detail", kwargs={"school": school.slug, "resource": table.kind, "pk": target.pk}
    )
