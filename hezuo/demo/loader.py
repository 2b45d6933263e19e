"""Load the two seed schools, their users and their records — once."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction

from hezuo.accounts.access import Access, system_access
from hezuo.accounts.models import Department, Role, User
from hezuo.accounts.services import member_add, school_create
from hezuo.core.models import School, SchoolStage
from hezuo.core.review import ReviewStatus
from hezuo.demo import longgang, torch
from hezuo.demo.users import (
    BOTH_SCHOOLS_VIEWER,
    DEMO_PASSWORD,
    PLATFORM_ADMIN,
    DemoUser,
    demo_users,
)
from hezuo.evidence.models import Evidence
from hezuo.evidence.services import evidence_review_move
from hezuo.indicators.services import indicator_catalogue_install


@dataclass(frozen=True)
class DemoSchool:
    slug: str
    school: dict[str, str]
    stage: SchoolStage
    load: Callable[[Access], None]
    users: list[DemoUser]
    catalogues: tuple[str, ...]


DEMO_SCHOOLS = [
    DemoSchool(
        slug=torch.SLUG,
        school=torch.SCHOOL,
        stage=SchoolStage.HIGHER,
        load=torch.load,
        users=demo_users(
            "torch", "火炬", liaison_dept=torch.LIAISON_DEPARTMENT, owner_dept=torch.OFFICE
        ),
        catalogues=("higher_quality_report_2017", "school_exchange_2021"),
    ),
    DemoSchool(
        slug=longgang.SLUG,
        school=longgang.SCHOOL,
        stage=SchoolStage.SECONDARY,
        load=longgang.load,
        users=demo_users(
            "longgang",
            "龙岗",
            liaison_dept=longgang.LIAISON_DEPARTMENT,
            owner_dept=longgang.OFFICE,
        ),
        catalogues=("school_exchange_2021",),
    ),
]


def demo_is_loaded() -> bool:
    return School.objects.filter(slug__in=[demo.slug for demo in DEMO_SCHOOLS]).exists()


@transaction.atomic
def load_demo() -> list[School]:
    """Create both seed schools with their users and records; does nothing when either exists.

    All records go through the services, so the demo obeys every rule a user's input does and
    leaves the same audit trail.
    """
    if demo_is_loaded():
        return []
    if not User.objects.filter(username=PLATFORM_ADMIN).exists():
        # The platform operator repairs data in the admin; created as createsuperuser would.
        User.objects.create_superuser(
            PLATFORM_ADMIN, email="", password=DEMO_PASSWORD, display_name="平台管理员"
        )
    schools = []
    for demo in DEMO_SCHOOLS:
        school = school_create(
            name=demo.school["name"],
            name_en=demo.school["name_en"],
            slug=demo.slug,
            code=demo.school["code"],
            province=demo.school["province"],
            stage=demo.stage,
        )
        access = system_access(school=school)
        for catalogue in demo.catalogues:
            indicator_catalogue_install(access=access, name=catalogue)
        demo.load(access)
        _add_users(access, demo.users)
        _review_evidence(access)
        schools.append(school)
    for school in schools:
        # One reader of both schools, as a province's staff would be: the school switcher.
        member_add(
            access=system_access(school=school),
            username=BOTH_SCHOOLS_VIEWER,
            role=Role.VIEWER,
            display_name="省级观察员",
            password=DEMO_PASSWORD,
        )
    return schools


def _add_users(access: Access, users: list[DemoUser]) -> None:
    for user in users:
        department = (
            Department.objects.get(school=access.school, name=user.department)
            if user.department
            else None
        )
        member_add(
            access=access,
            username=user.username,
            role=user.role,
            department=department,
            display_name=user.display_name,
            email=f"{user.username}@hezuo.invalid",
            password=DEMO_PASSWORD,
        )


def _review_evidence(access: Access) -> None:
    """Submit every item and approve all but the last, so the review queue has one waiting."""
    items = list(Evidence.objects.filter(school=access.school).order_by("code_sort"))
    for index, item in enumerate(items):
        evidence_review_move(access=access, evidence=item, to=ReviewStatus.SUBMITTED)
        if index < len(items) - 1:
            evidence_review_move(access=access, evidence=item, to=ReviewStatus.APPROVED)
