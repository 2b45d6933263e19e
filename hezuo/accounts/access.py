"""Who may do what in a school. Every selector and service takes an ``Access``; views, API
endpoints and commands obtain one with ``access_for`` (a signed-in user) or ``system_access``
(the operator on the server's command line), so scoping cannot be forgotten."""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TypeVar

from django.db import models
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from hezuo.accounts.models import DEPARTMENT_ROLES, Membership, Role, User
from hezuo.core.errors import AccessDenied, NotFound
from hezuo.core.models import School

M = TypeVar("M", bound=models.Model)


class Capability(enum.Enum):
    READ = "read"  # see the school's records
    MANAGE_SCHOOL = "manage_school"  # users, departments, indicator catalogue, projects and tasks
    MANAGE_COOPERATION = "manage_cooperation"  # partners, agreements, programmes, assistance
    RECORD_ACTIVITIES = "record_activities"  # activities, participation, outcomes
    EDIT_TASK_POINTS = "edit_task_points"
    MANAGE_EVIDENCE = "manage_evidence"
    REVIEW_EVIDENCE = "review_evidence"


# Which roles hold a capability, and whether a department role holds it only for its department.
_ANYWHERE = {
    Capability.READ: {
        Role.OFFICE_ADMIN,
        Role.DEPARTMENT_LIAISON,
        Role.TASK_OWNER,
        Role.REVIEWER,
        Role.VIEWER,
    },
    Capability.MANAGE_SCHOOL: {Role.OFFICE_ADMIN},
    Capability.MANAGE_COOPERATION: {Role.OFFICE_ADMIN},
    Capability.RECORD_ACTIVITIES: {Role.OFFICE_ADMIN},
    Capability.EDIT_TASK_POINTS: {Role.OFFICE_ADMIN},
    Capability.MANAGE_EVIDENCE: {Role.OFFICE_ADMIN},
    Capability.REVIEW_EVIDENCE: {Role.OFFICE_ADMIN, Role.REVIEWER},
}
_IN_OWN_DEPARTMENT = {
    Capability.RECORD_ACTIVITIES: {Role.DEPARTMENT_LIAISON},
    Capability.EDIT_TASK_POINTS: {Role.TASK_OWNER},
    Capability.MANAGE_EVIDENCE: {Role.DEPARTMENT_LIAISON, Role.TASK_OWNER},
}


def role_allows(role: Role, capability: Capability, *, own_department: bool) -> bool:
    """The rule table as a pure function: may ``role`` use ``capability`` on a record that is
    (``own_department=True``) or is not in the role's own department?"""
    if role in _ANYWHERE.get(capability, set()):
        return True
    return own_department and role in _IN_OWN_DEPARTMENT.get(capability, set())


@dataclass(frozen=True)
class Access:
    """What one actor may do in one school. ``user`` is None for the system operator."""

    school: School
    user: User | None
    roles: frozenset[Role]
    departments: Mapping[Role, frozenset[int]] = field(default_factory=lambda: MappingProxyType({}))

    @property
    def is_system(self) -> bool:
        return self.user is None

    def can(self, capability: Capability, *, department_id: int | None = None) -> bool:
        for role in self.roles:
            own = department_id is not None and department_id in self.departments.get(
                role, frozenset()
            )
            if role_allows(role, capability, own_department=own):
                return True
        return False

    def require(self, capability: Capability, *, department_id: int | None = None) -> None:
        if not self.can(capability, department_id=department_id):
            raise AccessDenied()

    def ensure_own(self, *records: models.Model | None) -> None:
        """Raise NotFound unless every given record belongs to this school."""
        for record in records:
            if record is not None and getattr(record, "school_id", None) != self.school.pk:
                raise NotFound()

    def department_scope(self, capability: Capability) -> frozenset[int] | None:
        """Departments where the actor may use ``capability``; None means everywhere."""
        if any(role_allows(role, capability, own_department=False) for role in self.roles):
            return None
        allowed: set[int] = set()
        for role in self.roles:
            if role_allows(role, capability, own_department=True):
                allowed |= self.departments.get(role, frozenset())
        return frozenset(allowed)


def _access_from_memberships(
    school: School, user: User | None, memberships: Iterable[Membership]
) -> Access:
    roles: set[Role] = set()
    departments: dict[Role, set[int]] = {}
    for membership in memberships:
        role = Role(membership.role)
        roles.add(role)
        if role in DEPARTMENT_ROLES and membership.department_id is not None:
            departments.setdefault(role, set()).add(membership.department_id)
    return Access(
        school=school,
        user=user,
        roles=frozenset(roles),
        departments=MappingProxyType({r: frozenset(d) for r, d in departments.items()}),
    )


def access_for(*, user: User, school: School | str) -> Access:
    """The signed-in ``user``'s access to ``school`` (a School or its slug).

    A user with no active membership in the school gets ``NotFound``, exactly as for a school
    that does not exist. Platform superusers act as the school's office admin.
    """
    if not user.is_authenticated or not user.is_active:
        raise NotFound(_("找不到该学校。"))
    if isinstance(school, str):
        found = School.objects.filter(slug=school).first()
        if found is None:
            raise NotFound(_("找不到该学校。"))
        school = found
    if user.is_superuser:
        return Access(school=school, user=user, roles=frozenset({Role.OFFICE_ADMIN}))
    memberships = list(
        Membership.objects.filter(user=user, school=school, is_active=True).only(
            "role", "department_id"
        )
    )
    if not memberships:
        raise NotFound(_("找不到该学校。"))
    return _access_from_memberships(school, user, memberships)


def system_access(*, school: School | str) -> Access:
    """Full access for the operator of the server (command line, demo loader, jobs)."""
    if isinstance(school, str):
        found = School.objects.filter(slug=school).first()
        if found is None:
            raise NotFound(_("找不到标识为“%(slug)s”的学校。") % {"slug": school})
        school = found
    return Access(school=school, user=None, roles=frozenset({Role.OFFICE_ADMIN}))


def scoped(queryset: QuerySet[M], *, access: Access) -> QuerySet[M]:
    """``queryset`` narrowed to the actor's school, after checking the actor may read."""
    access.require(Capability.READ)
    return queryset.filter(school=access.school)


MAX_ID = 2**63 - 1  # the largest primary key SQLite and PostgreSQL store


def scoped_get(queryset: QuerySet[M], *, access: Access, pk: object) -> M:
    """One record of the actor's school; another school's record is simply not found, and
    neither is an id no record can have (not a whole number, or beyond the database's range)."""
    try:
        number = int(pk)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        raise NotFound() from None
    if not 0 < number <= MAX_ID:
        raise NotFound()
    found = scoped(queryset, access=access).filter(pk=number).first()
    if found is None:
        raise NotFound()
    return found
