"""A page that only reads writes nothing: the school a user is in is written to the session
only when it changes (a read-only replica can serve such pages)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.personas import Personas

WRITES = ("INSERT", "UPDATE", "DELETE")


def _writes(client: Client, page: str) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(page).status_code == 200
    return [
        q["sql"] for q in queries.captured_queries if q["sql"].lstrip().upper().startswith(WRITES)
    ]


@pytest.mark.parametrize("page", ["/s/alpha/partners/", "/s/alpha/agreements/"])
def test_reading_a_school_page_again_writes_nothing(personas: Personas, page: str) -> None:
    client = Client()
    client.force_login(personas.alice)
    first = _writes(client, page)
    assert any("django_session" in sql for sql in first), "the chosen school is remembered"
    assert client.session["school"] == "alpha"
    assert _writes(client, page) == []
