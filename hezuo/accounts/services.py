"""Writes for schools, departments, memberships and personal API tokens."""

from __future__ import annotations

import datetime as dt
from typing import TypedDict, Unpack

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hezuo.accounts.access import Access, Capability
from hezuo.accounts.campus import campus_sign_in_offered
from hezuo.accounts.models import ApiToken, Department, DepartmentKind, Membership, Role, User
from hezuo.accounts.signin import unlock
from hezuo.accounts.tokens import new_token, token_digest
from hezuo.core.audit import audit_record, audit_records, json_value, snapshot
from hezuo.core.errors import HezuoError
from hezuo.core.models import AuditAction, School, SchoolStage
from hezuo.core.writes import create_audited, delete_audited, stored_for_update, update_audited


@transaction.atomic
def school_create(
    *,
    name: str,
    slug: str,
    stage: SchoolStage,
    province: str,
    code: str = "",
    name_en: str = "",
    hours_per_day: int = 8,
) -> School:
    """Register a school (the platform operator's act, so it has no acting user)."""
    school = School(
        name=name,
        slug=slug,
        stage=stage,
        province=province,
        code=code,
        name_en=name_en,
        hours_per_day=hours_per_day,
    )
    school.full_clean()
    school.save(force_insert=True)
    audit_record(
        school=school,
        actor=None,
        action=AuditAction.CREATE,
        instance=school,
        changes={key: [None, value] for key, value in snapshot(school).items()},
    )
    return school


class SchoolChanges(TypedDict, total=False):
    """What the office admin may change of the school (not its slug), each with the type it
    takes."""

    name: str
    name_en: str
    code: str
    stage: SchoolStage
    province: str
    hours_per_day: int
    completion_needs_approved_evidence: bool
    password_sign_in: bool


SCHOOL_EDITABLE = tuple(SchoolChanges.__annotations__)


def school_update(*, access: Access, **changes: Unpack[SchoolChanges]) -> School:
    access.require(Capability.MANAGE_SCHOOL)
    if changes.get("password_sign_in") is False and not campus_sign_in_offered():
        raise ValidationError(
            {
                "password_sign_in": _(
                    "本平台尚未配置统一身份认证，关闭密码登录后本校成员将无法登录：请先请平台运维"
                    "人员配置统一身份认证。"
                )
            }
        )
    return update_audited(
        access.school, actor=access.user, changes=changes, allowed=SCHOOL_EDITABLE
    )


class DepartmentChanges(TypedDict, total=False):
    """What ``department_update`` may change, each with the type it takes."""

    name: str
    kind: DepartmentKind


DEPARTMENT_EDITABLE = tuple(DepartmentChanges.__annotations__)


def department_create(
    *, access: Access, name: str, kind: DepartmentKind = DepartmentKind.COLLEGE
) -> Department:
    access.require(Capability.MANAGE_SCHOOL)
    return create_audited(Department(school=access.school, name=name, kind=kind), actor=access.user)


def department_update(
    *, access: Access, department: Department, **changes: Unpack[DepartmentChanges]
) -> Department:
    access.require(Capability.MANAGE_SCHOOL)
    access.ensure_own(department)
    return update_audited(
        department, actor=access.user, changes=changes, allowed=DEPARTMENT_EDITABLE
    )


def department_delete(*, access: Access, department: Department) -> None:
    """Delete a department no person, activity, programme, agreement or task belongs to
    (they would otherwise lose theirs); the refusal names them."""
    access.require(Capability.MANAGE_SCHOOL)
    access.ensure_own(department)
    delete_audited(department, actor=access.user)


@transaction.atomic
def member_add(
    *,
    access: Access,
    username: str,
    role: Role,
    department: Department | None = None,
    display_name: str = "",
    email: str = "",
    password: str | None = None,
) -> Membership:
    """Give ``username`` a role in the school, creating the user when they are new.

    An existing user keeps their password and name; ``password`` is only used for a new user
    (None leaves a new user unable to sign in until a password is set).
    """
    access.require(Capability.MANAGE_SCHOOL)
    if department is not None and department.school_id != access.school.pk:
        raise ValueError("department of another school")
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(username=username, display_name=display_name, email=email)
        if password is None:
            user.set_unusable_password()
        else:
            user.set_password(password)
        user.full_clean()
        user.save()
    membership = Membership(school=access.school, user=user, role=role, department=department)
    return create_audited(membership, actor=access.user)


