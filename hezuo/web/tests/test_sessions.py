"""A signed-in session ends after two idle hours and twelve hours after signing in, whatever
happens in between; "sign out everywhere" ends every session of the person at once."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from time_machine import TimeMachineFixture

from hezuo.accounts.models import User
from tests.personas import Personas

pytestmark = pytest.mark.django_db
PASSWORD = "Fenghuang-2031-qiao"
START = dt.datetime(2026, 12, 7, 1, 0, tzinfo=dt.UTC)


@pytest.fixture
def alice(personas: Personas) -> User:
    personas.alice.set_password(PASSWORD)
    personas.alice.save()
    return personas.alice


def signed_in_client() -> Client:
    client = Client()
    answer = client.post(reverse("login"), {"username": "alice", "password": PASSWORD})
    assert answer.status_code == 302
    return client


def page(client: Client) -> int:
    return client.get(reverse("web:dashboard", kwargs={"school": "alpha"})).status_code


def test_a_session_ends_after_its_idle_time_and_activity_keeps_it(
    alice: User, time_machine: TimeMachineFixture
) -> None:
    idle = dt.timedelta(minutes=settings.HEZUO_SESSION_IDLE_MINUTES)
    time_machine.move_to(START, tick=False)
    client = signed_in_client()
    for step in range(1, 5):  # a request every idle time less ten minutes, for hours
        time_machine.move_to(START + step * (idle - dt.timedelta(minutes=10)), tick=False)
        assert page(client) == 200, step
    time_machine.move_to(START + 4 * (idle - dt.timedelta(minutes=10)) + idle, tick=False)
    assert page(client) == 302, "idle too long: asked to sign in again"


def test_a_session_ends_after_its_longest_life_however_active(
    alice: User, time_machine: TimeMachineFixture
) -> None:
    time_machine.move_to(START, tick=False)
    client = signed_in_client()
    longest = dt.timedelta(hours=settings.HEZUO_SESSION_MAX_HOURS)
    moment = START
    while moment + dt.timedelta(minutes=30) < START + longest:
        moment += dt.timedelta(minutes=30)
        time_machine.move_to(moment, tick=False)
        assert page(client) == 200
    time_machine.move_to(START + longest + dt.timedelta(minutes=1), tick=False)
    assert page(client) == 302


def test_signing_out_everywhere_ends_every_session_of_the_person(
    alice: User, personas: Personas
) -> None:
    laptop, phone = signed_in_client(), signed_in_client()
    colleague = Client()
    colleague.force_login(personas.tom)
    assert page(laptop) == page(phone) == page(colleague) == 200
    answer = phone.post(reverse("sign-out-everywhere"))
    assert answer.status_code == 302 and answer["Location"] == reverse("login")
    assert page(laptop) == 302 and page(phone) == 302
    assert page(colleague) == 200, "another person's session goes on"
    assert page(signed_in_client()) == 200, "signing in again works"
    assert phone.get(reverse("sign-out-everywhere")).status_code == 405
