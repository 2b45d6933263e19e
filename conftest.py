"""Fixtures shared by the whole suite. The database every test starts from (the personas of
tests/personas.py and the two demo schools) is built once per test session: tests/baseline.py."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytest_django import DjangoDbBlocker

from hezuo.core.models import School
from tests import baseline
from tests.personas import Personas


@pytest.fixture(autouse=True, scope="session")
def _fast_password_hashing() -> None:
    """Tests create many users; a deliberately slow hash would only slow the suite."""
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session")
def django_db_setup(
    django_db_setup: None,
    django_db_blocker: DjangoDbBlocker,
    _fast_password_hashing: None,
) -> None:
    """pytest-django's test database, migrated, with the baseline committed in it."""
    with django_db_blocker.unblock():
        baseline.build_baseline()


def _commits(request: pytest.FixtureRequest) -> bool:
    marker = request.node.get_closest_marker("django_db")
    if marker is not None and (marker.kwargs.get("transaction") or marker.args[:1] == (True,)):
        return True
    return bool({"transactional_db", "live_server"} & set(request.fixturenames))


@pytest.fixture(autouse=True)
def _committed_tests_start_empty(request: pytest.FixtureRequest) -> None:
    """A test whose writes are committed starts from an empty database, as Django's
    TransactionTestCase expects (it empties the tables again when it ends)."""
    if _commits(request):
        request.getfixturevalue("transactional_db")
        baseline.empty_database()


@pytest.fixture(autouse=True)
def _media_root(tmp_path_factory: pytest.TempPathFactory, settings: object) -> Iterator[Path]:
    """Each test stores files in a folder of its own, never in the project's var/."""
    from django.core.files.storage import storages

    root = tmp_path_factory.mktemp("media")
    settings.MEDIA_ROOT = root  # type: ignore[attr-defined]
    settings.HEZUO_CACHE_DIR = tmp_path_factory.mktemp("cache")  # type: ignore[attr-defined]
    storages._storages.clear()  # type: ignore[attr-defined]  # cached with the old root
    yield root
    storages._storages.clear()  # type: ignore[attr-defined]


@pytest.fixture(autouse=True)
def _default_language() -> None:
    """Each test starts in the default language (Chinese), whatever an earlier test's request
    switched to."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)


BUCKET = "hezuo-evidence"  # the bucket s3_endpoint makes


@pytest.fixture(scope="session")
def s3_endpoint() -> Iterator[str]:
    """An S3-compatible endpoint (moto's server, over real HTTP on a free local port) with
    the bucket ``BUCKET``."""
    import boto3
    from moto.moto_server.threaded_moto_server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    boto3.client(
        "s3",
        endpoint_url=endpoint,
        aws_access_key_id="hezuo",
        aws_secret_access_key="hezuo-secret",
        region_name="us-east-1",
    ).create_bucket(Bucket=BUCKET)
    yield endpoint
    server.stop()


@pytest.fixture
def personas(db: None) -> Personas:
    return baseline.personas()


@pytest.fixture
def demo(db: None) -> list[School]:
    """The two demo schools of ``hezuo load_demo``."""
    return baseline.demo()
