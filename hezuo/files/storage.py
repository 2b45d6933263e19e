"""The bytes of stored files: put once under their content key, read back, never overwritten.

The backend is Django's default storage: a local folder (embedded default) or an S3-compatible
bucket through django-storages (see config.env.storage_from_env). Keys come from blob_key(),
i.e. from the content's hash, never from anything a user typed."""

from __future__ import annotations

import io
import os
import shutil
import uuid
from pathlib import Path
from typing import IO

from django.conf import settings
from django.core.files.base import File
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from storages.utils import clean_name

from hezuo.core.errors import HezuoError


def blob_storage() -> Storage:
    return storages["default"]


def blob_put(key: str, data: bytes) -> None:
    """Put ``data`` at ``key`` unless it is already there. Content addressing makes an existing
    blob with this key identical, so it is never overwritten."""
    _put(key, io.BytesIO(data))


def blob_put_file(key: str, path: Path) -> None:
    """Put the file at ``path`` at ``key`` unless it is already there, streamed rather than read
    into memory (a generated binder can be large)."""
    with path.open("rb") as source:
        _put(key, source)


class StoreUnavailable(HezuoError):
    """The file store cannot take the file now (a bucket that is missing or refuses, a full or
    read-only folder): said in words, never as the storage library's traceback."""


def _put(key: str, source: IO[bytes]) -> None:
    try:
        _put_into(blob_storage(), key, source)
    except Exception as error:
        if not isinstance(error, (OSError, *_s3_errors())):
            raise
        problem = store_problem()
        raise StoreUnavailable(
            problem or _("文件存储暂时不可用（%(error)s），请稍后再试。") % {"error": error}
        ) from error


def _s3_errors() -> tuple[type[Exception], ...]:
    """The errors of S3's client library, imported only where an error is being handled (an
    installation on a folder never loads the library)."""
    from botocore.exceptions import BotoCoreError, ClientError

    return BotoCoreError, ClientError


def _put_into(storage: Storage, key: str, source: IO[bytes]) -> None:
    if storage.exists(key):
        _touch(storage, key)
        return
    if isinstance(storage, FileSystemStorage):
        # Write beside the target and rename: a crash leaves a temporary file, never a
        # half-written blob under its real name.
        target = Path(storage.path(key))
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f".{target.name}.{uuid.uuid4().hex}.part")
        try:
            with temporary.open("wb") as handle:
                shutil.copyfileobj(source, handle, 1024 * 1024)
                handle.flush()
                os.fsync(handle.fileno())
            temporary.replace(target)
        finally:
            temporary.unlink(missing_ok=True)
        return
    # An object store publishes an object whole or not at all.
    saved = storage.save(key, File(source))
    if saved != key:  # pragma: no cover - a backend that renames would break content addressing
        raise RuntimeError(f"storage saved {key!r} as {saved!r}")


def _touch(storage: Storage, key: str) -> None:
    """Mark an existing blob as just used: the orphan cleanup (files.orphans) leaves alone what
    was touched after it looked, so a blob about to be referenced again is not removed."""
    if isinstance(storage, FileSystemStorage):
        os.utime(storage.path(key))
        return
    client = storage.connection.meta.client  # type: ignore[attr-defined]
    bucket = storage.bucket_name  # type: ignore[attr-defined]
    name = storage._normalize_name(clean_name(key))  # type: ignore[attr-defined]  # bucket key
    # Copying an object onto itself (with its metadata restated) renews its LastModified.
    client.copy_object(
        Bucket=bucket,
        Key=name,
        CopySource={"Bucket": bucket, "Key": name},
        MetadataDirective="REPLACE",
    )


def blob_open(key: str) -> IO[bytes]:
    """A binary stream of the blob's bytes, read as they come, never held whole in memory (the
    caller closes it); FileNotFoundError when the store has no such key. From a bucket it is
    the object's own body: django-storages' file would read the whole object first."""
    storage = blob_storage()
    if isinstance(storage, FileSystemStorage):
        return storage.open(key, "rb")
    client = storage.connection.meta.client  # type: ignore[attr-defined]
    try:
        response = client.get_object(
            Bucket=storage.bucket_name,  # type: ignore[attr-defined]
            Key=f"{bucket_prefix(storage)}{key}",
        )
    except client.exceptions.NoSuchKey:
        raise FileNotFoundError(key) from None
    body: IO[bytes] = response["Body"]
    return body


