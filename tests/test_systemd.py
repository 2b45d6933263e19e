"""The systemd units of deploy/systemd, as scripts/install.sh installs them: systemd-analyze
verifies them; each runs as the user hezuo with the settings file, hardened, restarted on
failure; and their command lines run here — with the project's `hezuo` for the installed one,
and folders of the test's own for /var/lib/hezuo and /var/backups/hezuo: the web unit's
upgrade and server answer /healthz, reload on HUP and stop on TERM, a worker's heartbeat turns
/readyz green, and the backup unit writes a dated archive and removes the old ones."""

from __future__ import annotations

import os
import shlex
import shutil
import signal
import subprocess
import sys
import tarfile
import time
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.stack import Installation, free_port, get, installation

ROOT = Path(__file__).resolve().parent.parent
UNITS = ROOT / "deploy" / "systemd"
INSTALLED_HEZUO = "/opt/hezuo/.venv/bin/hezuo"
VAR, BACKUPS = "/var/lib/hezuo", "/var/backups/hezuo"

Unit = dict[str, dict[str, list[str]]]


def parse(path: Path) -> Unit:
    """A unit file's sections and keys; a key given twice keeps both values, as systemd does."""
    unit: Unit = defaultdict(lambda: defaultdict(list))
    section = ""
    for line in path.read_text(encoding="utf-8").replace("\\\n", " ").splitlines():
        line = line.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("["):
            section = line.strip("[]")
            continue
        key, _equals, value = line.partition("=")
        unit[section][key.strip()].append(value.strip())
    return unit


WEB = parse(UNITS / "hezuo-web.service")
WORKER = parse(UNITS / "hezuo-worker@.service")
BACKUP = parse(UNITS / "hezuo-backup.service")
TIMER = parse(UNITS / "hezuo-backup.timer")
SERVICES = {"web": WEB, "worker": WORKER, "backup": BACKUP}


def one(unit: Unit, key: str, section: str = "Service") -> str:
    (value,) = unit[section][key]
    return value


@pytest.mark.parametrize("name", SERVICES)
def test_each_service_runs_as_hezuo_with_its_settings_and_hardened(name: str) -> None:
    unit = SERVICES[name]
    assert one(unit, "User") == one(unit, "Group") == "hezuo"
    assert one(unit, "EnvironmentFile") == "/etc/hezuo/hezuo.env"
    assert one(unit, "Environment") == f"HEZUO_VAR_DIR={VAR}"
    assert one(unit, "WorkingDirectory") == VAR
    for key, value in {
        "NoNewPrivileges": "yes",
        "ProtectSystem": "strict",
        "ProtectHome": "yes",
        "PrivateTmp": "yes",
        "PrivateDevices": "yes",
        "RestrictSUIDSGID": "yes",
    }.items():
        assert one(unit, key) == value, (name, key)
    assert VAR in one(unit, "ReadWritePaths").split()
    assert one(unit, "Documentation", "Unit").startswith("file:///opt/hezuo/docs/")


def test_the_web_server_and_the_workers_restart_on_failure_and_start_at_boot() -> None:
    for unit in (WEB, WORKER):
        assert one(unit, "Restart") == "on-failure"
        assert one(unit, "KillMode") == "mixed"
        assert one(unit, "WantedBy", "Install") == "multi-user.target"
    assert one(WEB, "ExecStartPre") == f"{INSTALLED_HEZUO} upgrade"
    assert one(WEB, "ExecStart") == f"{INSTALLED_HEZUO} serve --host 127.0.0.1 --port 8000"
    assert one(WORKER, "ExecStart") == f"{INSTALLED_HEZUO} worker --no-reload"
    assert "hezuo-web.service" in one(WORKER, "After", "Unit").split()


def test_the_backup_runs_nightly_into_its_own_folder() -> None:
    assert one(BACKUP, "Type") == "oneshot"
    assert BACKUPS in one(BACKUP, "ReadWritePaths").split()
    assert one(TIMER, "OnCalendar", "Timer") == "*-*-* 02:30:00"
    assert one(TIMER, "Persistent", "Timer") == "true"
    assert one(TIMER, "WantedBy", "Install") == "timers.target"
    assert not TIMER["Timer"].get("Unit"), "the timer starts the service of its own name"


def installed(folder: Path, var: Path, backups: Path) -> Path:
    """The units as this machine would run them: the project's hezuo, the test's folders."""
    folder.mkdir(exist_ok=True)
    hezuo = Path(sys.executable).parent / "hezuo"
    assert os.access(hezuo, os.X_OK)
    for unit in UNITS.glob("hezuo-*"):
        text = unit.read_text(encoding="utf-8")
        text = text.replace(INSTALLED_HEZUO, str(hezuo))
        text = text.replace(VAR, str(var)).replace(BACKUPS, str(backups))
        (folder / unit.name).write_text(text, encoding="utf-8")
    return folder


def verify(*units: Path) -> subprocess.CompletedProcess[str]:
    analyze = shutil.which("systemd-analyze")
    assert analyze, "systemd-analyze is missing: scripts/setup.sh installs systemd"
    return subprocess.run(
        [analyze, "verify", "--man=no", "--recursive-errors=no", *map(str, units)],
        capture_output=True,
        text=True,
        cwd=units[0].parent,
    )


def test_systemd_analyze_verifies_the_units(tmp_path: Path) -> None:
    folder = installed(tmp_path / "units", tmp_path / "var", tmp_path / "backups")
    names = ["hezuo-web.service", "hezuo-worker@1.service", "hezuo-backup.service"]
    verified = verify(*(folder / name for name in [*names, "hezuo-backup.timer"]))
    assert verified.returncode == 0 and not verified.stdout + verified.stderr, verified.stderr


