"""Users, the departments of a school, and memberships that give a user a role in a school."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from hezuo.core.models import TenantModel


class User(AbstractUser):
    """用户: a person who signs in. What they may do comes from their memberships."""

    display_name = models.CharField(_("姓名"), max_length=50, blank=True)
    sessions_epoch = models.PositiveIntegerField(
        _("登录代次"),
        default=0,
        editable=False,
        help_text=_("“退出所有设备”时加一，此前的登录随之失效。"),
    )

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self) -> str:
        return self.display_name or self.username

    def _get_session_auth_hash(self, secret: str | None = None) -> str:
        """Django keeps this hash in each session and ends a session whose hash no longer
        matches (as after a password change); "sign out everywhere" changes it by counting
        up ``sessions_epoch``. At 0 it is Django's own, so existing sessions stay valid."""
        if not self.sessions_epoch:
            return super()._get_session_auth_hash(secret=secret)  # type: ignore[misc,no-any-return]
        return salted_hmac(
            "hezuo.accounts.models.User.get_session_auth_hash",
            f"{self.password}:{self.sessions_epoch}",
            secret=secret,
            algorithm="sha256",
        ).hexdigest()


class DepartmentKind(models.TextChoices):
    FUNCTIONAL = "functional", _("职能部门")
    COLLEGE = "college", _("二级学院")
    PROGRAMME_GROUP = "programme_group", _("专业群")
    CONSTRUCTION_GROUP = "construction_group", _("建设组")


class Department(TenantModel):
    """部门/二级学院: the unit that owns activities, programmes and construction tasks."""

    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(
        _("类型"), max_length=20, choices=DepartmentKind.choices, default=DepartmentKind.COLLEGE
    )

    class Meta:
        verbose_name = _("部门")
        verbose_name_plural = _("部门")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "name"],
                name="department_name_unique_per_school",
                violation_error_message=_("本校已有同名部门。"),
            )
        ]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    OFFICE_ADMIN = "office_admin", _("外事管理员")
    DEPARTMENT_LIAISON = "department_liaison", _("二级学院联络员")
    TASK_OWNER = "task_owner", _("任务负责人")
    REVIEWER = "reviewer", _("审核人")
    VIEWER = "viewer", _("查看者（学校领导）")
    EXPERT = "expert", _("评审专家")


DEPARTMENT_ROLES = (Role.DEPARTMENT_LIAISON, Role.TASK_OWNER)


class Membership(TenantModel):
    """成员身份: a user's role in one school (and, for department roles, one department)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("用户"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(_("角色"), max_length=30, choices=Role.choices)
    department = models.ForeignKey(
        Department,
        verbose_name=_("部门"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    is_active = models.BooleanField(_("有效"), default=True)

    class Meta:
        verbose_name = _("成员身份")
        verbose_name_plural = _("成员身份")
        ordering = ["school", "user", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "school", "role"],
                condition=Q(department__isnull=True),
                name="membership_unique_school_role",
                violation_error_message=_("该用户在本校已有相同的角色。"),
            ),
            models.UniqueConstraint(
                fields=["user", "school", "role", "department"],
                condition=Q(department__isnull=False),
                name="membership_unique_department_role",
                violation_error_message=_("该用户在该部门已有相同的角色。"),
            ),
            models.CheckConstraint(
                condition=~Q(role__in=DEPARTMENT_ROLES) | Q(department__isnull=False),
                name="membership_department_role_has_department",
                violation_error_message=_("二级学院联络员和任务负责人必须指定所属部门。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()}"


class ApiToken(TenantModel):
    """个人 API 令牌: lets a program act as its owner in one school through the REST API.

    Only the SHA-256 of the token is kept; the token itself is shown once, when it is made.
    A revoked token stays listed (and refused) so its use can be traced in the audit trail.
    Every token ends on its expiry date, and when its owner's membership of the school ends
    (revoked then, and not revived if the membership is).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("用户"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    name = models.CharField(_("名称"), max_length=100, help_text=_("如：教务系统同步"))
    prefix = models.CharField(_("前缀"), max_length=12, editable=False)
    digest = models.CharField(_("摘要"), max_length=64, editable=False, unique=True)
    last_used_at = models.DateTimeField(_("最近使用"), null=True, blank=True, editable=False)
    expires_at = models.DateTimeField(_("到期时间"))
    revoked_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("API 令牌")
        verbose_name_plural = _("API 令牌")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and not self.is_expired

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()
