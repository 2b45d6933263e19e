"""How the API describes a file download (hezuo.files.responses): the bytes from a local
folder, or a redirect to a link to the S3 bucket made for this one download."""

from __future__ import annotations

from typing import Any

DOWNLOAD_RESPONSES: dict[int, Any] = {
    200: {"content": {"application/octet-stream": {"schema": {}}}},
    302: {
        "description": "With an S3 store: a redirect to a link to the file, valid for "
        "HEZUO_DOWNLOAD_LINK_SECONDS",
        "headers": {"Location": {"schema": {"type": "string", "format": "uri"}}},
    },
}
