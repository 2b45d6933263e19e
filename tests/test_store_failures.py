"""A file store that cannot take files is named, in words, where the installation meets it: at
`hezuo upgrade`, at a demo load (which then loads nothing), and at an upload (which then keeps
nothing) — never as the storage library's traceback."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path
from unittest import mock

import pytest
from django.core.management import call_command

from conftest import BUCKET
from hezuo.core.models import School
from hezuo.demo.loader import DEMO_SCHOOLS
from hezuo.files.models import StoredFile
from hezuo.files.services import stored_file_save
from hezuo.files.storage import StoreUnavailable
from tests import samples
from tests.installation import HEZUO, environment
from tests.personas import Personas

MISSING = f"{BUCKET}-missing"


def _missing_bucket(s3_endpoint: str) -> dict[str, str]:
    return {
        "HEZUO_S3_BUCKET": MISSING,
        "HEZUO_S3_ENDPOINT_URL": s3_endpoint,
        "HEZUO_S3_ACCESS_KEY_ID": "hezuo",
        "HEZUO_S3_SECRET_ACCESS_KEY": "hezuo-secret",
    }


def _hezuo(env: dict[str, str], *arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*HEZUO, *arguments], env=env, capture_output=True, text=True)


def test_upgrade_and_the_demo_name_a_missing_bucket_and_load_nothing(
    tmp_path: Path, s3_endpoint: str
) -> None:
    env = environment(tmp_path, **_missing_bucket(s3_endpoint))
    upgraded = _hezuo(env, "upgrade")
    assert upgraded.returncode == 1
    assert f"存储桶“{MISSING}”不存在" in upgraded.stderr and "Traceback" not in upgraded.stderr

    assert _hezuo(env, "manage", "migrate", "--verbosity", "0").returncode == 0
    loaded = _hezuo(env, "load_demo")
    assert loaded.returncode != 0
    assert f"存储桶“{MISSING}”不存在" in loaded.stderr, loaded.stderr
    assert "Traceback" not in loaded.stderr
    counted = _hezuo(
        env,
        "manage",
        "shell",
        "-c",
        "from hezuo.core.models import School; print(School.objects.count())",
    )
    assert counted.stdout.strip().splitlines()[-1] == "0"


def test_a_demo_whose_files_fail_midway_leaves_no_school_behind(transactional_db: None) -> None:
    slugs = [demo.slug for demo in DEMO_SCHOOLS]
    assert not School.objects.filter(slug__in=slugs).exists()
    failing = mock.patch(
        "hezuo.demo.management.commands.load_demo.attach_demo_files",
        side_effect=StoreUnavailable("the store went away"),
    )
    with failing, pytest.raises(StoreUnavailable):
        call_command("load_demo")
    assert not School.objects.filter(slug__in=slugs).exists()


@pytest.fixture
def missing_bucket(settings: object, s3_endpoint: str) -> Iterator[None]:
    settings.STORAGES = {  # type: ignore[attr-defined]
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": MISSING,
                "endpoint_url": s3_endpoint,
                "access_key": "hezuo",
                "secret_key": "hezuo-secret",
                "region_name": "us-east-1",
            },
        },
        "staticfiles": {"BACKEND": "config.static.StaticFiles"},
    }
    yield


def test_an_upload_to_a_missing_bucket_is_refused_in_words_and_keeps_nothing(
    personas: Personas, missing_bucket: None
) -> None:
    before = StoredFile.objects.count()
    with pytest.raises(StoreUnavailable) as refused:
        stored_file_save(
            access=personas.access(personas.alice), name="邀请函.pdf", data=samples.pdf("x")
        )
    assert f"存储桶“{MISSING}”不存在" in refused.value.message
    assert StoredFile.objects.count() == before
