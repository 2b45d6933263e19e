"""Pages and the API's GETs read from a PostgreSQL replica: a server whose
HEZUO_DATABASE_REPLICA_URL is a role that may only SELECT (``default_transaction_read_only``)
answers every school page and GET endpoint with 200 and the same figures as a server on the
primary alone, while sign-in and writes go to the primary. On the SQLite run: a SQLite replica
is refused by name (SQLite has none)."""

from __future__ import annotations

import re
import subprocess
import uuid
from collections.abc import Generator, Iterator
from contextlib import closing
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest
import requests

from hezuo.core.kinds import Kind
from hezuo.demo.users import DEMO_PASSWORD
from tests.installation import HEZUO, environment
from tests.stack import Installation, free_port, get, installation

SCHOOL = "zhongshan-torch"


def _on_postgresql() -> bool:
    from django.conf import settings

    return str(settings.DATABASES["default"]["ENGINE"]).endswith("postgresql")


def test_a_sqlite_replica_is_refused_by_name(tmp_path: Path) -> None:
    checked = subprocess.run(
        [*HEZUO, "manage", "check"],
        env=environment(tmp_path, HEZUO_DATABASE_REPLICA_URL="sqlite:////tmp/replica.sqlite3"),
        capture_output=True,
        text=True,
    )
    assert checked.returncode != 0
    assert "HEZUO_DATABASE_REPLICA_URL must be a PostgreSQL database" in checked.stderr


def _read_only_role(database_url: str) -> Generator[str]:
    """A role that may only read the installation's database: its replica URL."""
    role = f"hezuo_reader_{uuid.uuid4().hex[:10]}"
    parts = urlsplit(database_url)
    database = parts.path.lstrip("/")
    with closing(psycopg.connect(database_url, autocommit=True)) as admin:
        admin.execute(f'CREATE ROLE "{role}" LOGIN')
        admin.execute(f'GRANT CONNECT ON DATABASE "{database}" TO "{role}"')
        admin.execute(f'GRANT USAGE ON SCHEMA public TO "{role}"')
        admin.execute(f'GRANT SELECT ON ALL TABLES IN SCHEMA public TO "{role}"')
        admin.execute(f'ALTER ROLE "{role}" SET default_transaction_read_only = on')
    try:
        yield urlunsplit(parts._replace(netloc=f"{role}@{parts.hostname}:{parts.port or 5432}"))
    finally:
        with closing(psycopg.connect(database_url, autocommit=True)) as admin:
            admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = %s",
                [role],
            )
            admin.execute(f'DROP OWNED BY "{role}"')
            admin.execute(f'DROP ROLE "{role}"')


def _serve(stack: Installation, **settings: str) -> str:
    port = free_port()
    stack.env = {**stack.env, **settings, "HEZUO_SITE_URL": f"http://127.0.0.1:{port}"}
    stack.start("serve", "--port", str(port))
    site = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            if get(f"{site}/healthz")[0] == 200:
                return site
        except OSError:
            pass
        subprocess.run(["sleep", "0.2"], check=True)
    raise AssertionError(stack.logs())


def _signed_in(site: str) -> requests.Session:
    session = requests.Session()
    page = session.get(f"{site}/accounts/login/", timeout=30)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    assert token is not None
    signed = session.post(
        f"{site}/accounts/login/",
        data={
            "username": "torch-admin",
            "password": DEMO_PASSWORD,
            "csrfmiddlewaretoken": token.group(1),
        },
        headers={"Referer": f"{site}/accounts/login/"},
        timeout=30,
    )
    assert signed.status_code == 200 and "退出" in signed.text, signed.text[:500]
    return session


def _get(session: requests.Session, url: str) -> tuple[int, Any]:
    response = session.get(url, timeout=60, allow_redirects=False)
    if response.headers.get("Content-Type", "").startswith("application/json"):
        return response.status_code, response.json()
    return response.status_code, None


@pytest.fixture
def primary(tmp_path: Path, s3_endpoint: str) -> Iterator[Installation]:
    with installation(tmp_path / "primary", s3_endpoint) as made:
        made.run("upgrade")
        made.run("load_demo", "--without-files")
        yield made


@pytest.mark.skipif(not _on_postgresql(), reason="replicas are PostgreSQL's (the PostgreSQL run)")
def test_pages_and_gets_read_from_a_replica_that_may_only_read(primary: Installation) -> None:
    reader = _read_only_role(primary.database_url)
    replica_url = next(reader)
    try:
        on_primary = _serve(primary)
        with_replica = _serve(primary, HEZUO_DATABASE_REPLICA_URL=replica_url)
        alone, spread = _signed_in(on_primary), _signed_in(with_replica)
        api = f"/api/v1/schools/{SCHOOL}"
        urls = [
            f"/s/{SCHOOL}/",
            f"/s/{SCHOOL}/indicators/",
            f"/s/{SCHOOL}/reports/",
            f"/s/{SCHOOL}/search/?q=%E9%A6%99%E6%B8%AF",
            f"/s/{SCHOOL}/settings/",
            f"/s/{SCHOOL}/api-tokens/",
            f"/s/{SCHOOL}/reports/narratives/",
            f"/s/{SCHOOL}/reports/templates/",
            f"{api}/indicators/?year=2021",
            f"{api}/search/?q=%E9%A6%99%E6%B8%AF",
            f"{api}/settings/",
        ]
        [project] = _get(alone, f"{on_primary}{api}/projects/")[1]["items"]
        for page in ("tree", "binders", "numbering"):
            urls.append(f"/s/{SCHOOL}/projects/{project['id']}/{page}/")
        for kind in Kind:
            status, listed = _get(alone, f"{on_primary}{api}/{kind.value}/?limit=3")
            assert status == 200, (kind, status)
            urls += [f"{api}/{kind.value}/?limit=3", f"/s/{SCHOOL}/{kind.value}/"]
            for item in listed["items"][:1]:
                urls += [
                    f"{api}/{kind.value}/{item['id']}/",
                    f"/s/{SCHOOL}/{kind.value}/{item['id']}/",
                ]
        for url in urls:
            expected = _get(alone, f"{on_primary}{url}")
            answered = _get(spread, f"{with_replica}{url}")
            assert answered[0] == 200, (url, answered[0])
            assert answered == expected, url

        # Writes go to the primary, through the server that reads the replica.
        csrf = str(spread.cookies["csrftoken"])
        made = spread.post(
            f"{with_replica}{api}/partners/",
            json={"name_zh": "复制测试学院", "country_code": "SG", "org_type": "vocational_school"},
            headers={"X-CSRFToken": csrf, "Referer": with_replica},
            timeout=30,
        )
        assert made.status_code == 201, made.text
        with closing(psycopg.connect(primary.database_url, autocommit=True)) as database:
            readers = database.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE usename = %s",
                [urlsplit(replica_url).username],
            ).fetchone()
        assert readers is not None and readers[0] >= 1, "the replica's role served the reads"
    finally:
        primary.stop()
        reader.close()
