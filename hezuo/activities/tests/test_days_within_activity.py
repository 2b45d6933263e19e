"""A participation row lasts no longer than its activity: 400 days on a two-day visit is refused
wherever rows are written (the services, the web page, the API), and so is shortening an
activity below the rows it holds. An activity without an end date has no length to check."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from hezuo.accounts.access import Access
from hezuo.accounts.services import api_token_create
from hezuo.activities.models import (
    Activity,
    ActivityType,
    Direction,
    Mode,
    Participation,
    ParticipationRole,
    PersonCategory,
)
from hezuo.activities.services import (
    ParticipationInput,
    activity_create,
    activity_update,
    participation_add,
    participation_update,
)
from tests.personas import Personas

pytestmark = pytest.mark.django_db

TEACHER, MEMBER = PersonCategory.FULL_TIME_TEACHER, ParticipationRole.MEMBER
TOO_LONG = "参与记录的天数为 400 天，超过了活动的时长（2021-07-01 至 2021-07-02，共 2 天）。"


@pytest.fixture
def alice(personas: Personas) -> Access:
    return personas.access(personas.alice)


def visit(access: Access, *rows: ParticipationInput, end_on: dt.date | None = None) -> Activity:
    """A two-day visit (1–2 July 2021), or one without an end date when ``end_on`` is None
    and no rows are given."""
    return activity_create(
        access=access,
        title="赴港考察",
        activity_type=ActivityType.OUTBOUND_VISIT,
        direction=Direction.OUTBOUND,
        mode=Mode.OFFLINE,
        start_on=dt.date(2021, 7, 1),
        end_on=end_on,
        participations=rows,
    )


def days(n: int | str) -> ParticipationInput:
    return ParticipationInput(TEACHER, MEMBER, 3, days=Decimal(n))


TWO_DAYS_END = dt.date(2021, 7, 2)


def test_a_row_longer_than_its_activity_is_refused_with_both_lengths(alice: Access) -> None:
    with pytest.raises(ValidationError) as refused:
        visit(alice, days(400), end_on=TWO_DAYS_END)
    assert refused.value.message_dict == {"days": [TOO_LONG]}
    assert not Activity.objects.filter(school=alice.school, title="赴港考察").exists()


def test_rows_as_long_as_the_activity_or_in_class_hours_are_kept(alice: Access) -> None:
    activity = visit(
        alice,
        days(2),
        ParticipationInput(TEACHER, MEMBER, 3, hours=Decimal(400)),
        end_on=TWO_DAYS_END,
    )
    assert activity.participations.count() == 2


def test_a_row_added_or_changed_beyond_the_activity_is_refused(alice: Access) -> None:
    activity = visit(alice, days(1), end_on=TWO_DAYS_END)
    with pytest.raises(ValidationError, match="共 2 天"):
        participation_add(access=alice, activity=activity, row=days("2.5"))
    row = activity.participations.get()
    with pytest.raises(ValidationError) as refused:
        participation_update(access=alice, participation=row, days=Decimal(400))
    assert refused.value.message_dict == {"days": [TOO_LONG]}
    row.refresh_from_db()
    assert row.days == 1


def test_an_activity_cannot_be_shortened_below_its_rows(alice: Access) -> None:
    activity = visit(alice, days(2), end_on=TWO_DAYS_END)
    with pytest.raises(ValidationError) as refused:
        activity_update(access=alice, activity=activity, end_on=dt.date(2021, 7, 1))
    [message] = refused.value.message_dict["end_on"]
    assert message.startswith("参与记录的天数为 2 天，超过了活动的时长（2021-07-01 至 2021-07-01")
    activity_update(access=alice, activity=activity, end_on=dt.date(2021, 7, 3))


def test_an_activity_without_an_end_date_is_not_checked(alice: Access) -> None:
    activity = visit(alice, days(400))
    assert activity.participations.get().days == 400


def test_the_web_page_refuses_the_row_and_says_why(personas: Personas, alice: Access) -> None:
    activity = visit(alice, end_on=TWO_DAYS_END)
    client = Client()
    client.force_login(personas.alice)
    data = {
        "form-TOTAL_FORMS": "1",
        "form-INITIAL_FORMS": "0",
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "1000",
        "form-0-person_category": TEACHER,
        "form-0-role": MEMBER,
        "form-0-headcount": "3",
        "form-0-days": "400",
    }
    response = client.post(reverse("web:participations", args=["alpha", activity.pk]), data)
    assert response.status_code == 200
    assert TOO_LONG in response.content.decode()
    assert not Participation.objects.filter(activity=activity).exists()


def test_the_api_refuses_the_row_and_says_why(alice: Access) -> None:
    activity = visit(alice, end_on=TWO_DAYS_END)
    token = api_token_create(access=alice, name="天数")[1]
    response = Client().put(
        f"/api/v1/schools/alpha/activities/{activity.pk}/participations/",
        [{"person_category": TEACHER, "role": MEMBER, "headcount": 3, "days": "400"}],
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 400, response.content
    assert response.json()["fields"] == {"days": [TOO_LONG]}
    assert not Participation.objects.filter(activity=activity).exists()
