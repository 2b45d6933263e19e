"""The grouped facts the database returns add up exactly to the rows they group."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import pytest

from hezuo.activities.models import (
    ActivityType,
    Direction,
    Mode,
    Participation,
    ParticipationRole,
    PersonCategory,
)
from hezuo.activities.services import ParticipationInput, activity_create
from hezuo.core.review import ReviewStatus
from hezuo.evidence.services import evidence_create, evidence_review_move
from hezuo.indicators.computation import compute
from hezuo.indicators.facts import indicator_facts
from hezuo.indicators.periods import Period
from hezuo.indicators.spec import parse_spec
from hezuo.partners.models import PartnerType
from hezuo.partners.services import partner_create
from tests.personas import Personas
from tests.world import World, build_world

STUDENT, TEACHER = PersonCategory.STUDENT, PersonCategory.FULL_TIME_TEACHER
TRAINEE = ParticipationRole.TRAINEE


@pytest.fixture
def world(personas: Personas) -> World:
    w = build_world(personas)
    firm = partner_create(
        access=w.access,
        name_zh="走出去企业",
        country_code="CN",
        org_type=PartnerType.GOING_GLOBAL_ENTERPRISE,
    )
    for title, start, partners, rows, cancelled in [
        (
            "研习营",
            dt.date(2021, 7, 1),
            [w.partner, firm],
            [
                ParticipationInput(STUDENT, TRAINEE, 3, days=Decimal("0.29")),
                ParticipationInput(STUDENT, TRAINEE, 7, days=Decimal("15.5")),
                ParticipationInput(TEACHER, TRAINEE, 2, hours=Decimal("12")),
            ],
            False,
        ),
        (
            "线上课",
            dt.date(2021, 11, 2),
            [],
            [
                ParticipationInput(STUDENT, TRAINEE, 45, hours=Decimal("48")),
                ParticipationInput(STUDENT, TRAINEE, 1, hours=Decimal("0.5")),
            ],
            False,
        ),
        (
            "取消的出访",
            dt.date(2021, 8, 1),
            [],
            [
                ParticipationInput(STUDENT, TRAINEE, 9, days=Decimal("9")),
            ],
            True,
        ),
        (
            "明年的活动",
            dt.date(2022, 2, 1),
            [],
            [
                ParticipationInput(STUDENT, TRAINEE, 5, days=Decimal("5")),
            ],
            False,
        ),
    ]:
        activity_create(
            access=w.access,
            title=title,
            activity_type=ActivityType.STUDENT_EXCHANGE,
            direction=Direction.INBOUND,
            mode=Mode.ONLINE,
            start_on=start,
            partners=partners,
            participations=rows,
            is_cancelled=cancelled,
        )
    item = evidence_create(
        access=w.access,
        project=w.project,
        task=w.task,
        code="9.2.5",
        title="研习营报道",
        activities=[w.activity],
    )
    evidence_review_move(access=w.access, evidence=item, to=ReviewStatus.SUBMITTED)
    evidence_review_move(access=w.access, evidence=item, to=ReviewStatus.APPROVED)
    return w


def test_grouped_facts_equal_the_rows_one_by_one(world: World) -> None:
    facts = indicator_facts(access=world.access, period=Period(2021))
    everything = parse_spec(
        formula_kind="sum_person_days", filters={}, hours_per_day=8, include_estimates=True
    )
    rows = Participation.objects.filter(
        school=world.access.school, activity__start_on__year=2021, activity__is_cancelled=False
    )
    expected = sum((row.person_days(8) for row in rows), start=Fraction(0))
    result = compute(everything, facts)
    assert result.value == expected
    assert result.records == tuple(sorted(rows.values_list("pk", flat=True)))
    assert sum(group.rows for group in facts.participations) == rows.count()


def test_a_group_knows_all_partner_types_and_approved_evidence(world: World) -> None:
    facts = indicator_facts(access=world.access, period=Period(2021))
    camp = next(g for g in facts.participations if g.hours_each == 1200)
    assert camp.traits.partner_types == {"public_body", "going_global_enterprise"}
    assert camp.traits.partner_regions == {"hmt", "domestic"}
    assert not camp.traits.has_approved_evidence
    visit = next(g for g in facts.participations if world.activity.pk in g.activity_ids)
    assert visit.traits.has_approved_evidence


def test_without_ids_the_values_are_the_same(world: World) -> None:
    spec = parse_spec(
        formula_kind="sum_person_days",
        filters={"person_categories": ["student"]},
        hours_per_day=8,
        include_estimates=False,
    )
    with_ids = compute(spec, indicator_facts(access=world.access, period=Period(2021)))
    without = compute(
        spec, indicator_facts(access=world.access, period=Period(2021), with_ids=False)
    )
    assert (
        without.value
        == with_ids.value
        == Fraction(3 * 29, 100) + Fraction(7 * 155, 10) + Fraction(45 * 48, 8) + Fraction(1, 16)
    )
    assert without.records == ()


def test_values_alone_are_not_split_by_hours_but_say_whether_evidence_is_approved(
    world: World,
) -> None:
    """The tallies keep whether each row's activity has approved evidence (the review warning
    counts the records without it), not its class-hours."""
    facts = indicator_facts(access=world.access, period=Period(2021), with_ids=False)
    assert all(g.hours_each is None for g in facts.participations)
    with_ids = indicator_facts(access=world.access, period=Period(2021))
    for approved in (True, False):
        assert (
            sum(g.rows for g in facts.participations if g.traits.has_approved_evidence is approved)
            == sum(
                g.rows
                for g in with_ids.participations
                if g.traits.has_approved_evidence is approved
            )
            > 0
        )
