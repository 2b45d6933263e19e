"""Binders: a compiled evidence binder of a task, a project or one year, with the job that made
it, its file, its warnings and the pre-submission audit it was compiled with."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hezuo.construction.models import ConstructionProject, Task
from hezuo.core.models import TenantModel
from hezuo.files.models import StoredFile
from hezuo.jobs.models import MadeByJob


class BinderKind(models.TextChoices):
    PDF = "pdf", _("PDF 汇编")
    FOLDER = "folder", _("文件夹（ZIP）")


class Binder(TenantModel, MadeByJob):
    """佐证材料汇编: one binder, compiled (or being compiled) by a background job."""

    project = models.ForeignKey(
        ConstructionProject,
        verbose_name=_("建设项目"),
        on_delete=models.PROTECT,
        related_name="binders",
    )
    task = models.ForeignKey(
        Task,
        verbose_name=_("建设任务"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="binders",
        help_text=_("留空则汇编整个项目。"),
    )
    year = models.PositiveSmallIntegerField(
        _("年度"), null=True, blank=True, help_text=_("留空则汇编全部年度。")
    )
    title = models.CharField(_("标题"), max_length=300)
    kind = models.CharField(
        _("形式"), max_length=10, choices=BinderKind.choices, default=BinderKind.PDF
    )
    approved_only = models.BooleanField(_("仅已通过审核的材料"), default=False)
    page_numbers = models.BooleanField(_("加页码"), default=True)
    watermark = models.CharField(_("水印文字"), max_length=60, blank=True)
    output = models.ForeignKey(
        StoredFile,
        verbose_name=_("文件"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    page_count = models.PositiveIntegerField(_("页数"), null=True, blank=True)
    warnings = models.JSONField(_("警告"), default=list, blank=True)
    audit = models.JSONField(_("提交前检查"), default=dict, blank=True)
    frozen_at = models.DateTimeField(
        _("定稿时间"),
        null=True,
        blank=True,
        help_text=_("定稿的汇编不再重新生成，可分享给评审专家。"),
    )
    frozen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("定稿人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("佐证材料汇编")
        verbose_name_plural = _("佐证材料汇编")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(output__isnull=True)
                | Q(page_count__isnull=False)
                | Q(kind=BinderKind.FOLDER),
                name="binder_output_has_page_count",
                violation_error_message=_("已生成的 PDF 汇编应有页数。"),
            ),
            models.CheckConstraint(
                condition=Q(frozen_at__isnull=True) | Q(output__isnull=False),
                name="binder_frozen_has_output",
                violation_error_message=_("只有已生成的汇编才能定稿。"),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class BinderShare(TenantModel):
    """评审专家访问链接: read-only access to one frozen binder for whoever holds the link, until
    it expires or is revoked. Only the link's SHA-256 is kept."""

    binder = models.ForeignKey(
        Binder, verbose_name=_("汇编"), on_delete=models.CASCADE, related_name="shares"
    )
    label = models.CharField(_("分享给"), max_length=100, help_text=_("例如“省评审专家组”。"))
    prefix = models.CharField(_("链接前缀"), max_length=12)
    digest = models.CharField(_("链接摘要"), max_length=64, unique=True, editable=False)
    expires_at = models.DateTimeField(_("有效期至"))
    revoked_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("创建人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("专家访问链接")
        verbose_name_plural = _("专家访问链接")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.label} ({self.prefix}…)"


class OpeningKind(models.TextChoices):
    PAGE = "page", _("打开页面")
    VIEW = "view", _("在线查看")
    DOWNLOAD = "download", _("下载")


class BinderShareOpening(TenantModel):
    """One opening of a shared binder: when, what, from where."""

    share = models.ForeignKey(
        BinderShare, verbose_name=_("访问链接"), on_delete=models.CASCADE, related_name="openings"
    )
    kind = models.CharField(_("方式"), max_length=10, choices=OpeningKind.choices)
    ip_address = models.GenericIPAddressField(_("IP 地址"), null=True, blank=True)
    user_agent = models.CharField(_("浏览器"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("专家访问记录")
        verbose_name_plural = _("专家访问记录")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.share} {self.created_at:%Y-%m-%d %H:%M}"
