"""The container image and the compose file, checked without a Docker daemon: hadolint finds
nothing in the Dockerfile; `docker compose config` (the real Compose, from the dev tools)
accepts compose.yaml with the documented .env and refuses it without its secrets; the services
are wired as docs/deploy.md says. Then the image's own command lines — the bucket's creation,
`hezuo upgrade`, the default CMD and the HEALTHCHECK — run on this machine against an S3
server, and the site answers /healthz and /readyz under the documented production settings."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest

from tests.installation import HEZUO
from tests.stack import S3_KEYS, Installation, free_port, installation

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
DOCKERFILE = ROOT / "Dockerfile"
COMPOSE = ROOT / "compose.yaml"
COMPOSE_ENV = ROOT / "deploy" / "compose.env.example"
SECRETS = {
    "HEZUO_SECRET_KEY": "a-secret-key-for-the-test",
    "POSTGRES_PASSWORD": "postgres-password",
    "HEZUO_S3_SECRET_ACCESS_KEY": "s3-secret",
}
HEZUO_SERVICES = ("bucket", "upgrade", "web", "worker")


def hadolint(dockerfile: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [BIN / "hadolint", "--no-color", "--failure-threshold", "style", str(dockerfile)],
        capture_output=True,
        text=True,
    )


def test_hadolint_finds_nothing_in_the_dockerfile() -> None:
    linted = hadolint(DOCKERFILE)
    assert linted.returncode == 0 and not linted.stdout.strip(), linted.stdout + linted.stderr


def test_hadolint_would_name_a_careless_dockerfile(tmp_path: Path) -> None:
    careless = tmp_path / "Dockerfile"
    careless.write_text("FROM python:latest\nRUN apt-get install curl\n", encoding="utf-8")
    linted = hadolint(careless)
    assert linted.returncode != 0
    assert "DL3007" in linted.stdout and "DL3008" in linted.stdout, linted.stdout


def env_file(path: Path, **values: str) -> dict[str, str]:
    """KEY=VALUE lines of a documented env file, some values replaced."""
    found = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            key, _equals, value = line.partition("=")
            found[key] = value
    return {**found, **values}


def compose_config(project: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """`docker compose config` on a copy of compose.yaml, beside a .env made of ``env``."""
    project.mkdir(exist_ok=True)
    shutil.copy(COMPOSE, project / "compose.yaml")
    (project / ".env").write_text(
        "".join(f"{key}={value}\n" for key, value in env.items()), encoding="utf-8"
    )
    return subprocess.run(
        [BIN / "docker-compose", "--project-directory", str(project), "config", "--format", "json"],
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "HOME": str(project)},
    )


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("compose")


@pytest.fixture(scope="module")
def compose(project: Path) -> dict[str, Any]:
    done = compose_config(project, env_file(COMPOSE_ENV, **SECRETS))
    assert done.returncode == 0, done.stderr
    config: dict[str, Any] = json.loads(done.stdout)
    return config


def test_compose_starts_hezuo_postgresql_and_an_s3_store(compose: dict[str, Any]) -> None:
    services = compose["services"]
    assert set(services) == {*HEZUO_SERVICES, "db", "s3"}
    assert services["web"]["command"] == ["serve", "--host", "0.0.0.0", "--port", "8000"]
    assert services["worker"]["command"] == ["worker", "--no-reload"]
    assert services["upgrade"]["command"] == ["upgrade"]
    assert services["bucket"]["entrypoint"] == [
        "python",
        "/opt/hezuo/deploy/container/create_bucket.py",
    ]
    assert services["web"]["ports"] == [
        {
            "mode": "ingress",
            "host_ip": "127.0.0.1",
            "target": 8000,
            "published": "8000",
            "protocol": "tcp",
        }
    ]
    assert services["db"]["image"].startswith("postgres:15")
    assert set(compose["volumes"]) == {"var", "db", "s3"}
    config = compose["configs"]["s3-identities"]["content"]
    identity = json.loads(config)["identities"][0]["credentials"][0]
    assert identity == {"accessKey": "hezuo", "secretKey": "s3-secret"}


def test_every_hezuo_service_runs_the_same_image_with_the_same_settings(
    compose: dict[str, Any], project: Path
) -> None:
    services = compose["services"]
    web = services["web"]
    assert web["build"] == {"context": str(project), "dockerfile": "Dockerfile"}
    for name in HEZUO_SERVICES:
        service = services[name]
        assert service["image"] == web["image"] == "hezuo:local", name
        assert service["build"] == web["build"], name
        assert service["environment"] == web["environment"], name
        assert service["volumes"] == web["volumes"], name
    environment = web["environment"]
    assert environment["DATABASE_URL"] == "postgres://hezuo:postgres-password@db:5432/hezuo"
    assert environment["HEZUO_S3_ENDPOINT_URL"] == "http://s3:8333"
    assert environment["HEZUO_SECRET_KEY"] == SECRETS["HEZUO_SECRET_KEY"]
    assert environment["HEZUO_VAR_DIR"] == web["volumes"][0]["target"] == "/var/lib/hezuo"


def test_services_start_in_order_and_report_their_health(compose: dict[str, Any]) -> None:
    services = compose["services"]

    def waits_for(name: str) -> dict[str, str]:
        return {
            other: condition["condition"]
            for other, condition in services[name].get("depends_on", {}).items()
        }

    assert waits_for("bucket") == {"s3": "service_healthy"}
    assert waits_for("upgrade") == {
        "db": "service_healthy",
        "bucket": "service_completed_successfully",
    }
    assert waits_for("web") == waits_for("worker") == {"upgrade": "service_completed_successfully"}
    for name in ("web", "db", "s3"):
        assert services[name]["healthcheck"]["test"][0] in {"CMD", "CMD-SHELL"}, name
    for name in ("bucket", "upgrade", "worker"):
        assert services[name]["healthcheck"] == {"disable": True}, name
    assert services["web"]["healthcheck"]["test"][1:] == dockerfile_instruction("HEALTHCHECK")
    for name in ("bucket", "upgrade"):
        assert services[name]["restart"] == "no"
    assert services["worker"]["stop_grace_period"] == "10m0s"


def test_every_containers_log_is_kept_to_a_size(compose: dict[str, Any]) -> None:
    for name, service in compose["services"].items():
        assert service["logging"] == {
            "driver": "json-file",
            "options": {"max-size": "20m", "max-file": "5"},
        }, name


def test_every_variable_compose_uses_is_documented() -> None:
    used = set(re.findall(r"\$\{([A-Z0-9_]+)", COMPOSE.read_text(encoding="utf-8")))
    documented = set(env_file(COMPOSE_ENV))
    assert used <= documented, sorted(used - documented)
    settings = set(env_file(ROOT / ".env.example"))
    assert documented <= used | settings, sorted(documented - used - settings)


def test_compose_refuses_to_start_without_its_secrets(tmp_path: Path) -> None:
    for secret in SECRETS:
        env = env_file(COMPOSE_ENV, **SECRETS)
        del env[secret]
        done = compose_config(tmp_path / secret, env)
        assert done.returncode != 0
        assert f"set {secret} in .env" in done.stderr, done.stderr


def dockerfile_instruction(name: str) -> list[str]:
    """The JSON-array form of the Dockerfile's last ``name`` instruction (CMD, ENTRYPOINT,
    HEALTHCHECK … CMD)."""
    text = DOCKERFILE.read_text(encoding="utf-8").replace("\\\n", " ")
    lines = [line for line in text.splitlines() if line.startswith(f"{name} ")]
    assert lines, name
    return list(json.loads(lines[-1][lines[-1].index("[") :]))


def dockerfile_packages(which: int = 0) -> set[str]:
    """The Debian packages of the Dockerfile's ``which``-th ``apt-get install``."""
    text = DOCKERFILE.read_text(encoding="utf-8").replace("\\\n", " ")
    installs = re.findall(r"apt-get install -y --no-install-recommends ([a-z0-9 .+-]+?) &&", text)
    assert len(installs) > which
    return set(installs[which].split())


