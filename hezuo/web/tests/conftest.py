"""Fixtures of the web tests."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from hezuo.accounts.models import User
from hezuo.core.models import School


@pytest.fixture
def client_of() -> Callable[[User], Client]:
    """A test client signed in as the given user."""

    def make(user: User) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return make


@pytest.fixture
def signed_in(demo: list[School]) -> Callable[[str], Client]:
    """A test client signed in as a demo user, by username."""

    def client_for(username: str) -> Client:
        client = Client()
        client.force_login(User.objects.get(username=username))
        return client

    return client_for
