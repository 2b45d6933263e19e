"""The storage backends the file tests run against: the local folder and an S3-compatible
endpoint (moto's server, over real HTTP on a free local port: ``s3_endpoint`` in the root
conftest)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.storage import storages

from conftest import BUCKET


@pytest.fixture(params=["local", "s3"])
def blob_backend(request: pytest.FixtureRequest, settings: object, _media_root: Path) -> str:
    if request.param == "s3":
        endpoint = request.getfixturevalue("s3_endpoint")
        settings.STORAGES = {  # type: ignore[attr-defined]
            "default": {
                "BACKEND": "storages.backends.s3.S3Storage",
                "OPTIONS": {
                    "bucket_name": BUCKET,
                    "endpoint_url": endpoint,
                    "access_key": "hezuo",
                    "secret_key": "hezuo-secret",
                    "region_name": "us-east-1",
                    "file_overwrite": True,
                    "default_acl": None,
                    "signature_version": "s3v4",
                },
            },
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
    storages._storages.clear()  # type: ignore[attr-defined]
    return str(request.param)
