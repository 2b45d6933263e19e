"""Schemathesis generates requests from the API's OpenAPI description and calls every operation
in-process: no response may be a server error or differ from what the description promises —
for an office admin of the school in the path and for an outsider of another school."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from config.wsgi import application
from hezuo.accounts.access import access_for
from hezuo.accounts.models import User
from hezuo.accounts.services import api_token_create
from hezuo.api.api import api
from hezuo.core.models import School
from hezuo.demo.torch import SLUG as SCHOOL

# The description as the API gives it to a caller (it is not served to the signed-out).
schema = schemathesis.openapi.from_dict(api.get_openapi_schema())
schema.app = application
# An outsider is refused before any body or parameter is read (the school in the path is not
# theirs): their requests are generated, but not every boundary of every field.
outsiders = schemathesis.openapi.from_dict(
    schema.raw_schema,
    config=SchemathesisConfig.from_dict({"phases": {"coverage": {"enabled": False}}}),
)
outsiders.app = application
CHECKS = [
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
    content_type_conformance,
]
# Every operation's coverage phase (every value the description names, every boundary, each
# field missing or of a wrong type) is run in full; random cases add this many more.
SETTINGS = settings(
    max_examples=10,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture(autouse=True)
def _keep_the_tests_connection() -> Iterator[None]:
    """The requests go straight to the WSGI application, whose end-of-request signal would close
    the database connection the test's transaction lives in (Django's test client unhooks it the
    same way)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def tokens(demo: list[School]) -> dict[str, str]:
    """The office admin of 中山火炬 (whose records are in the paths) and of 龙岗, an outsider
    to them."""

    def token(username: str, school: School) -> str:
        user = User.objects.get(username=username)
        return api_token_create(access=access_for(user=user, school=school), name="接口测试")[1]

    torch, longgang = demo
    return {"office": token("torch-admin", torch), "outsider": token("longgang-admin", longgang)}


@pytest.mark.django_db
@schema.parametrize()
@SETTINGS
def test_the_api_keeps_its_description_for_the_office(
    case: schemathesis.Case[Any], tokens: dict[str, str]
) -> None:
    if "school" in case.path_parameters:
        case.path_parameters["school"] = SCHOOL
    case.call_and_validate(headers={"Authorization": f"Bearer {tokens['office']}"}, checks=CHECKS)


@pytest.mark.django_db
@outsiders.parametrize()
@SETTINGS
def test_the_api_keeps_its_description_for_an_outsider(
    case: schemathesis.Case[Any], tokens: dict[str, str]
) -> None:
    if "school" in case.path_parameters:
        case.path_parameters["school"] = SCHOOL
    case.call_and_validate(headers={"Authorization": f"Bearer {tokens['outsider']}"}, checks=CHECKS)
