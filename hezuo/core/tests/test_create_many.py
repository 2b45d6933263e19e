"""Many rows created a batch at a time: the same checks, links and audit events as one by one,
and a refused row named by its place with the form's message."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType

from hezuo.activities.models import Activity, Participation, ParticipationRole, PersonCategory
from hezuo.activities.services import ActivityDraft, ParticipationInput, activities_create_many
from hezuo.core.errors import AccessDenied
from hezuo.core.models import AuditAction, AuditEvent
from hezuo.core.writes import BATCH_SIZE, create_audited_many
from hezuo.partners.models import Partner, PartnerType
from hezuo.partners.services import partner_create
from tests.personas import Personas, in_alpha

STUDENT, TRAINEE = PersonCategory.STUDENT, ParticipationRole.TRAINEE


def _values(title: str, **more: object) -> dict[str, object]:
    return {
        "title": title,
        "activity_type": "student_exchange",
        "direction": "outbound",
        "mode": "offline",
        "start_on": dt.date(2021, 3, 1),
        **more,
    }


def test_rows_links_and_audit_events_are_stored_as_one_by_one(personas: Personas) -> None:
    access = personas.access(personas.alice)
    partner = partner_create(
        access=access, name_zh="斯莱戈理工学院", country_code="IE", org_type=PartnerType.UNIVERSITY
    )
    drafts = [
        ActivityDraft(
            _values(f"活动{i}", department=personas.college, country_code=" ie "),
            partners=(partner,),
            participations=(
                ParticipationInput(STUDENT, TRAINEE, 30, days=Decimal(10)),
                ParticipationInput(STUDENT, TRAINEE, 45, hours=Decimal(48)),
            ),
        )
        for i in range(BATCH_SIZE + 3)  # more than one batch
    ]
    assert activities_create_many(access=access, drafts=drafts) == []
    assert in_alpha(Activity).count() == BATCH_SIZE + 3
    first = in_alpha(Activity).get(title="活动0")
    assert first.country_code == "IE" and list(first.partners.all()) == [partner]
    assert first.participations.count() == 2
    kind = ContentType.objects.get_for_model(Activity)
    event = in_alpha(AuditEvent).get(content_type=kind, object_id=first.pk)
    assert event.action == AuditAction.CREATE and event.actor_id == personas.alice.pk
    assert event.changes["partners"] == [None, [partner.pk]]
    assert event.changes["title"] == [None, "活动0"]
    assert event.object_repr == "活动0"
    rows = in_alpha(AuditEvent).filter(
        content_type=ContentType.objects.get_for_model(Participation)
    )
    assert rows.count() == 2 * (BATCH_SIZE + 3)
    assert {
        e.object_repr for e in rows.filter(object_id__in=first.participations.values("pk"))
    } == {
        "在校生 30 人 × 10 天",
        "在校生 45 人 × 48 课时",
    }


def test_a_refused_row_is_named_and_the_others_stored(personas: Personas) -> None:
    access = personas.access(personas.alice)
    drafts = [
        ActivityDraft(_values("好的")),
        ActivityDraft(_values("结束早于开始", end_on=dt.date(2020, 1, 1))),  # a check constraint
        ActivityDraft(_values("", mode="airborne")),  # fields
        ActivityDraft(
            _values("坏的参与记录"),
            participations=(
                ParticipationInput(STUDENT, TRAINEE, 3, days=Decimal(1), hours=Decimal(8)),
            ),
        ),
    ]
    refusals = activities_create_many(access=access, drafts=drafts)
    assert [(r.index, r.row) for r in refusals] == [(1, None), (2, None), (3, 0)]
    assert refusals[0].error.messages == ["结束日期不能早于开始日期。"]  # type: ignore[union-attr]
    assert set(refusals[1].error.message_dict) == {"title", "mode"}  # type: ignore[union-attr]
    assert "只能填写一项" in refusals[2].error.messages[0]  # type: ignore[union-attr]
    assert set(in_alpha(Activity).values_list("title", flat=True)) == {"好的", "坏的参与记录"}
    assert in_alpha(Participation).count() == 0


def test_rights_are_checked_per_row(personas: Personas) -> None:
    lily = personas.access(personas.lily)  # 包装学院's liaison
    drafts = [
        ActivityDraft(_values("本学院", department=personas.college)),
        ActivityDraft(_values("别的学院", department=personas.other_college)),
    ]
    refusals = activities_create_many(access=lily, drafts=drafts)
    assert [(r.index, type(r.error)) for r in refusals] == [(1, AccessDenied)]
    assert list(in_alpha(Activity).values_list("title", flat=True)) == ["本学院"]


def test_another_schools_records_cannot_be_linked(personas: Personas) -> None:
    beta = personas.access(personas.oscar, personas.beta)
    foreign = partner_create(
        access=beta, name_zh="别校的合作方", country_code="GB", org_type=PartnerType.UNIVERSITY
    )
    refusals = activities_create_many(
        access=personas.access(personas.alice),
        drafts=[ActivityDraft(_values("链接别校"), partners=(foreign,))],
    )
    assert [r.index for r in refusals] == [0]
    assert in_alpha(Activity).count() == 0


def test_models_with_a_save_of_their_own_are_refused(personas: Personas) -> None:
    from hezuo.construction.models import Task

    with pytest.raises(TypeError):
        create_audited_many([Task()], actor=None)
    assert in_alpha(Partner).count() == 0
