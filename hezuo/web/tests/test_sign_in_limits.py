"""Sign-in that resists guessing (django-axes, hezuo.accounts.signin), through Django's test
client: after ten wrong passwords the right one is refused too, on the sign-in page and the
admin's, with a page that says why in the visitor's language; the lock ends when the office
admin unlocks the member (audited) or when its time has passed; an address is locked after its
own, higher limit, whichever accounts it tried, and another address is not."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from hezuo.accounts.models import Membership, User
from hezuo.accounts.signin import locked_until
from hezuo.core.models import AuditAction, AuditEvent
from tests.personas import Personas

pytestmark = pytest.mark.django_db

RIGHT = "Fenghuang-2031-qiao"
LIMIT = 10


@pytest.fixture
def lily(personas: Personas) -> User:
    personas.lily.set_password(RIGHT)
    personas.lily.save()
    return personas.lily


def sign_in(client: Client, username: str, password: str) -> int:
    response = client.post(reverse("login"), {"username": username, "password": password})
    return response.status_code


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def test_ten_wrong_passwords_lock_the_account_until_the_office_admin_unlocks_it(
    personas: Personas, lily: User
) -> None:
    visitor = Client(REMOTE_ADDR="198.51.100.7")
    codes = [sign_in(visitor, "lily", f"wrong-{n}") for n in range(LIMIT)]
    assert codes[: LIMIT - 1] == [200] * (LIMIT - 1)  # the form says the password is wrong
    assert codes[-1] == 429
    assert sign_in(visitor, "lily", RIGHT) == 429
    assert not signed_in(visitor)
    page = visitor.post(reverse("login"), {"username": "lily", "password": RIGHT})
    assert "登录已暂时锁定" in page.content.decode()
    assert f"{settings.HEZUO_SIGN_IN_LOCK_MINUTES} 分钟" in page.content.decode()
    # From another address too: it is the account that is locked.
    assert sign_in(Client(REMOTE_ADDR="203.0.113.9"), "lily", RIGHT) == 429

    admin = Client()
    admin.force_login(personas.alice)
    membership = Membership.objects.get(user=lily)
    edit = reverse(
        "web:edit", kwargs={"school": "alpha", "resource": "members", "pk": membership.pk}
    )
    form = admin.get(edit).content.decode()
    assert "解除登录锁定" in form and "已被锁定至" in form
    answer = admin.post(edit, {"is_active": "on", "unlock": "on"})
    assert answer.status_code == 302, answer.content.decode()[:2000]
    assert locked_until("lily") is None
    event = AuditEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(Membership),
        object_id=membership.pk,
        action=AuditAction.UPDATE,
    ).latest("id")
    assert event.actor == personas.alice and event.changes == {"sign_in_locked": [True, False]}
    assert "该用户的登录当前未被锁定" in admin.get(edit).content.decode()

    assert sign_in(visitor, "lily", RIGHT) == 302
    assert signed_in(visitor)


def test_the_lock_ends_once_its_time_has_passed(lily: User) -> None:
    visitor = Client()
    for n in range(LIMIT):
        sign_in(visitor, "lily", f"wrong-{n}")
    assert sign_in(visitor, "lily", RIGHT) == 429
    later = timezone.now() + dt.timedelta(minutes=settings.HEZUO_SIGN_IN_LOCK_MINUTES + 1)
    with time_machine.travel(later):
        assert locked_until("lily") is None
        assert sign_in(visitor, "lily", RIGHT) == 302
        assert signed_in(visitor)


def test_the_admin_signs_in_on_the_site_s_page_only(personas: Personas) -> None:
    """The admin has no password form of its own to guess at: it sends to the site's sign-in,
    which counts the failures above (and asks for a second factor)."""
    personas.alice.set_password(RIGHT)
    personas.alice.is_staff = True
    personas.alice.save()
    visitor = Client()
    answer = visitor.post("/admin/login/?next=/admin/", {"username": "alice", "password": RIGHT})
    assert answer.status_code == 302 and answer["Location"] == "/accounts/login/?next=/admin/"
    assert not signed_in(visitor)
    for n in range(LIMIT):
        sign_in(visitor, "alice", f"wrong-{n}")
    assert sign_in(visitor, "alice", RIGHT) == 429
    assert not signed_in(visitor)


@override_settings(HEZUO_SIGN_IN_ADDRESS_FAILURES=5)
def test_an_address_is_locked_after_its_own_limit_whatever_accounts_it_tried(
    lily: User,
) -> None:
    guesser = Client(REMOTE_ADDR="198.51.100.66")
    for n in range(5):
        assert sign_in(guesser, f"nobody-{n}", "guess") == 200
    assert sign_in(guesser, "lily", RIGHT) == 429
    assert not signed_in(guesser)
    assert locked_until("lily") is None, "lily's account itself is not locked"
    colleague = Client(REMOTE_ADDR="198.51.100.67")
    assert sign_in(colleague, "lily", RIGHT) == 302


def test_the_lock_page_speaks_english(lily: User) -> None:
    visitor = Client()
    visitor.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    for n in range(LIMIT):
        sign_in(visitor, "lily", f"wrong-{n}")
    page = visitor.post(reverse("login"), {"username": "lily", "password": RIGHT})
    assert page.status_code == 429
    text = page.content.decode()
    assert "temporarily locked" in text and "office admin" in text
    assert "登录已暂时锁定" not in text
