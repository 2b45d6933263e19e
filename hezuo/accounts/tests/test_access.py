"""The rule table of who may do what."""

from __future__ import annotations

import pytest

from hezuo.accounts.access import Capability, role_allows
from hezuo.accounts.models import Role


@pytest.mark.parametrize("role", [r for r in Role if r != Role.EXPERT])
def test_every_school_role_but_the_expert_reads(role: Role) -> None:
    assert role_allows(role, Capability.READ, own_department=False)


def test_an_expert_holds_no_capability_in_the_school() -> None:
    for capability in Capability:
        assert not role_allows(Role.EXPERT, capability, own_department=True)


def test_a_liaison_records_activities_only_in_their_department() -> None:
    assert role_allows(Role.DEPARTMENT_LIAISON, Capability.RECORD_ACTIVITIES, own_department=True)
    assert not role_allows(
        Role.DEPARTMENT_LIAISON, Capability.RECORD_ACTIVITIES, own_department=False
    )


def test_only_the_office_admin_manages_the_school() -> None:
    allowed = {
        role for role in Role if role_allows(role, Capability.MANAGE_SCHOOL, own_department=True)
    }
    assert allowed == {Role.OFFICE_ADMIN}


def test_reviewers_and_the_office_admin_review_evidence() -> None:
    allowed = {
        role for role in Role if role_allows(role, Capability.REVIEW_EVIDENCE, own_department=True)
    }
    assert allowed == {Role.OFFICE_ADMIN, Role.REVIEWER}
