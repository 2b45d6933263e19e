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
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from config.wsgi import application
from hezuo.accounts.services import api_token_create
from tests.personas import Personas, build_personas
from tests.world import build_world

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
CHECKS = [
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
    content_type_conformance,
]
SETTINGS = settings(
    max_examples=30,
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
def tokens(db: None) -> Iterator[dict[str, str]]:
    """Alice (office admin of Alpha) and Oscar (of Beta), with Alpha's world to find."""
    personas: Personas = build_personas()
    build_world(personas)
    yield {
        "alice": api_token_create(access=personas.access(personas.alice), name="接口测试")[1],
        "oscar": api_token_create(
            access=personas.access(personas.oscar, personas.beta), name="接口测试"
        )[1],
    }


@pytest.mark.django_db
@schema.parametrize()
@SETTINGS
def test_the_api_keeps_its_description_for_the_office(
    case: schemathesis.Case[Any], tokens: dict[str, str]
) -> None:
    if "school" in case.path_parameters:
        case.path_parameters["school"] = "alpha"
    case.call_and_validate(headers={"Authorization": f"Bearer {tokens['alice']}"}, checks=CHECKS)


@pytest.mark.django_db
@schema.parametrize()
@SETTINGS
def test_the_api_keeps_its_description_for_an_outsider(
    case: schemathesis.Case[Any], tokens: dict[str, str]
) -> None:
    if "school" in case.path_parameters:
        case.path_parameters["school"] = "alpha"
    case.call_and_validate(headers={"Authorization": f"Bearer {tokens['oscar']}"}, checks=CHECKS)
