"""The password rules (ASVS level 2): 12 characters at least, none of the breached passwords
Django ships, and a change that changes it — on every page that sets a password."""

from __future__ import annotations

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client

from hezuo.accounts.models import User
from tests.personas import Personas

CURRENT = "Lanterns-over-2031"


@pytest.mark.parametrize(
    ("password", "refused"),
    [
        ("Kites-2031x", True),  # 11 characters
        ("Kites-2031xy", False),  # 12
        ("qwerty123456", True),  # 12, and breached
        ("1qaz2wsx3edc", True),
        ("918273645546", True),  # all digits
    ],
)
def test_length_breaches_and_digits(password: str, refused: bool) -> None:
    if refused:
        with pytest.raises(ValidationError):
            validate_password(password)
    else:
        validate_password(password)


def test_a_change_must_change_the_password(personas: Personas) -> None:
    user = User.objects.get(username="tom")
    user.set_password(CURRENT)
    user.save()
    client = Client()
    client.force_login(user)
    same = client.post(
        "/accounts/password/",
        {"old_password": CURRENT, "new_password1": CURRENT, "new_password2": CURRENT},
    )
    assert same.status_code == 200
    assert "新密码不能与当前密码相同" in same.content.decode()
    user.refresh_from_db()
    assert user.check_password(CURRENT)
    other = "Lanterns-over-2032"
    changed = client.post(
        "/accounts/password/",
        {"old_password": CURRENT, "new_password1": other, "new_password2": other},
    )
    assert changed.status_code == 302
    user.refresh_from_db()
    assert user.check_password(other)


def test_a_new_members_first_password_follows_the_rules(personas: Personas) -> None:
    client = Client()
    client.force_login(User.objects.get(username="alice"))
    answer = client.post(
        "/s/alpha/members/new/",
        {"username": "newcomer", "password": "short-pw", "role": "viewer"},
    )
    assert answer.status_code == 200
    assert "至少需要 12 个字符" in answer.content.decode(), "the length rule is said in Chinese"
    assert not User.objects.filter(username="newcomer").exists()
