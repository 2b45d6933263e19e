"""Stored bytes, on the local folder and on S3 alike: put once under their hash, read back
whole, never overwritten, and a crash between bytes and row leaves nothing that is served."""

from __future__ import annotations

import hashlib
import time
from pathlib import Path
from unittest import mock

import pytest
from django.core.files.storage import FileSystemStorage

from hezuo.files import services
from hezuo.files.models import StoredFile, blob_key
from hezuo.files.services import stored_file_save
from hezuo.files.storage import (
    StoreUnavailable,
    blob_exists,
    blob_path,
    blob_put,
    blob_put_file,
    blob_read,
    blob_storage,
)
from tests import samples
from tests.personas import Personas


def test_the_backend_is_the_one_asked_for(blob_backend: str) -> None:
    is_local = isinstance(blob_storage(), FileSystemStorage)
    assert is_local == (blob_backend == "local")


def test_bytes_come_back_whole_under_their_hash(personas: Personas, blob_backend: str) -> None:
    data = samples.pdf("round trip", pages=3)
    stored = stored_file_save(access=personas.access(personas.alice), name="a.pdf", data=data)
    assert stored.sha256 == hashlib.sha256(data).hexdigest()
    assert blob_exists(stored.storage_key)
    assert blob_read(stored.storage_key) == data


def test_the_same_bytes_are_one_blob_and_one_row(personas: Personas, blob_backend: str) -> None:
    access = personas.access(personas.alice)
    data = samples.image("JPEG")
    first = stored_file_save(access=access, name="一.jpg", data=data)
    second = stored_file_save(access=access, name="二.jpg", data=data)
    assert first.pk == second.pk
    assert StoredFile.objects.count() == 1
    assert first.original_name == "一.jpg"


def test_an_existing_blob_is_never_overwritten(blob_backend: str) -> None:
    key = blob_key("ab" * 32)
    blob_put(key, b"first bytes")
    blob_put(key, b"other bytes")
    assert blob_read(key) == b"first bytes"


def test_putting_the_same_bytes_again_touches_the_blob(blob_backend: str) -> None:
    """So the orphan cleanup, which removes only blobs untouched since it looked, leaves alone a
    blob an upload is about to refer to again (hezuo.files.orphans)."""
    key = blob_key("ef" * 32)
    blob_put(key, b"same bytes")
    first = blob_storage().get_modified_time(key)
    time.sleep(1.1)  # object stores keep whole seconds
    blob_put(key, b"same bytes")
    assert blob_storage().get_modified_time(key) > first
    assert blob_read(key) == b"same bytes"


def test_a_crash_between_bytes_and_row_leaves_no_row_and_nothing_served(
    personas: Personas, blob_backend: str
) -> None:
    data = samples.pdf("crash")
    with (
        mock.patch.object(services, "create_audited", side_effect=RuntimeError("power cut")),
        pytest.raises(RuntimeError, match="power cut"),
    ):
        stored_file_save(access=personas.access(personas.alice), name="a.pdf", data=data)
    assert not StoredFile.objects.exists(), "no row without its file"
    # The bytes may remain, but nothing serves a blob that has no row; a retry reuses them.
    stored = stored_file_save(access=personas.access(personas.alice), name="a.pdf", data=data)
    assert blob_read(stored.storage_key) == data


def test_a_crash_while_writing_leaves_no_half_blob_under_the_real_name(
    blob_backend: str,
) -> None:
    key = blob_key("cd" * 32)
    if blob_backend == "local":
        with (
            mock.patch("os.fsync", side_effect=OSError("disk full")),
            pytest.raises(StoreUnavailable, match="disk full"),
        ):
            blob_put(key, b"half")
        root = Path(blob_storage().path(""))
        assert not blob_exists(key)
        assert not [path for path in root.rglob("*") if path.is_file()], "no temporary left"
    else:
        with (
            mock.patch("storages.backends.s3.S3Storage._save", side_effect=OSError("reset")),
            pytest.raises(StoreUnavailable, match="reset"),
        ):
            blob_put(key, b"half")
        assert not blob_exists(key)


def test_a_blob_is_at_a_local_path_for_tools_that_read_files(
    blob_backend: str, tmp_path: Path
) -> None:
    blob_put("blobs/aa/bb/path-test", b"%PDF-1.7 bytes for qpdf")
    path = blob_path("blobs/aa/bb/path-test", tmp_path)
    assert path.read_bytes() == b"%PDF-1.7 bytes for qpdf"
    # A local folder gives the file itself; an object store a copy in the caller's folder.
    assert (path.parent == tmp_path) == (blob_backend == "s3")
    with pytest.raises(FileNotFoundError):
        blob_path("blobs/aa/bb/never-stored", tmp_path)


def test_a_file_is_put_streamed_and_comes_back_whole(blob_backend: str, tmp_path: Path) -> None:
    data = samples.pdf("generated binder", pages=3)
    source = tmp_path / "binder.pdf"
    source.write_bytes(data)
    key = blob_key(hashlib.sha256(data).hexdigest())
    blob_put_file(key, source)
    assert blob_read(key) == data
    source.write_bytes(b"changed")  # an existing key is never overwritten
    blob_put_file(key, source)
    assert blob_read(key) == data