def bucket_prefix(storage: Storage) -> str:
    """The bucket's key prefix django-storages puts before every name ("" or "prefix/")."""
    location = str(getattr(storage, "location", "") or "").strip("/")
    return f"{location}/" if location else ""


def blob_download_url(key: str, *, filename: str, content_type: str, inline: bool) -> str | None:
    """A link to the blob in the bucket for one download (its name, type and disposition set
    by the link), valid HEZUO_DOWNLOAD_LINK_SECONDS; None where files are served by hezuo (a
    local folder, or direct downloads turned off)."""
    storage = blob_storage()
    if isinstance(storage, FileSystemStorage) or not settings.HEZUO_S3_DIRECT_DOWNLOADS:
        return None
    client = storage.connection.meta.client  # type: ignore[attr-defined]
    if settings.HEZUO_S3_PUBLIC_ENDPOINT_URL:
        import boto3

        client = boto3.session.Session().client(
            "s3",
            endpoint_url=settings.HEZUO_S3_PUBLIC_ENDPOINT_URL,
            aws_access_key_id=storage.access_key,  # type: ignore[attr-defined]
            aws_secret_access_key=storage.secret_key,  # type: ignore[attr-defined]
            region_name=storage.region_name,  # type: ignore[attr-defined]
            config=client.meta.config,
        )
    url: str = client.generate_presigned_url(
        "get_object",
        Params={
            "Bucket": storage.bucket_name,  # type: ignore[attr-defined]
            "Key": storage._normalize_name(clean_name(key)),  # type: ignore[attr-defined]
            "ResponseContentDisposition": content_disposition_header(not inline, filename),
            "ResponseContentType": content_type,
            "ResponseCacheControl": "private, max-age=0, must-revalidate",
        },
        ExpiresIn=settings.HEZUO_DOWNLOAD_LINK_SECONDS,
    )
    return url


def blob_read(key: str) -> bytes:
    with blob_open(key) as stream:
        return stream.read()


def blob_exists(key: str) -> bool:
    return bool(blob_storage().exists(key))


def blob_path(key: str, folder: Path) -> Path:
    """A local path holding the blob's bytes, for tools that read files (qpdf): the file itself
    in a local folder, otherwise a copy made in ``folder`` (which the caller removes)."""
    storage = blob_storage()
    if isinstance(storage, FileSystemStorage):
        path = Path(storage.path(key))
        if not path.is_file():
            raise FileNotFoundError(key)
        return path
    target = folder / key.replace("/", "_")
    if not target.exists():
        partial = target.with_name(f"{target.name}.part")
        with blob_open(key) as source, partial.open("wb") as copy:
            shutil.copyfileobj(source, copy, 1024 * 1024)
        partial.replace(target)
    return target


def store_problem() -> str:
    """Why stored files cannot be kept now ("" when they can): the local folder cannot be
    written, or the S3 bucket does not exist, refuses these keys, or cannot be reached."""
    storage = blob_storage()
    if isinstance(storage, FileSystemStorage):
        root = Path(storage.location)
        try:
            root.mkdir(parents=True, exist_ok=True)
            probe = root / f".probe-{uuid.uuid4().hex}"
            probe.write_bytes(b"")
            probe.unlink()
        except OSError as error:
            return _("文件夹 %(folder)s 不能写入（%(error)s）。") % {
                "folder": root,
                "error": error.strerror or error,
            }
        return ""
    bucket = str(getattr(storage, "bucket_name", ""))
    try:
        storage.connection.meta.client.head_bucket(Bucket=bucket)  # type: ignore[attr-defined]
    except Exception as error:  # botocore's errors: no such bucket, refused, unreachable
        code = str(getattr(error, "response", {}).get("Error", {}).get("Code", ""))
        if code in {"404", "NoSuchBucket"}:
            return _("存储桶“%(bucket)s”不存在：请先创建它，或改正 HEZUO_S3_BUCKET。") % {
                "bucket": bucket
            }
        if code in {"403", "AccessDenied"}:
            return _(
                "存储桶“%(bucket)s”拒绝访问：请检查 HEZUO_S3_ACCESS_KEY_ID 和 "
                "HEZUO_S3_SECRET_ACCESS_KEY。"
            ) % {"bucket": bucket}
        return _("存储桶“%(bucket)s”无法访问：%(error)s") % {"bucket": bucket, "error": error}
    return ""
