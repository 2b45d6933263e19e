"""两步验证: an office admin adds an authenticator app; signing in with the password then needs
its current code — a wrong or missing one is refused, the admin site signs in on the same page —
and the code removes it again. Others may not add one."""

from __future__ import annotations

import re
import time
from base64 import b32decode

from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from hezuo.accounts.models import User
from tests.personas import Personas

PASSWORD = "Two-steps-ahead-2031"


def _code(secret: str, *, later: int = 0) -> str:
    totp = TOTP(b32decode(secret))
    totp.time = time.time() + later
    return f"{totp.token():06d}"


def _unthrottle(user: User) -> None:
    for device in TOTPDevice.objects.filter(user=user):
        device.throttle_reset()


def _sign_in(username: str, code: str = "", next_page: str = "") -> tuple[Client, int, str]:
    client = Client()
    answer = client.post(
        f"/accounts/login/{'?next=' + next_page if next_page else ''}",
        {"username": username, "password": PASSWORD, "otp_token": code},
    )
    return client, answer.status_code, answer.content.decode()


def test_an_office_admin_adds_removes_and_signs_in_with_a_second_factor(
    personas: Personas,
) -> None:
    alice = User.objects.get(username="alice")
    alice.set_password(PASSWORD)
    alice.save()
    client, status, _page = _sign_in("alice")
    assert status == 302, "no second factor yet: the password is enough"
    page = client.get("/accounts/two-factor/").content.decode()
    found = re.search(r'data-testid="two-factor-secret">([A-Z2-7=]+)<', page)
    assert found is not None and "<svg" in page
    secret = found.group(1)
    wrong = client.post("/accounts/two-factor/", {"code": "000000"})
    assert "验证码不正确" in wrong.content.decode()
    assert not TOTPDevice.objects.filter(user=alice, confirmed=True).exists()
    _unthrottle(alice)  # each wrong code makes the next wait (django-otp)
    client.post("/accounts/two-factor/", {"code": _code(secret)})
    assert TOTPDevice.objects.filter(user=alice, confirmed=True).exists()

    _client, status, page = _sign_in("alice")
    assert status == 200 and "请填写验证器 App 中的 6 位验证码" in page
    _client, status, page = _sign_in("alice", "123456")
    assert status == 200 and "验证码不正确" in page
    _unthrottle(alice)
    signed, status, _page = _sign_in("alice", _code(secret, later=30))
    assert status == 302
    assert signed.get("/s/alpha/").status_code == 200

    # A code once used is not taken again, and the admin site signs in on the same page.
    admin = Client().get("/admin/login/?next=/admin/")
    assert admin.status_code == 302 and admin["Location"] == "/accounts/login/?next=/admin/"

    removed = signed.post(
        "/accounts/two-factor/", {"action": "remove", "code": _code(secret, later=60)}
    )
    assert removed.status_code == 302
    assert not TOTPDevice.objects.filter(user=alice).exists()
    _client, status, _page = _sign_in("alice")
    assert status == 302


def test_only_office_admins_and_operators_add_one(personas: Personas) -> None:
    client = Client()
    client.force_login(personas.victor)
    assert client.get("/accounts/two-factor/").status_code == 403
    assert Client().get("/accounts/two-factor/").status_code == 302  # signed out: sign in
    User.objects.filter(username="victor").update(is_superuser=True)
    assert client.get("/accounts/two-factor/").status_code == 200
