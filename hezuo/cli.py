"""The `hezuo` command.

    hezuo demo [--port N]      migrate, load the demo schools if absent, and serve
    hezuo serve [--host H] [--port N]
    hezuo worker [--batch] [...]  run queued background work (file conversion, binders, reports)
    hezuo manage <django command> [...]
    hezuo <domain command> --school SLUG [...]   e.g. hezuo load_demo

Domain commands are Django management commands of the hezuo apps, so `hezuo help` lists them.
Errors go to standard error with a non-zero exit status.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from collections.abc import Sequence

USAGE = __doc__ or ""


def _setup(*, debug_default: bool = False) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    if debug_default:
        os.environ.setdefault("HEZUO_DEBUG", "1")
    import django

    django.setup()


def _serve(host: str, port: int) -> None:
    from django.core.management import call_command

    # The built-in threaded server: enough for one office on one machine (the embedded mode).
    call_command("runserver", f"{host}:{port}", use_reloader=False, insecure_serving=True)


def _worker_process() -> subprocess.Popen[bytes]:
    """A `hezuo worker` beside the embedded server, so uploads are converted as they arrive."""
    return subprocess.Popen(
        [sys.executable, "-m", "hezuo.cli", "worker", "--no-reload", "--verbosity", "0"]
    )


def _demo(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="hezuo demo", description="Run hezuo with demo data.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument(
        "--no-serve", action="store_true", help="prepare the database and data, then exit"
    )
    args = parser.parse_args(argv)
    _setup(debug_default=True)
    from django.conf import settings
    from django.core.management import call_command

    settings.VAR_DIR.mkdir(parents=True, exist_ok=True)
    call_command("migrate", interactive=False, verbosity=0)
    call_command("load_demo")
    print(f"\nhezuo 演示站点 / demo site: http://{args.host}:{args.port}/")
    if not args.no_serve:
        worker = _worker_process()
        try:
            _serve(args.host, args.port)
        finally:
            worker.terminate()
            worker.wait(timeout=30)
    return 0


def _serve_command(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="hezuo serve", description="Serve hezuo.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args(argv)
    _setup()
    _serve(args.host, args.port)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in {"-h", "--help"}:
        print(USAGE.strip())
        return 0
    command, rest = args[0], args[1:]
    if command == "demo":
        return _demo(rest)
    if command == "serve":
        return _serve_command(rest)
    _setup()
    from django.core.management import execute_from_command_line

    if command == "manage":
        execute_from_command_line(["hezuo manage", *rest])
    elif command == "worker":
        from hezuo.jobs.services import jobs_fail_stale

        jobs_fail_stale()  # jobs whose worker was killed: failed, so they can be started again
        execute_from_command_line(["hezuo worker", "db_worker", *rest])
    else:
        execute_from_command_line(["hezuo", command, *rest])
    return 0


if __name__ == "__main__":
    sys.exit(main())
