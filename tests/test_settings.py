"""The environment is read strictly: a bad value stops start-up with a message naming it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.env import (
    database_from_url,
    env_bool,
    env_int,
    env_list,
    env_str,
    secret_key_file,
    storage_from_env,
)


def test_booleans_accept_the_usual_spellings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("X_FLAG", "yes")
    assert env_bool("X_FLAG", False) is True
    monkeypatch.setenv("X_FLAG", "0")
    assert env_bool("X_FLAG", True) is False


def test_a_bad_boolean_is_refused_by_name(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("X_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="X_FLAG='maybe'"):
        env_bool("X_FLAG", False)


def test_a_bad_integer_is_refused_by_name(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("X_COUNT", "eight")
    with pytest.raises(ImproperlyConfigured, match="X_COUNT"):
        env_int("X_COUNT", 8)
    monkeypatch.setenv("X_COUNT", "0")
    with pytest.raises(ImproperlyConfigured, match="at least 1"):
        env_int("X_COUNT", 8, minimum=1)


def test_postgresql_urls_are_read_in_full() -> None:
    database = database_from_url("postgres://hezuo:p%40ss@db.local:5433/hezuo?sslmode=require")
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert (database["NAME"], database["USER"], database["PASSWORD"]) == ("hezuo", "hezuo", "p@ss")
    assert (database["HOST"], database["PORT"]) == ("db.local", "5433")
    assert database["OPTIONS"] == {"sslmode": "require"}


def test_sqlite_urls_get_the_concurrency_settings() -> None:
    database = database_from_url("sqlite:////var/lib/hezuo/db.sqlite3")
    assert database["NAME"] == "/var/lib/hezuo/db.sqlite3"
    assert database["OPTIONS"] == {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-65536;"
        ),
    }


def test_an_unknown_database_is_refused() -> None:
    with pytest.raises(ImproperlyConfigured, match="mysql"):
        database_from_url("mysql://root@localhost/hezuo")


def test_the_secret_key_is_made_once_and_kept(tmp_path: Path) -> None:
    path = tmp_path / "secret_key"
    first = secret_key_file(path)
    assert len(first) >= 50
    assert secret_key_file(path) == first
    assert path.stat().st_mode & 0o777 == 0o600


def test_an_empty_value_means_the_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("X_PATH", "")
    monkeypatch.setenv("X_HOSTS", " ")
    assert env_str("X_PATH", "/srv/hezuo") == "/srv/hezuo"
    assert env_list("X_HOSTS", ["localhost"]) == ["localhost"]
    monkeypatch.setenv("X_COUNT", "")
    assert env_int("X_COUNT", 200) == 200


def test_files_go_to_a_local_folder_unless_a_bucket_is_named(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("HEZUO_S3_BUCKET", raising=False)
    assert storage_from_env()["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    monkeypatch.setenv("HEZUO_S3_BUCKET", "evidence")
    monkeypatch.setenv("HEZUO_S3_ENDPOINT_URL", "http://127.0.0.1:9000")
    storage = storage_from_env()
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    assert storage["OPTIONS"] == {
        "bucket_name": "evidence",
        "region_name": "us-east-1",
        "file_overwrite": True,
        "default_acl": None,
        "querystring_auth": True,
        "signature_version": "s3v4",
        "endpoint_url": "http://127.0.0.1:9000",
    }
    monkeypatch.setenv("HEZUO_S3_ENDPOINT_URL", "minio:9000")
    with pytest.raises(ImproperlyConfigured, match="HEZUO_S3_ENDPOINT_URL"):
        storage_from_env()


def test_every_variable_the_settings_read_is_in_env_example() -> None:
    root = Path(__file__).resolve().parent.parent
    read = set(
        re.findall(
            r'env_\w+\(\s*"(HEZUO_\w+)"|trusted_networks\(\s*"(HEZUO_\w+)"',
            (root / "config" / "settings.py").read_text()
            + (root / "config" / "env.py").read_text(),
        )
    )
    names = {name for pair in read for name in pair if name}
    listed = set(re.findall(r"^(HEZUO_\w+)=", (root / ".env.example").read_text(), re.M))
    assert names and names <= listed, sorted(names - listed)