def install_script_packages(name: str) -> set[str]:
    script = (ROOT / "scripts" / "install.sh").read_text(encoding="utf-8")
    listed = re.search(rf"\n{name}=\(\n(.*?)\n\)", script, re.DOTALL)
    assert listed is not None, name
    return set(listed.group(1).split())


def test_the_image_installs_what_a_server_installs() -> None:
    """The same Debian packages as scripts/install.sh (the image brings its own Python, and
    tini as its init; it builds python-ldap with what it then removes), and the same pinned
    Python packages."""
    script = (ROOT / "scripts" / "install.sh").read_text(encoding="utf-8")
    server = install_script_packages("PACKAGES")
    assert dockerfile_packages() == server - {"python3-venv"} | {"tini"}
    assert not dockerfile_packages() & {"chromium", "poppler-utils", "qpdf"}
    building = install_script_packages("BUILD_PACKAGES")
    assert dockerfile_packages(1) == building - {"python3-dev"} | {"libc6-dev"}
    assert f"apt-get purge -y --auto-remove {' '.join(sorted(dockerfile_packages(1)))}" in (
        DOCKERFILE.read_text(encoding="utf-8")
    ), "the build's packages leave the image"
    text = DOCKERFILE.read_text(encoding="utf-8")
    assert "install --require-hashes -r requirements/production.txt" in text
    assert "install --require-hashes -r requirements/production.txt" in script


