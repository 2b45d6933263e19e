"""Fixtures shared by the whole suite; the personas are described in tests/personas.py."""

from __future__ import annotations

from pathlib import Path

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


@pytest.fixture(autouse=True)
def _media_root(tmp_path_factory: pytest.TempPathFactory, settings: object) -> Path:
    """Each test stores files in a folder of its own, never in the project's var/."""
    from django.core.files.storage import storages

    root = tmp_path_factory.mktemp("media")
    settings.MEDIA_ROOT = root  # type: ignore[attr-defined]
    storages._storages.clear()  # type: ignore[attr-defined]  # cached with the old root
    return root
