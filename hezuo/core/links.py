"""The addresses of records' pages in hezuo.

Domain code names records (a report lists the records behind each figure, the search command
the evidence it found, the expiry digest the agreements to renew); the web interface serves
their pages, so it is the one that knows where they are. It registers its address builder when
Django starts (``hezuo.web.apps``), and domain code asks here, without naming the interface's
URLs. Where no interface registered a builder, or it has no page for a record, the address is
""."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.db import models

from hezuo.core.models import School

# (school, a record or a kind of record) -> the path of the record's page or of the list of
# that kind of record, or "" when there is none.
PathBuilder = Callable[[School, models.Model | type[models.Model]], str]

_builders: list[PathBuilder] = []


def register_paths(builder: PathBuilder) -> None:
    """Called once by the interface that serves the pages."""
    if builder not in _builders:
        _builders.append(builder)


def _path(school: School, target: models.Model | type[models.Model]) -> str:
    for builder in _builders:
        path = builder(school, target)
        if path:
            return path
    return ""


def _absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}" if path else ""


def record_url(school: School, record: models.Model) -> str:
    """The absolute address of ``record``'s page (``HEZUO_SITE_URL`` + its path), or ""."""
    return _absolute(_path(school, record))


def list_url(school: School, model: type[models.Model]) -> str:
    """The absolute address of the list of ``model``'s records in ``school``, or ""."""
    return _absolute(_path(school, model))
