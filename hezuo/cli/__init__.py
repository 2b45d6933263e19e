"""The `hezuo` command.

    hezuo demo [--port N]      migrate, load the demo schools if absent, and serve (development)
    hezuo upgrade              bring the installation up to date: database, static files,
                               translations; check the file store
    hezuo serve [--host H] [--port N]   the production server (gunicorn)
    hezuo worker [--batch] [--queue-name Q] [...]  run queued background work (file conversion,
                               binders, reports) and the scheduled work (the expiry digest,
                               clean-ups); --list-schedule shows that
    hezuo backup FILE.tar[.gz] [--no-blobs] [--allow-missing-blobs]
                               the database and the stored files in one archive, while the
                               site runs (--no-blobs: a manifest of the files only, for S3)
    hezuo restore FILE.tar[.gz] [--verify-only] [--allow-missing-blobs]
                               an archive into this new, empty installation (then hezuo upgrade);
                               --verify-only checks the archive and writes nothing
    hezuo orphan_blobs [--grace-hours 24] [--delete]
                               stored files no record refers to; removed only with --delete
    hezuo manage <django command> [...]
    hezuo <domain command> --school SLUG [...]   e.g. hezuo load_demo

Domain commands are Django management commands of the hezuo apps, so `hezuo help` lists them.
Errors go to standard error with a non-zero exit status.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
from collections.abc import Sequence
from functools import partial
from pathlib import Path
from types import FrameType

USAGE = __doc__ or ""


def _setup(*, debug_default: bool = False) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    if debug_default:
        os.environ.setdefault("HEZUO_DEBUG", "1")
    import django

    django.setup()


def _development_server(host: str, port: int) -> None:
    from django.core.management import call_command

    # Django's threaded server, for the demo on one machine; `hezuo serve` is the real one.
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
    # Links in e-mails and share links point at this server unless told otherwise.
    os.environ.setdefault("HEZUO_SITE_URL", f"http://{args.host}:{args.port}")
    _setup(debug_default=True)
    from django.conf import settings
    from django.core.management import call_command

    settings.VAR_DIR.mkdir(parents=True, exist_ok=True)
    call_command("migrate", interactive=False, verbosity=0)
    call_command("load_demo")
    print(f"\nhezuo 演示站点 / demo site: http://{args.host}:{args.port}/")
    if settings.DEBUG:
        print(
            "调试模式（HEZUO_DEBUG=1），仅供在本机试用；正式部署见 README / "
            "debug mode, for trying hezuo on this machine only; to deploy, see the README"
        )
    if not args.no_serve:
        worker = _worker_process()
        try:
            _development_server(args.host, args.port)
        finally:
            worker.terminate()
            worker.wait(timeout=30)
    return 0


def _database_up_to_date() -> bool:
    """Whether the database has every migration of this code; if not, says what to run."""
    from hezuo.core.schema import pending_migrations

    pending = pending_migrations()
    if pending:
        print(
            f"数据库尚未升级（{len(pending)} 项迁移未执行）：请先运行 hezuo upgrade。\n"
            f"The database is not up to date ({len(pending)} migrations to apply): "
            "run hezuo upgrade first.",
            file=sys.stderr,
        )
    return not pending


def _serve_command(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="hezuo serve", description="Serve hezuo with the production server (gunicorn)."
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args(argv)
    _setup()
    from hezuo.cli.server import Server, prepare_metrics_folder

    if not _database_up_to_date():
        return 1
    prepare_metrics_folder()
    Server(f"{args.host}:{args.port}").run()
    return 0


def _upgrade(argv: Sequence[str]) -> int:
    argparse.ArgumentParser(
        prog="hezuo upgrade",
        description="Bring this installation up to date: migrate the database, collect the "
        "static files, compile the translations, and check the file store.",
    ).parse_args(argv)
    _setup()
    from hezuo.cli.upgrade import upgrade

    return upgrade()


def _backup(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="hezuo backup",
        description="Write the database and the stored files into one archive (.tar or "
        ".tar.gz), consistent while the site runs.",
    )
    parser.add_argument("file", type=Path, help="the archive to write: NAME.tar or NAME.tar.gz")
    parser.add_argument(
        "--no-blobs",
        action="store_true",
        help="list the stored files in the manifest without their bytes (a bucket with its own "
        "backup)",
    )
    parser.add_argument(
        "--allow-missing-blobs",
        action="store_true",
        help="back up even when files the database refers to are missing from the store",
    )
    args = parser.parse_args(argv)
    _setup()
    from hezuo.cli.backup import backup

    return backup(
        args.file, include_blobs=not args.no_blobs, allow_missing_blobs=args.allow_missing_blobs
    )


def _restore(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="hezuo restore",
        description="Bring an archive of hezuo backup into this new, empty installation.",
    )
    parser.add_argument("file", type=Path, help="the archive written by hezuo backup")
    parser.add_argument(
        "--verify-only",
        action="store_true",
        help="read and check the whole archive (and, for --no-blobs archives, the store); "
        "write nothing",
    )
    parser.add_argument(
        "--allow-missing-blobs",
        action="store_true",
        help="restore even when some files are neither in the archive nor in the store",
    )
    args = parser.parse_args(argv)
    _setup()
    from hezuo.cli.restore import restore

    return restore(
        args.file, verify_only=args.verify_only, allow_missing_blobs=args.allow_missing_blobs
    )


def _orphan_blobs(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="hezuo orphan_blobs",
        description="List the stored files no record refers to; remove them with --delete.",
    )
    parser.add_argument(
        "--grace-hours",
        type=int,
        default=24,
        help="only files older than this many hours (newer ones may be uploads under way)",
    )
    parser.add_argument("--delete", action="store_true", help="remove the files listed")
    args = parser.parse_args(argv)
    if args.grace_hours < 0:
        parser.error("--grace-hours must be 0 or more")
    _setup()
    from hezuo.cli.orphan_blobs import orphan_blobs

    return orphan_blobs(grace_hours=args.grace_hours, delete=args.delete)


def _stop_before_working(signum: int, frame: FrameType | None) -> None:
    """Until db_worker installs its own handlers, a stop asked for by systemd or a container
    (TERM) or a terminal (INT) ends a worker cleanly, status 0, rather than killing it."""
    raise SystemExit(0)


def _worker(rest: list[str]) -> int:
    """Django-tasks' database worker, under this process's worker name (its heartbeat's too),
    taking from every queue unless given some (hezuo.core.queues)."""
    import threading

    from django.core.management import execute_from_command_line

    from hezuo.cli.schedule import after_beat
    from hezuo.jobs.recovery import recover_stranded_tasks
    from hezuo.jobs.services import jobs_fail_stale
    from hezuo.jobs.workers import start_beating, worker_name

    if "--list-schedule" in rest:
        from hezuo.cli.schedule import schedule_lines

        print("\n".join(schedule_lines()))
        return 0
    name = worker_name()
    options = list(rest)
    if not any(option.startswith("--worker-id") for option in options):
        options += ["--worker-id", name]
    else:
        name = options[options.index("--worker-id") + 1]
    if not any(option.startswith("--queue-name") for option in options):
        options += ["--queue-name", "*"]
    jobs_fail_stale()  # jobs silent for HEZUO_JOB_STALE_MINUTES: failed, to be started again
    recover_stranded_tasks()  # tasks of workers that are gone: queued again or failed
    stop = threading.Event()
    # /readyz sees that a worker is there; after each beat, the scheduled work that is due.
    start_beating(stop, name=name, after_beat=partial(after_beat, worker=name))
    try:
        execute_from_command_line(["hezuo worker", "db_worker", *options])
    finally:
        stop.set()
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
    if command == "upgrade":
        return _upgrade(rest)
    if command == "backup":
        return _backup(rest)
    if command == "restore":
        return _restore(rest)
    if command == "orphan_blobs":
        return _orphan_blobs(rest)
    if command == "worker":
        for stop_signal in (signal.SIGTERM, signal.SIGINT):
            signal.signal(stop_signal, _stop_before_working)
    _setup()
    from django.core.management import execute_from_command_line

    if command == "manage":
        execute_from_command_line(["hezuo manage", *rest])
    elif command == "worker":
        if not _database_up_to_date():
            return 1
        return _worker(rest)
    else:
        execute_from_command_line(["hezuo", command, *rest])
    return 0


if __name__ == "__main__":
    sys.exit(main())
