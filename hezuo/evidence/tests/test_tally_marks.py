"""Whether an activity has approved evidence is kept in its month's participation tallies (the
review warning counts the records without it): every write that can change it marks the month,
whatever made the write, and the tallies then equal the records (``activities/tests/tallied``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection

from hezuo.activities.models import StaleMonth
from hezuo.activities.tests.tallied import assert_tallies_match, exchange, students
from hezuo.core.review import ReviewStatus
from hezuo.evidence.models import Evidence
from hezuo.evidence.services import evidence_delete, evidence_review_move, evidence_update
from hezuo.evidence.triggers import TRIGGER_NAMES
from tests.personas import Personas
from tests.world import World, build_world

pytestmark = pytest.mark.django_db

Links = Evidence.activities.through


def _approve(world: World) -> None:
    for step in (ReviewStatus.SUBMITTED, ReviewStatus.APPROVED):
        evidence_review_move(access=world.access, evidence=world.evidence, to=step)


def _other(world: World) -> Any:
    return exchange(world.access, dt.date(2021, 9, 9), students(4, days=2))


# Each write done alone once the tallies are current; all but the first on approved evidence.
WRITES: dict[str, Callable[[World], object]] = {
    "approved": _approve,
    "returned in SQL": lambda world: Evidence.objects.filter(pk=world.evidence.pk).update(
        review_status=ReviewStatus.DRAFT
    ),
    "linked to another activity": lambda world: evidence_update(
        access=world.access,
        evidence=world.evidence,
        links={"activities": [world.activity, _other(world)]},
    ),
    "unlinked": lambda world: evidence_update(
        access=world.access, evidence=world.evidence, links={"activities": []}
    ),
    "link changed in SQL": lambda world: Links.objects.filter(evidence=world.evidence).update(
        activity=_other(world)
    ),
    "deleted": lambda world: evidence_delete(access=world.access, evidence=world.evidence),
}


@pytest.mark.parametrize("write", list(WRITES))
def test_each_evidence_write_that_changes_approval_marks_its_month(
    personas: Personas, write: str
) -> None:
    world = build_world(personas)
    if write != "approved":
        _approve(world)
    assert_tallies_match(personas.alpha)

    WRITES[write](world)

    assert StaleMonth.objects.filter(school=personas.alpha).exists()
    assert_tallies_match(personas.alpha)


def test_a_comment_or_a_move_short_of_approval_marks_nothing(personas: Personas) -> None:
    world = build_world(personas)
    assert_tallies_match(personas.alpha)
    evidence_review_move(access=world.access, evidence=world.evidence, to=ReviewStatus.SUBMITTED)
    Evidence.objects.filter(pk=world.evidence.pk).update(review_comment="请补充")
    assert not StaleMonth.objects.filter(school=personas.alpha).exists()


def test_every_evidence_trigger_is_in_the_database(db: None) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        present = {name for (name,) in cursor.fetchall()}
    assert set(TRIGGER_NAMES) <= present