def image_command(*arguments: str, port: int) -> list[str]:
    """An image's command line as this machine runs it: tini dropped, hezuo from the project's
    virtualenv, the port a free one and the address loopback."""
    entrypoint = dockerfile_instruction("ENTRYPOINT")
    assert entrypoint[:2] == ["/usr/bin/tini", "--"] and entrypoint[2] == "hezuo"
    replaced = {"0.0.0.0": "127.0.0.1", "8000": str(port)}
    return [*HEZUO, *(replaced.get(argument, argument) for argument in arguments)]


def ask(url: str, host: str) -> tuple[int, dict[str, Any]]:
    request = urllib.request.Request(url, headers={"Host": host})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def healthcheck(port: int, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """The Dockerfile's HEALTHCHECK command, the address's port the free one."""
    command = dockerfile_instruction("HEALTHCHECK")
    assert command[0] == "python" and command[1] == "/opt/hezuo/deploy/container/healthcheck.py"
    script = ROOT / "deploy" / "container" / "healthcheck.py"
    url = f"http://127.0.0.1:{port}/healthz"
    return subprocess.run(
        [sys.executable, str(script), url], env=env, capture_output=True, text=True, timeout=30
    )


@pytest.fixture
def production(tmp_path: Path, s3_endpoint: str) -> Iterator[Installation]:
    """A new installation with the documented compose settings (HTTPS proxy, redirects,
    secure cookies, the site's own host name) on the test run's database and S3 server."""
    settings = env_file(COMPOSE_ENV, **SECRETS)
    for compose_only in ("HEZUO_LISTEN", "HEZUO_IMAGE", "POSTGRES_PASSWORD"):
        del settings[compose_only]
    for key in (*S3_KEYS, "HEZUO_S3_BUCKET"):
        del settings[key]  # the test run's S3 server and a bucket of this test's own
    settings["HEZUO_WEB_WORKERS"] = "1"
    with installation(tmp_path / "var", s3_endpoint, **settings) as made:
        yield made


def test_the_bucket_service_creates_the_bucket_once(production: Installation) -> None:
    script = ROOT / "deploy" / "container" / "create_bucket.py"
    bucket = f"made-{uuid.uuid4().hex[:12]}"
    env = {**production.env, "HEZUO_S3_BUCKET": bucket}
    made = subprocess.run([sys.executable, script], env=env, capture_output=True, text=True)
    assert made.returncode == 0, made.stderr
    assert f"bucket created: {bucket}" in made.stdout
    again = subprocess.run([sys.executable, script], env=env, capture_output=True, text=True)
    assert again.returncode == 0 and f"bucket exists: {bucket}" in again.stdout, again.stderr
    client = boto3.client(
        "s3",
        endpoint_url=env["HEZUO_S3_ENDPOINT_URL"],
        aws_access_key_id=S3_KEYS["HEZUO_S3_ACCESS_KEY_ID"],
        aws_secret_access_key=S3_KEYS["HEZUO_S3_SECRET_ACCESS_KEY"],
        region_name="us-east-1",
    )
    client.head_bucket(Bucket=bucket)  # raises if it is not there


def test_the_images_commands_serve_hezuo_and_pass_the_health_check(
    production: Installation,
) -> None:
    env = production.env
    port = free_port()
    assert healthcheck(port, env).returncode == 1, "nothing listens yet: the check fails"

    upgraded = subprocess.run(
        image_command("upgrade", port=port), env=env, capture_output=True, text=True
    )
    assert upgraded.returncode == 0, upgraded.stderr
    log = (production.var / "serve.log").open("wb")
    web = subprocess.Popen(
        image_command(*dockerfile_instruction("CMD"), port=port),
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    production.processes.append(web)  # stopped by the installation's clean-up
    for _ in range(300):  # up to a minute on a busy machine
        checked = healthcheck(port, env)
        if checked.returncode == 0:
            break
        time.sleep(0.2)
    assert checked.returncode == 0, checked.stderr + production.logs()

    site, host = f"http://127.0.0.1:{port}", env["HEZUO_ALLOWED_HOSTS"]
    status, body = ask(f"{site}/readyz", host)
    assert status == 503 and not body["checks"]["worker"]["ok"], body
    assert body["checks"]["storage"] == {"ok": True}, body
    production.processes.append(
        subprocess.Popen(image_command("worker", "--no-reload", port=port), env=env)
    )
    for _ in range(300):  # up to a minute on a busy machine
        status, body = ask(f"{site}/readyz", host)
        if status == 200:
            break
        time.sleep(0.2)
    assert status == 200 and body["status"] == "ok", body
