"""Opening generated documents with LibreOffice, as the tests' independent reader."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest


def soffice() -> str:
    """LibreOffice's command. scripts/setup.sh installs it; CI must have it."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice is required in CI (scripts/setup.sh installs it)")
        pytest.skip("LibreOffice is not installed: run scripts/setup.sh as root")
    return found


def convert(source: Path, target: str, outdir: Path) -> list[Path]:
    """Convert ``source`` with LibreOffice; every conversion gets its own profile, because
    two LibreOffice processes sharing a profile can lose output."""
    with tempfile.TemporaryDirectory(prefix="lo-profile-") as profile:
        completed = subprocess.run(
            [
                soffice(),
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--norestore",
                "--convert-to",
                target,
                "--outdir",
                str(outdir),
                str(source),
            ],
            capture_output=True,
            text=True,
            timeout=180,
            check=False,
        )
    assert completed.returncode == 0, completed.stderr
    produced = sorted(outdir.glob(f"{source.stem}*"))
    produced = [path for path in produced if path != source]
    assert produced, f"LibreOffice wrote nothing: {completed.stdout} {completed.stderr}"
    return produced
