"""Reads for departments, memberships and a record's history."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import QuerySet

from hezuo.accounts.access import Access, Capability, scoped, scoped_get
from hezuo.accounts.models import ApiToken, Department, Membership
from hezuo.core.errors import NotFound
from hezuo.core.models import AuditEvent


def department_list(*, access: Access) -> QuerySet[Department]:
    return scoped(Department.objects.all(), access=access)


def department_get(*, access: Access, pk: object) -> Department:
    return scoped_get(Department.objects.all(), access=access, pk=pk)


def membership_list(*, access: Access) -> QuerySet[Membership]:
    access.require(Capability.MANAGE_SCHOOL)
    return Membership.objects.filter(school=access.school).select_related("user", "department")


def audit_events_for(*, access: Access, instance: models.Model) -> QuerySet[AuditEvent]:
    """The history of one record, newest first, as the detail pages show it."""
    access.require(Capability.READ)
    if getattr(instance, "school_id", access.school.pk) != access.school.pk:
        raise NotFound()
    return AuditEvent.objects.filter(
        school=access.school,
        content_type=ContentType.objects.get_for_model(instance, for_concrete_model=True),
        object_id=instance.pk,
    ).select_related("actor")


def audit_events_recent(*, access: Access, limit: int = 10) -> QuerySet[AuditEvent]:
    """The school's latest changes, for the dashboard."""
    access.require(Capability.READ)
    return (
        AuditEvent.objects.filter(school=access.school)
        .select_related("actor", "content_type")
        .order_by("-created_at", "-id")[:limit]
    )


def membership_get(*, access: Access, pk: object) -> Membership:
    access.require(Capability.MANAGE_SCHOOL)
    return scoped_get(Membership.objects.select_related("user", "department"), access=access, pk=pk)


def api_token_list(*, access: Access) -> QuerySet[ApiToken]:
    """The signed-in user's own tokens in this school, newest first."""
    access.require(Capability.READ)
    return ApiToken.objects.filter(school=access.school, user=access.user)


def api_token_get(*, access: Access, pk: object) -> ApiToken:
    """One of the user's own tokens (the office admin may reach any of the school's)."""
    tokens = ApiToken.objects.select_related("user")
    if not access.can(Capability.MANAGE_SCHOOL):
        tokens = tokens.filter(user=access.user)
    return scoped_get(tokens, access=access, pk=pk)
