"""Fixtures of the web tests."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from hezuo.accounts.models import User


@pytest.fixture
def client_of() -> Callable[[User], Client]:
    """A test client signed in as the given user."""

    def make(user: User) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return make
