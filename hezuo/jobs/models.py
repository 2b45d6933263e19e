"""Jobs: the record of long work (binders, reports, imports) that the UI and CLI follow."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hezuo.core.models import TenantModel
from hezuo.files.models import StoredFile


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("运行中")
    SUCCEEDED = "succeeded", _("已完成")
    FAILED = "failed", _("失败")
    CANCELLED = "cancelled", _("已取消")


FINISHED_STATUSES = (JobStatus.SUCCEEDED, JobStatus.FAILED, JobStatus.CANCELLED)


class Job(TenantModel):
    """后台任务: status, progress, log and output file of one piece of long work."""

    kind = models.CharField(_("任务类型"), max_length=50)
    title = models.CharField(_("标题"), max_length=200)
    status = models.CharField(
        _("状态"), max_length=20, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("进度（%）"), default=0)
    params = models.JSONField(_("参数"), default=dict, blank=True)
    log = models.TextField(_("日志"), blank=True)
    error = models.TextField(_("错误信息"), blank=True)
    output = models.ForeignKey(
        StoredFile,
        verbose_name=_("输出文件"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    is_cancel_requested = models.BooleanField(_("已请求取消"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发起人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("结束时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("后台任务")
        verbose_name_plural = _("后台任务")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__lte=100),
                name="job_progress_at_most_100",
                violation_error_message=_("进度不能超过 100%%。"),
            ),
            models.CheckConstraint(
                condition=~Q(status=JobStatus.SUCCEEDED) | Q(progress=100),
                name="job_succeeded_is_complete",
                violation_error_message=_("已完成的任务进度应为 100%%。"),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class MadeByJob(models.Model):
    """What a record made by a background job keeps (a binder, a report version, an import):
    the job that makes it and who asked for it."""

    job = models.ForeignKey(
        Job,
        verbose_name=_("后台任务"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发起人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        abstract = True


class WorkerBeat(models.Model):
    """工作进程心跳: a running ``hezuo worker`` (one row per process), seen at each of its beats.
    Not a school's record: the installation's health (``/readyz``) reads it."""

    name = models.CharField(_("名称"), max_length=200, unique=True)  # host:pid
    host = models.CharField(_("主机"), max_length=150)
    pid = models.PositiveIntegerField(_("进程号"))
    started_at = models.DateTimeField(_("启动时间"))
    seen_at = models.DateTimeField(_("最近心跳"), db_index=True)

    class Meta:
        verbose_name = _("工作进程")
        verbose_name_plural = _("工作进程")
        ordering = ["-seen_at"]

    def __str__(self) -> str:
        return self.name


class ScheduledRun(models.Model):
    """计划任务运行: one occurrence of a piece of scheduled work (the daily expiry digest, the
    nightly clean-ups), claimed by the worker that wrote this row first — so however many
    workers run, each occurrence is done once. Not a school's record."""

    name = models.CharField(_("名称"), max_length=100)
    occurrence = models.CharField(_("期次"), max_length=40)  # e.g. the day, 2026-12-07
    worker = models.CharField(_("工作进程"), max_length=200)
    started_at = models.DateTimeField(_("开始时间"))
    finished_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    outcome = models.TextField(_("结果"), blank=True)

    class Meta:
        verbose_name = _("计划任务运行")
        verbose_name_plural = _("计划任务运行")
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(fields=["name", "occurrence"], name="scheduledrun_once")
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.occurrence}"
