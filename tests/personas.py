"""Personas shared by the whole suite.

Alpha school: Alice is its office admin; Lily is the liaison of its 包装学院; Tom owns the tasks of
its 国际交流与合作处; Rita reviews; Victor (leadership) only reads; Eve is an external expert.
Beta school: Oscar is its office admin — an outsider to everything of Alpha's.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

from django.db import models
from django.db.models import QuerySet

from hezuo.accounts.access import Access, access_for, system_access
from hezuo.accounts.models import Department, DepartmentKind, Role, User
from hezuo.accounts.services import department_create, member_add, school_create
from hezuo.core.models import School, SchoolStage

M = TypeVar("M", bound=models.Model)


@dataclass
class Personas:
    alpha: School
    beta: School
    college: Department  # Alpha's 包装学院 (Lily's)
    office: Department  # Alpha's 国际交流与合作处 (Tom's)
    other_college: Department  # Alpha's 财经商贸学院 (nobody's)
    alice: User
    lily: User
    tom: User
    rita: User
    victor: User
    eve: User
    oscar: User

    def access(self, user: User, school: School | None = None) -> Access:
        return access_for(user=user, school=school or self.alpha)


USERNAMES = ("alice", "lily", "tom", "rita", "victor", "eve", "oscar")


def stored_personas() -> Personas | None:
    """The personas as ``build_personas`` stored them, read back; None when they are not there."""
    schools = {school.slug: school for school in School.objects.filter(slug__in=("alpha", "beta"))}
    users = {user.username: user for user in User.objects.filter(username__in=USERNAMES)}
    if len(schools) < 2 or len(users) < len(USERNAMES):
        return None
    departments = {d.name: d for d in Department.objects.filter(school=schools["alpha"])}
    return Personas(
        alpha=schools["alpha"],
        beta=schools["beta"],
        college=departments["包装学院"],
        office=departments["国际交流与合作处"],
        other_college=departments["财经商贸学院"],
        **{name: users[name] for name in USERNAMES},
    )


def build_personas() -> Personas:
    alpha = school_create(
        name="甲职业技术学院", slug="alpha", stage=SchoolStage.HIGHER, province="44"
    )
    beta = school_create(name="乙职业学校", slug="beta", stage=SchoolStage.SECONDARY, province="33")
    alpha_system = system_access(school=alpha)
    beta_system = system_access(school=beta)
    college = department_create(access=alpha_system, name="包装学院")
    office = department_create(
        access=alpha_system, name="国际交流与合作处", kind=DepartmentKind.FUNCTIONAL
    )
    other_college = department_create(access=alpha_system, name="财经商贸学院")

    def member(access: Access, username: str, role: Role, dept: Department | None = None) -> User:
        return member_add(access=access, username=username, role=role, department=dept).user

    return Personas(
        alpha=alpha,
        beta=beta,
        college=college,
        office=office,
        other_college=other_college,
        alice=member(alpha_system, "alice", Role.OFFICE_ADMIN),
        lily=member(alpha_system, "lily", Role.DEPARTMENT_LIAISON, college),
        tom=member(alpha_system, "tom", Role.TASK_OWNER, office),
        rita=member(alpha_system, "rita", Role.REVIEWER),
        victor=member(alpha_system, "victor", Role.VIEWER),
        eve=member(alpha_system, "eve", Role.EXPERT),
        oscar=member(beta_system, "oscar", Role.OFFICE_ADMIN),
    )


def in_alpha(model: type[M]) -> QuerySet[M]:
    """The rows of ``model`` in Alpha: what a test of Alpha's records counts, whatever other
    schools hold."""
    return model._default_manager.filter(school__slug="alpha")