def test_systemd_analyze_would_name_a_broken_unit(tmp_path: Path) -> None:
    broken = tmp_path / "broken.service"
    text = (UNITS / "hezuo-web.service").read_text(encoding="utf-8")
    broken.write_text(text.replace("NoNewPrivileges", "NoNewPrivilege"), encoding="utf-8")
    verified = verify(broken)
    assert "Unknown key" in verified.stderr and "NoNewPrivilege" in verified.stderr
    assert verify(broken).returncode == 1, "the installed hezuo does not exist here"


def command(line: str, **variables: str) -> list[str]:
    """A unit's command line as systemd runs it: %% is %, $$ is $, $NAME a variable."""
    line = line.replace("%%", "\0percent").replace("$$", "\0dollar")
    for name, value in variables.items():
        line = line.replace(f"${name}", value)
    assert "%" not in line and "$" not in line, f"a specifier or variable left: {line}"
    line = line.replace("\0percent", "%").replace("\0dollar", "$")
    return shlex.split(line)


def run(unit: Unit, key: str, stack: Installation, **variables: str) -> list[str]:
    """The unit's ``key`` command line, rewritten for this machine, checked to exist."""
    (line,) = unit["Service"][key]
    argv = command(line, **variables)
    assert os.access(argv[0], os.X_OK), argv[0]
    return argv


@pytest.fixture
def stack(tmp_path: Path, s3_endpoint: str) -> Iterator[Installation]:
    port = free_port()
    with installation(
        tmp_path / "var",
        s3_endpoint,
        HEZUO_SITE_URL=f"http://127.0.0.1:{port}",
        HEZUO_WEB_WORKERS="1",
    ) as made:
        yield made


def rewritten(unit: Path, stack: Installation) -> Unit:
    folder = installed(stack.var.parent / "units", stack.var, stack.var.parent / "backups")
    return parse(folder / unit.name)


def environment(unit: Unit, stack: Installation) -> dict[str, str]:
    """The installation's settings (what /etc/hezuo/hezuo.env holds), then the unit's own."""
    own = dict(entry.split("=", 1) for entry in unit["Service"]["Environment"])
    return {**stack.env, **own}


def test_the_web_and_worker_units_serve_hezuo(stack: Installation) -> None:
    web = rewritten(UNITS / "hezuo-web.service", stack)
    worker = rewritten(UNITS / "hezuo-worker@.service", stack)
    env, cwd = environment(web, stack), one(web, "WorkingDirectory")
    assert env["HEZUO_VAR_DIR"] == cwd == str(stack.var)

    upgraded = subprocess.run(
        run(web, "ExecStartPre", stack), env=env, cwd=cwd, capture_output=True, text=True
    )
    assert upgraded.returncode == 0, upgraded.stderr
    port = stack.env["HEZUO_SITE_URL"].rsplit(":", 1)[1]
    serve = [argument if argument != "8000" else port for argument in run(web, "ExecStart", stack)]
    log = (stack.var / "web-unit.log").open("wb")
    server = subprocess.Popen(serve, env=env, cwd=cwd, stdout=log, stderr=subprocess.STDOUT)
    stack.processes.append(server)
    site = f"http://127.0.0.1:{port}"
    status = 0
    for _ in range(300):  # up to a minute on a busy machine
        try:
            status, _body = get(f"{site}/healthz")
            break
        except OSError:
            time.sleep(0.2)
    assert status == 200, stack.logs()
    status, body = get(f"{site}/readyz")
    assert status == 503 and b"no worker seen" in body, body

    worker_process = subprocess.Popen(
        run(worker, "ExecStart", stack), env=environment(worker, stack), cwd=cwd
    )
    stack.processes.append(worker_process)
    for _ in range(300):  # up to a minute on a busy machine
        status, body = get(f"{site}/readyz")
        if status == 200:
            break
        time.sleep(0.2)
    assert status == 200, body

    reload = run(web, "ExecReload", stack, MAINPID=str(server.pid))
    assert subprocess.run(reload).returncode == 0  # gunicorn starts new workers, keeps serving
    time.sleep(1)
    assert server.poll() is None and get(f"{site}/healthz")[0] == 200

    # KillMode=mixed: TERM to the main process; each stops cleanly, within the unit's time.
    for process in (worker_process, server):
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=45) == 0


def test_the_backup_unit_writes_a_dated_archive_and_removes_old_ones(stack: Installation) -> None:
    stack.run("upgrade")
    backup = rewritten(UNITS / "hezuo-backup.service", stack)
    backups = stack.var.parent / "backups"
    backups.mkdir()
    old = backups / "hezuo-20240101-023000.tar.gz"
    old.write_bytes(b"an archive from long ago")
    month_ago = time.time() - 30 * 24 * 3600
    os.utime(old, (month_ago, month_ago))
    recent = backups / "hezuo-recent.tar.gz"
    recent.write_bytes(b"last week's archive")
    week_ago = time.time() - 7 * 24 * 3600
    os.utime(recent, (week_ago, week_ago))
    env, cwd = environment(backup, stack), one(backup, "WorkingDirectory")

    started = time.strftime("%Y%m%d")
    done = subprocess.run(
        run(backup, "ExecStart", stack), env=env, cwd=cwd, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    (written,) = (path for path in backups.glob(f"hezuo-{started}-*.tar.gz"))
    with tarfile.open(written) as archive:
        assert archive.getnames(), "the archive holds the installation"
    removed = subprocess.run(run(backup, "ExecStartPost", stack), env=env, cwd=cwd)
    assert removed.returncode == 0
    assert not old.exists() and recent.exists() and written.exists()
