"""Identity servers the tests sign in against, each in a process of its own on loopback with
its own data: a CAS server (django-mama-cas) and an OpenID Connect provider
(django-oauth-toolkit), each a small Django site (its settings module here) run by Django's
development server, and an LDAP directory (Debian's slapd, installed by scripts/setup.sh).
Nothing of hezuo's runs in them. Each knows ``PEOPLE``."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.stack import free_port

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "Campus-pass-2031"


@dataclass(frozen=True)
class Person:
    """Someone the campus knows: their campus account, 工号 and e-mail."""

    account: str
    staff_number: str
    email: str


# zhanglin is a member of the demo school (her hezuo username is her 工号); visitor9 is not.
ZHANG = Person("zhanglin", "T20190017", "zhang.lin@torch.edu.cn")
STRANGER = Person("visitor9", "T20990001", "visitor9@torch.edu.cn")
PEOPLE = (ZHANG, STRANGER)


@dataclass(frozen=True)
class Server:
    url: str  # the site's root, without a trailing slash
    log: Path


def _environment(settings: str, folder: Path) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("HEZUO_", "DJANGO_")) and key != "DATABASE_URL"
    }
    env.update(
        DJANGO_SETTINGS_MODULE=settings,
        CAS_SERVER_DB=str(folder / "server.sqlite3"),
        PYTHONPATH=str(ROOT),
    )
    return env


def _django(env: dict[str, str], *arguments: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "django", *arguments],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr


@contextmanager
def django_server(settings: str, folder: Path, setup: str = "") -> Iterator[Server]:
    """Run the site of ``settings`` with its people made, until the block ends. ``setup`` is
    Python run once its database exists (given ``url``, the site's own address)."""
    folder.mkdir(parents=True, exist_ok=True)
    env = _environment(settings, folder)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    _django(env, "migrate", "--verbosity=0")
    people = "\n".join(
        f"User.objects.create_user({p.account!r}, {p.email!r}, {PASSWORD!r}, "
        f"last_name={p.staff_number!r})"
        for p in PEOPLE
    )
    code = f"from django.contrib.auth.models import User\nurl = {url!r}\n{people}\n{setup}"
    _django(env, "shell", "--command", code)
    log = folder / "server.log"
    with log.open("w") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "django", "runserver", f"127.0.0.1:{port}", "--noreload"],
            env=env,
            cwd=ROOT,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_for(url, process, log)
        yield Server(url, log)
    finally:
        process.terminate()
        process.wait(timeout=20)


def _wait_for(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"the identity server stopped:\n{log.read_text()}")
        try:
            urllib.request.urlopen(url + "/", timeout=2)  # loopback
            return
        except urllib.error.HTTPError:
            return  # it answers (404 at its root)
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    raise AssertionError(f"the identity server did not start:\n{log.read_text()}")


@contextmanager
def cas_server(folder: Path) -> Iterator[Server]:
    with django_server("tests.campus.cas_server", folder) as server:
        yield server


OIDC_CLIENT, OIDC_SECRET = "hezuo-tests", "a client secret for the tests"
# Loopback addresses match on any port (RFC 8252), so a live server's is accepted too.
_CALLBACK = "/accounts/campus/oidc/callback/"
_CLIENT = f"""
from oauth2_provider.models import Application
Application.objects.create(
    name="hezuo", client_id={OIDC_CLIENT!r}, client_secret={OIDC_SECRET!r},
    client_type="confidential", authorization_grant_type="authorization-code",
    redirect_uris="http://testserver{_CALLBACK} http://127.0.0.1{_CALLBACK}",
    algorithm="RS256", skip_authorization=True,
)
"""


@contextmanager
def oidc_server(folder: Path) -> Iterator[Server]:
    with django_server("tests.campus.oidc_server", folder, _CLIENT) as server:
        yield server


def oidc_settings(server: Server) -> dict[str, object]:
    """What hezuo's settings hold for the provider (HEZUO_OIDC_* in .env.example)."""
    return {
        "OIDC_OP_AUTHORIZATION_ENDPOINT": f"{server.url}/o/authorize/",
        "OIDC_OP_TOKEN_ENDPOINT": f"{server.url}/o/token/",
        "OIDC_OP_USER_ENDPOINT": f"{server.url}/o/userinfo/",
        "OIDC_OP_JWKS_ENDPOINT": f"{server.url}/o/.well-known/jwks.json",
        "OIDC_RP_CLIENT_ID": OIDC_CLIENT,
        "OIDC_RP_CLIENT_SECRET": OIDC_SECRET,
    }


