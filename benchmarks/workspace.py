"""What every benchmark does before Django starts: answer ``--help`` with its description, and
give the run a folder of its own (its database, stored files, inputs and outputs), removed when
the run ends, however it ends. A process the benchmark starts (``HEZUO_BENCH_FOLDER`` set) shares
the folder and leaves it to the benchmark. ``load`` says how busy the machine was, for the
figures printed beside it.

    from workspace import load, prepare
    FOLDER = prepare(__doc__)      # before django.setup()
"""

from __future__ import annotations

import atexit
import os
import shutil
import sys
import tempfile
from pathlib import Path


def prepare(description: str | None) -> Path:
    if "--help" in sys.argv or "-h" in sys.argv:
        print(description or "")
        raise SystemExit(0)
    shared = os.environ.get("HEZUO_BENCH_FOLDER")
    if shared:
        folder = Path(shared)
    else:
        folder = Path(tempfile.mkdtemp(prefix="hezuo-bench-"))
        os.environ["HEZUO_BENCH_FOLDER"] = str(folder)
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
    os.environ["HEZUO_VAR_DIR"] = str(folder / "var")
    return folder


def load() -> str:
    one, five, _fifteen = os.getloadavg()
    return f"load average {one:.2f} (1 min), {five:.2f} (5 min), {os.cpu_count()} cores"
