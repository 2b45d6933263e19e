"""The mail settings reach Django's SMTP backend: a new installation, configured only through
its HEZUO_EMAIL_* environment, sends `hezuo manage sendtestemail` through a real SMTP server
on loopback (aiosmtpd) — over STARTTLS with AUTH LOGIN, and over implicit TLS (port 465 style)
— signing in with the configured mailbox; the server's certificate is checked; TLS and SSL
together are refused at start; without a mail server, mail goes to the console."""

from __future__ import annotations

import datetime as dt
import ipaddress
import socket
import ssl
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from tests.installation import HEZUO, environment

MAILBOX = "hezuo@example.edu.cn"
MAILBOX_PASSWORD = "qzvkfhxbnmrtwpld"  # an authorisation code, as QQ and Exmail issue them
SENDER = f"合作平台 <{MAILBOX}>"
RECIPIENT = "it-office@example.edu.cn"


@dataclass
class Certificates:
    """A school's own certificate authority, and the mail server's certificate it signed
    (for 127.0.0.1)."""

    authority: Path
    chain: Path
    key: Path

    def server_context(self) -> ssl.SSLContext:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(self.chain, self.key)
        return context


def _name(common_name: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


@pytest.fixture(scope="module")
def certificates(tmp_path_factory: pytest.TempPathFactory) -> Certificates:
    folder = tmp_path_factory.mktemp("certificates")
    now = dt.datetime.now(dt.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = _name("hezuo test CA")
    authority = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(hours=1))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), False)
        .sign(ca_key, hashes.SHA256())
    )
    server_key = ec.generate_private_key(ec.SECP256R1())
    server = (
        x509.CertificateBuilder()
        .subject_name(_name("127.0.0.1"))
        .issuer_name(ca_name)
        .public_key(server_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(hours=1))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False
        )
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), False
        )
        .sign(ca_key, hashes.SHA256())
    )
    pem = serialization.Encoding.PEM
    paths = Certificates(
        authority=folder / "ca.pem", chain=folder / "server.pem", key=folder / "server.key"
    )
    paths.authority.write_bytes(authority.public_bytes(pem))
    paths.chain.write_bytes(server.public_bytes(pem) + authority.public_bytes(pem))
    paths.key.write_bytes(
        server_key.private_bytes(
            pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    return paths


@dataclass
class MailServer:
    """What an SMTP server on loopback saw: who signed in (mechanism, login, over TLS) and
    the messages it accepted (sender, recipients, content)."""

    port: int = 0
    logins: list[tuple[str, str, bool]] = field(default_factory=list)
    messages: list[tuple[str, list[str], bytes]] = field(default_factory=list)

    def authenticate(
        self, server: SMTP, session: Session, envelope: Envelope, mechanism: str, data: Any
    ) -> AuthResult:
        assert isinstance(data, LoginPassword)
        over_tls = server.transport is not None and bool(
            server.transport.get_extra_info("ssl_object")
        )
        self.logins.append((mechanism, data.login.decode(), over_tls))
        good = (data.login, data.password) == (MAILBOX.encode(), MAILBOX_PASSWORD.encode())
        return AuthResult(success=good, handled=False)

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        assert session.authenticated, "the server takes mail from signed-in senders only"
        content = envelope.original_content or b""
        self.messages.append((str(envelope.mail_from), list(envelope.rcpt_tos), content))
        return "250 Message accepted"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def serve(recorder: MailServer, **options: Any) -> Iterator[MailServer]:
    recorder.port = free_port()
    controller = Controller(
        recorder,
        hostname="127.0.0.1",
        port=recorder.port,
        auth_required=True,
        authenticator=recorder.authenticate,
        **options,
    )
    controller.start()
    try:
        yield recorder
    finally:
        controller.stop()


@pytest.fixture
def starttls_server(certificates: Certificates) -> Iterator[MailServer]:
    """Port 587 style: plain until STARTTLS, which it requires; signs in with LOGIN only."""
    yield from serve(
        MailServer(),
        tls_context=certificates.server_context(),
        require_starttls=True,
        auth_exclude_mechanism=["PLAIN"],
    )


@pytest.fixture
def ssl_server(certificates: Certificates) -> Iterator[MailServer]:
    """Port 465 style: TLS from the first byte (so AUTH needs no STARTTLS)."""
    yield from serve(
        MailServer(), ssl_context=certificates.server_context(), auth_require_tls=False
    )


# aiosmtpd knows TLS only as STARTTLS, and warns that AUTH is allowed without it; this server
# speaks TLS from the first byte.
IMPLICIT_TLS = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")


def send_test_email(tmp_path: Path, **settings: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*HEZUO, "manage", "sendtestemail", RECIPIENT],
        env=environment(tmp_path, **settings),
        capture_output=True,
        text=True,
        timeout=120,
    )


def mailbox_settings(server: MailServer, **settings: str) -> dict[str, str]:
    return {
        "HEZUO_EMAIL_HOST": "127.0.0.1",
        "HEZUO_EMAIL_PORT": str(server.port),
        "HEZUO_EMAIL_USER": MAILBOX,
        "HEZUO_EMAIL_PASSWORD": MAILBOX_PASSWORD,
        "HEZUO_DEFAULT_FROM_EMAIL": SENDER,
        **settings,
    }


def assert_delivered(server: MailServer) -> None:
    (message,) = server.messages
    sender, recipients, content = message
    assert (sender, recipients) == (MAILBOX, [RECIPIENT])
    assert b"Test email from" in content


def test_mail_goes_out_over_starttls_signed_in_with_login(
    tmp_path: Path, certificates: Certificates, starttls_server: MailServer
) -> None:
    sent = send_test_email(
        tmp_path,
        SSL_CERT_FILE=str(certificates.authority),  # the school's CA, trusted by the system
        **mailbox_settings(starttls_server, HEZUO_EMAIL_USE_TLS="1"),
    )
    assert sent.returncode == 0, sent.stderr
    assert starttls_server.logins == [("LOGIN", MAILBOX, True)]
    assert_delivered(starttls_server)


@IMPLICIT_TLS
def test_mail_goes_out_over_implicit_tls_signed_in(
    tmp_path: Path, certificates: Certificates, ssl_server: MailServer
) -> None:
    sent = send_test_email(
        tmp_path,
        SSL_CERT_FILE=str(certificates.authority),
        **mailbox_settings(ssl_server, HEZUO_EMAIL_USE_SSL="1"),
    )
    assert sent.returncode == 0, sent.stderr
    [(_mechanism, login, over_tls)] = ssl_server.logins
    assert (login, over_tls) == (MAILBOX, True)
    assert_delivered(ssl_server)


@IMPLICIT_TLS
def test_a_server_whose_certificate_is_not_trusted_gets_no_password(
    tmp_path: Path, ssl_server: MailServer
) -> None:
    sent = send_test_email(tmp_path, **mailbox_settings(ssl_server, HEZUO_EMAIL_USE_SSL="1"))
    assert sent.returncode != 0
    assert "CERTIFICATE_VERIFY_FAILED" in sent.stderr, sent.stderr
    assert ssl_server.logins == [] and ssl_server.messages == []


def test_a_wrong_password_is_refused_by_the_server(
    tmp_path: Path, certificates: Certificates, starttls_server: MailServer
) -> None:
    settings = mailbox_settings(starttls_server, HEZUO_EMAIL_USE_TLS="1")
    settings["HEZUO_EMAIL_PASSWORD"] = "not-the-code"
    sent = send_test_email(tmp_path, SSL_CERT_FILE=str(certificates.authority), **settings)
    assert sent.returncode != 0
    assert "SMTPAuthenticationError" in sent.stderr, sent.stderr
    assert starttls_server.messages == []


def test_tls_and_ssl_together_are_refused_at_start(tmp_path: Path) -> None:
    checked = subprocess.run(
        [*HEZUO, "manage", "check"],
        env=environment(
            tmp_path,
            HEZUO_EMAIL_HOST="smtp.exmail.qq.com",
            HEZUO_EMAIL_USE_TLS="1",
            HEZUO_EMAIL_USE_SSL="1",
        ),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert checked.returncode != 0
    assert "ImproperlyConfigured" in checked.stderr
    assert "HEZUO_EMAIL_USE_TLS and HEZUO_EMAIL_USE_SSL" in checked.stderr, checked.stderr


def test_the_settings_follow_the_environment(tmp_path: Path) -> None:
    shown = subprocess.run(
        [*HEZUO, "manage", "diffsettings", "--all"],
        env=environment(
            tmp_path,
            HEZUO_EMAIL_HOST="smtp.exmail.qq.com",
            HEZUO_EMAIL_USE_SSL="1",
            HEZUO_EMAIL_TIMEOUT="7",
            HEZUO_DEFAULT_FROM_EMAIL=MAILBOX,
        ),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert shown.returncode == 0, shown.stderr
    lines = {line.removeprefix("### ") for line in shown.stdout.splitlines()}  # ###: as Django's
    assert {
        "EMAIL_BACKEND = 'django.core.mail.backends.smtp.EmailBackend'",
        "EMAIL_HOST = 'smtp.exmail.qq.com'",
        "EMAIL_PORT = 465",  # the port goes with SSL unless named
        "EMAIL_USE_SSL = True",
        "EMAIL_USE_TLS = False",
        "EMAIL_TIMEOUT = 7",
        f"SERVER_EMAIL = '{MAILBOX}'",
        "EMAIL_SUBJECT_PREFIX = '[hezuo] '",
    } <= lines, shown.stdout


def test_without_a_mail_server_mail_is_printed(tmp_path: Path) -> None:
    sent = send_test_email(tmp_path)
    assert sent.returncode == 0, sent.stderr
    assert f"To: {RECIPIENT}" in sent.stdout
    assert "Test email from" in sent.stdout