SLAPD = Path("/usr/sbin/slapd")
LDAP_BASE = "dc=campus,dc=test"
LDAP_PEOPLE = f"ou=people,{LDAP_BASE}"
LDAP_ADMIN, LDAP_ADMIN_PASSWORD = f"cn=admin,{LDAP_BASE}", "directory-admin-secret"
_SLAPD_CONF = """
include /etc/ldap/schema/core.schema
include /etc/ldap/schema/cosine.schema
include /etc/ldap/schema/inetorgperson.schema
modulepath /usr/lib/ldap
moduleload back_mdb
pidfile {folder}/slapd.pid
database mdb
maxsize 10485760
suffix "{base}"
rootdn "{admin}"
rootpw {password}
directory {folder}/data
"""


@contextmanager
def ldap_server(folder: Path) -> Iterator[Server]:
    """slapd on a port of its own, its people under ``LDAP_PEOPLE`` (uid, mail,
    employeeNumber), each with ``PASSWORD``."""
    import ldap
    import ldap.modlist

    assert SLAPD.exists(), f"{SLAPD} is missing: run scripts/setup.sh as root (Debian's slapd)"
    (folder / "data").mkdir(parents=True, exist_ok=True)
    config = folder / "slapd.conf"
    config.write_text(
        _SLAPD_CONF.format(
            folder=folder, base=LDAP_BASE, admin=LDAP_ADMIN, password=LDAP_ADMIN_PASSWORD
        )
    )
    url = f"ldap://127.0.0.1:{free_port()}"
    log = folder / "slapd.log"
    with log.open("w") as output:
        # -d keeps it in the foreground, where it can be stopped; 0: no debugging output.
        process = subprocess.Popen(
            [str(SLAPD), "-f", str(config), "-h", f"{url}/", "-d", "0"],
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        directory = _bound(url, process, log)
        entries = {
            LDAP_BASE: {
                "objectClass": [b"dcObject", b"organization"],
                "dc": [b"campus"],
                "o": [b"Campus"],
            },
            LDAP_PEOPLE: {"objectClass": [b"organizationalUnit"], "ou": [b"people"]},
        }
        for person in PEOPLE:
            entries[f"uid={person.account},{LDAP_PEOPLE}"] = {
                "objectClass": [b"inetOrgPerson"],
                "uid": [person.account.encode()],
                "cn": [person.account.encode()],
                "sn": [person.account.encode()],
                "mail": [person.email.encode()],
                "employeeNumber": [person.staff_number.encode()],
                "userPassword": [PASSWORD.encode()],
            }
        for dn, attributes in entries.items():
            directory.add_s(dn, ldap.modlist.addModlist(attributes))
        directory.unbind_s()
        yield Server(url, log)
    finally:
        process.terminate()
        process.wait(timeout=20)


def _bound(url: str, process: subprocess.Popen[bytes], log: Path) -> Any:
    import ldap

    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"slapd stopped:\n{log.read_text()}")
        try:
            directory = ldap.initialize(url)
            directory.simple_bind_s(LDAP_ADMIN, LDAP_ADMIN_PASSWORD)
            return directory
        except ldap.SERVER_DOWN:
            time.sleep(0.2)
    raise AssertionError(f"slapd did not start:\n{log.read_text()}")


def ldap_settings(server: Server) -> dict[str, object]:
    """What hezuo's settings hold for the directory (HEZUO_LDAP_* in .env.example)."""
    import ldap
    from django_auth_ldap.config import LDAPSearch

    return {
        "AUTH_LDAP_SERVER_URI": server.url,
        "AUTH_LDAP_BIND_DN": LDAP_ADMIN,
        "AUTH_LDAP_BIND_PASSWORD": LDAP_ADMIN_PASSWORD,
        "AUTH_LDAP_USER_SEARCH": LDAPSearch(LDAP_PEOPLE, ldap.SCOPE_SUBTREE, "(uid=%(user)s)"),
    }