def _other_roles(membership: Membership) -> bool:
    """Whether the member keeps another active role in the school (their tokens stay)."""
    return (
        Membership.objects.filter(
            school_id=membership.school_id, user_id=membership.user_id, is_active=True
        )
        .exclude(pk=membership.pk)
        .exists()
    )


@transaction.atomic
def membership_set_active(*, access: Access, membership: Membership, is_active: bool) -> Membership:
    access.require(Capability.MANAGE_SCHOOL)
    if membership.school_id != access.school.pk:
        raise ValueError("membership of another school")
    if (
        not is_active
        and access.user is not None
        and membership.user_id == access.user.pk
        and membership.role == Role.OFFICE_ADMIN
    ):
        raise HezuoError(_("不能停用您自己的外事管理员身份。"))
    if not is_active and not _other_roles(membership):
        _revoke_tokens(access, membership.user_id)
    return update_audited(
        membership, actor=access.user, changes={"is_active": is_active}, allowed=("is_active",)
    )


@transaction.atomic
def membership_remove(*, access: Access, membership: Membership) -> None:
    """Take a role away (the user keeps their account and any other roles)."""
    access.require(Capability.MANAGE_SCHOOL)
    access.ensure_own(membership)
    if (
        access.user is not None
        and membership.user_id == access.user.pk
        and membership.role == Role.OFFICE_ADMIN
    ):
        raise HezuoError(_("不能停用您自己的外事管理员身份。"))
    if not _other_roles(membership):
        _revoke_tokens(access, membership.user_id)
    delete_audited(membership, actor=access.user)


@transaction.atomic
def member_unlock(*, access: Access, membership: Membership) -> Membership:
    """Let a member locked out by wrong passwords sign in again at once (audited)."""
    access.require(Capability.MANAGE_SCHOOL)
    access.ensure_own(membership)
    if not unlock(membership.user.username):
        raise HezuoError(_("该用户的登录未被锁定。"))
    audit_record(
        school=access.school,
        actor=access.user,
        action=AuditAction.UPDATE,
        instance=membership,
        changes={"sign_in_locked": [True, False]},
    )
    return membership


def api_token_create(*, access: Access, name: str, days: int = 90) -> tuple[ApiToken, str]:
    """Make a personal token for the signed-in user in this school, ending after ``days``.
    Returns the row and the token itself, which is shown once and never stored."""
    if access.user is None:
        raise HezuoError(_("API 令牌属于具体的用户。"))
    access.require(Capability.READ)
    name = name.strip()
    if not name or len(name) > 100:
        raise HezuoError(_("请给令牌起一个名称（不超过 100 字），说明它给哪个程序用。"))
    if not 1 <= days <= settings.HEZUO_API_TOKEN_MAX_DAYS:
        raise HezuoError(
            _("令牌的有效期应在 1 到 %(days)d 天之间。")
            % {"days": settings.HEZUO_API_TOKEN_MAX_DAYS}
        )
    token = new_token()
    row = ApiToken(
        school=access.school,
        user=access.user,
        name=name,
        prefix=token[:10],
        digest=token_digest(token),
        expires_at=timezone.now() + dt.timedelta(days=days),
    )
    return create_audited(row, actor=access.user), token


def _revoke_tokens(access: Access, user_id: int) -> None:
    """End the tokens a member holds in this school (their membership ended), audited."""
    now = timezone.now()
    tokens = list(
        ApiToken.objects.select_for_update().filter(
            school=access.school, user_id=user_id, revoked_at__isnull=True
        )
    )
    ApiToken.objects.filter(pk__in=[token.pk for token in tokens]).update(revoked_at=now)
    audit_records(
        school=access.school,
        actor=access.user,
        action=AuditAction.UPDATE,
        entries=[(token, {"revoked_at": [None, json_value(now)]}) for token in tokens],
    )


@transaction.atomic
def api_token_revoke(*, access: Access, token: ApiToken) -> ApiToken:
    """Stop a token from working; its owner or the office admin may."""
    access.ensure_own(token)
    if access.user is None or token.user_id != access.user.pk:
        access.require(Capability.MANAGE_SCHOOL)
    current = stored_for_update(token)
    if current.revoked_at is not None:
        return token
    return update_audited(
        token,
        actor=access.user,
        changes={"revoked_at": timezone.now()},
        allowed=("revoked_at",),
        stored=current,
    )
