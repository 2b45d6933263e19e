"""The storage backends the file tests run against: the local folder and an S3-compatible
endpoint (moto's server, over real HTTP on a free local port)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import boto3
import pytest
from django.core.files.storage import storages
from moto.moto_server.threaded_moto_server import ThreadedMotoServer

BUCKET = "hezuo-evidence"


@pytest.fixture(scope="session")
def s3_endpoint() -> Iterator[str]:
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
                },
            },
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
    storages._storages.clear()  # type: ignore[attr-defined]
    return str(request.param)
