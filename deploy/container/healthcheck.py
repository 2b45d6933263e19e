"""The image's health check: ``GET /healthz`` from inside the container, exit status 0 when it
answers 200. The request names a host the settings allow (the first plain name of
HEZUO_ALLOWED_HOSTS), so the check passes whatever address the site is served under.

    python deploy/container/healthcheck.py [URL]     (default: http://127.0.0.1:8000/healthz)
"""

from __future__ import annotations

import os
import sys
import urllib.error
import urllib.request

DEFAULT_URL = "http://127.0.0.1:8000/healthz"


def allowed_host() -> str:
    """A name Django's ALLOWED_HOSTS accepts: wildcards ("*", ".example.edu.cn") are skipped;
    without a plain name, "localhost" (the settings' default allows it)."""
    for name in os.environ.get("HEZUO_ALLOWED_HOSTS", "").split(","):
        name = name.strip()
        if name and not name.startswith(".") and "*" not in name:
            return name
    return "localhost"


def main(argv: list[str]) -> int:
    url = argv[1] if len(argv) > 1 else DEFAULT_URL
    request = urllib.request.Request(url, headers={"Host": allowed_host()})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            status = int(response.status)
    except urllib.error.HTTPError as error:
        status = error.code
    except OSError as error:
        sys.stderr.write(f"{url}: {error}\n")
        return 1
    if status != 200:
        sys.stderr.write(f"{url}: HTTP {status}\n")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
