"""Every page of a school, for every role and for nobody, generated from the URL configuration:
a page added later is in the matrix without a line here. Signed out, each sends to the sign-in;
the office admin of another school finds nothing (404 or 403), whatever record the address
names; no role meets a server error; viewers and experts get no form that writes records
(pages that only act are asked by POST, as their buttons do). The
API's operations are called the same way by schemathesis (hezuo/api/tests/test_openapi.py)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import models
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from hezuo.accounts.models import ApiToken, User
from hezuo.activities.models import Activity
from hezuo.binders.models import Binder, BinderShare
from hezuo.construction.models import ConstructionProject, TaskPoint
from hezuo.evidence.models import Evidence, EvidenceFile, EvidenceImport
from hezuo.exports.models import ListExport
from hezuo.files.models import StoredFile
from hezuo.imports.models import ImportRun
from hezuo.records.table import KINDS
from hezuo.reports.models import Report, ReportTemplate
from tests.personas import Personas
from tests.world import World, build_world

ROLES = ("alice", "lily", "tom", "rita", "victor", "eve")
READ_ONLY = ("victor", "eve")
WRITING_FORMS = ("web:create", "web:edit", "web:delete", "web:import")
# The record an address's number names, by the page's name (its first word after "web:").
NUMBERED: dict[str, type[models.Model]] = {
    "participations": Activity,
    "project": ConstructionProject,
    "evidence-numbering": ConstructionProject,
    "binders": ConstructionProject,
    "evidence-import": ConstructionProject,
    "point-status": TaskPoint,
    "api-token-revoke": ApiToken,
    "binder": Binder,
    "binder-share-revoke": BinderShare,
    "import-run": ImportRun,
    "list-export": ListExport,
    "report": Report,
    "report-template-download": ReportTemplate,
    "evidence-import-run": EvidenceImport,
    "evidence": Evidence,
}


def _walk(patterns: list[Any], prefix: str = "", space: str = "") -> Iterator[tuple[str, str]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{pattern.namespace}:" if pattern.namespace else space
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield prefix + str(pattern.pattern), space + pattern.name


SCHOOL_PAGES = sorted(
    (route, name)
    for route, name in _walk(get_resolver().url_patterns)
    if route.startswith("s/<slug:school>/")
)


def _record(model: type[models.Model], world: World) -> int:
    found = model._default_manager.filter(school=world.access.school).order_by("pk").first()
    return int(found.pk) if found is not None else 999_999


def _numbered(name: str, world: World) -> int:
    short = name.removeprefix("web:")
    for stem in sorted(NUMBERED, key=len, reverse=True):
        if short == stem or short.startswith(f"{stem}-"):
            return _record(NUMBERED[stem], world)
    return 999_999


def _addresses(route: str, name: str, world: World) -> list[str]:
    """The route with Alpha's school and records in it (each kind of record, for a page of
    any kind)."""
    resources = [str(kind.kind) for kind in KINDS.values()] if "<slug:resource>" in route else [""]
    found = []
    for resource in resources:
        address = route.replace("<slug:school>", "alpha")
        if resource:
            address = address.replace("<slug:resource>", resource)
            model = KINDS[next(k for k in KINDS if str(k) == resource)].model
            address = address.replace("<int:pk>", str(_record(model, world)))
        address = address.replace("<int:pk>", str(_numbered(name, world)))
        address = address.replace("<int:link>", str(_record(EvidenceFile, world)))
        address = address.replace("<int:file>", str(_record(StoredFile, world)))
        address = address.replace("<slug:code>", world.definition.code)
        address = address.replace("<slug:kind>", "annual")
        assert "<" not in address, f"{name}: a part of {route} the matrix cannot fill"
        found.append("/" + address)
    return found


def test_the_matrix_covers_every_page_of_a_school() -> None:
    assert len(SCHOOL_PAGES) > 60
    assert {"web:dashboard", "web:list", "web:edit", "web:file-download"} <= {
        name for _route, name in SCHOOL_PAGES
    }


@pytest.mark.parametrize(("route", "name"), SCHOOL_PAGES, ids=[n for _r, n in SCHOOL_PAGES])
def test_each_page_for_each_role(personas: Personas, route: str, name: str) -> None:
    world = build_world(personas)
    addresses = _addresses(route, name, world)
    clients = {"nobody": Client(), "oscar": Client()}
    clients["oscar"].force_login(personas.oscar)
    for username in ROLES:
        clients[username] = Client()
        clients[username].force_login(User.objects.get(username=username))
    for address in addresses:
        # A page that only acts (cancel, retry, revoke …) is asked the way its form asks: POST.
        method = "post" if Client().get(address).status_code == 405 else "get"
        answers = {who: getattr(client, method)(address) for who, client in clients.items()}
        nobody = answers["nobody"]
        assert nobody.status_code == 302 and nobody["Location"].startswith("/accounts/login/"), (
            address,
            nobody.status_code,
        )
        assert answers["oscar"].status_code in (403, 404), (address, answers["oscar"].status_code)
        for who in ROLES:
            assert answers[who].status_code < 500, (address, who, answers[who].status_code)
        if name in WRITING_FORMS:
            for who in READ_ONLY:
                assert answers[who].status_code != 200, (address, who, "a form that writes")
