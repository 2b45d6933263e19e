"""The tenant (School), the base class of every school-scoped record, and the audit trail."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class SchoolStage(models.TextChoices):
    SECONDARY = "secondary", _("中职")
    HIGHER = "higher", _("高职专科")
    UNDERGRADUATE = "undergraduate", _("职业本科")


class School(models.Model):
    """学校: the tenant. Every other record belongs to exactly one school."""

    name = models.CharField(_("学校名称"), max_length=100, unique=True)
    name_en = models.CharField(_("英文名称"), max_length=200, blank=True)
    slug = models.SlugField(
        _("标识"), max_length=50, unique=True, help_text=_("用于网址与命令行，如 zhongshan-torch。")
    )
    code = models.CharField(
        _("学校标识码"),
        max_length=10,
        blank=True,
        validators=[RegexValidator(r"^\d{10}$", _("学校标识码应为 10 位数字。"))],
    )
    stage = models.CharField(_("学段"), max_length=20, choices=SchoolStage.choices)
    province = models.CharField(
        _("所在省份代码"),
        max_length=2,
        validators=[RegexValidator(r"^\d{2}$", _("省份代码应为 2 位数字（GB/T 2260），如 44。"))],
    )
    hours_per_day = models.PositiveSmallIntegerField(
        _("每日课时数"),
        default=8,
        validators=[MinValueValidator(1), MaxValueValidator(24)],
        help_text=_("把课时折算为天数时，一天按多少课时计；指标定义可另行规定。"),
    )
    completion_needs_approved_evidence = models.BooleanField(
        _("完成须有已通过的佐证"),
        default=False,
        help_text=_("开启后，任务要点须至少有一份审核通过的佐证材料，才计入任务完成率。"),
    )
    password_sign_in = models.BooleanField(
        _("允许用密码登录"),
        default=True,
        help_text=_(
            "关闭后，本校成员只能通过统一身份认证登录 hezuo，不能再用 hezuo 的密码登录"
            "（平台运维人员不受影响）。须先由平台配置统一身份认证。"
        ),
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("学校")
        verbose_name_plural = _("学校")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"],
                condition=~Q(code=""),
                name="school_code_unique",
                violation_error_message=_("已有学校使用该学校标识码。"),
            ),
            models.CheckConstraint(
                condition=Q(hours_per_day__gte=1) & Q(hours_per_day__lte=24),
                name="school_hours_per_day_range",
                violation_error_message=_("每日课时数应在 1 到 24 之间。"),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class TenantModel(models.Model):
    """Base of every record that belongs to a school."""

    school = models.ForeignKey(
        School, verbose_name=_("学校"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        abstract = True


class AuditAction(models.TextChoices):
    CREATE = "create", _("创建")
    UPDATE = "update", _("修改")
    DELETE = "delete", _("删除")


class AuditEvent(models.Model):
    """审计记录: who changed which record, when, and what changed (old and new values)."""

    school = models.ForeignKey(
        School, verbose_name=_("学校"), on_delete=models.PROTECT, related_name="audit_events"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("为空表示由系统（命令行、演示数据、后台任务）执行。"),
    )
    action = models.CharField(_("操作"), max_length=10, choices=AuditAction.choices)
    content_type = models.ForeignKey(
        ContentType, verbose_name=_("记录类型"), on_delete=models.PROTECT, related_name="+"
    )
    object_id = models.BigIntegerField(_("记录编号"))
    object_repr = models.CharField(_("记录"), max_length=200)
    changes = models.JSONField(_("变更内容"), default=dict, blank=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("审计记录")
        verbose_name_plural = _("审计记录")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["content_type", "object_id", "-created_at"], name="auditevent_object_idx"
            ),
            models.Index(fields=["school", "-created_at"], name="auditevent_school_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.object_repr}"
