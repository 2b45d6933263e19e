"""Fixtures shared by the whole suite; the personas are described in tests/personas.py."""

from __future__ import annotations

import pytest

from tests.personas import Personas, build_personas


@pytest.fixture
def personas(db: None) -> Personas:
    return build_personas()


@pytest.fixture(autouse=True, scope="session")
def _fast_password_hashing() -> None:
    """Tests create many users; a deliberately slow hash would only slow the suite."""
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
