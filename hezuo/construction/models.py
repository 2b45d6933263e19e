"""Construction projects (建设项目) → tasks (建设任务, a tree) → task points (任务要点)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from hezuo.accounts.models import Department
from hezuo.construction.codes import is_valid_code, parent_code, sortable_code
from hezuo.core.bounds import DATE_VALIDATORS, dates_in_bounds
from hezuo.core.models import TenantModel


class ProjectKind(models.TextChoices):
    NATIONAL_DOUBLE_HIGH = "national_double_high", _("国家双高计划")
    PROVINCIAL_HIGHER = "provincial_higher", _("省高水平高职")
    PROVINCIAL_SECONDARY = "provincial_secondary", _("省高水平中职")
    OTHER = "other", _("其他")


class ConstructionProject(TenantModel):
    """建设项目: a funded construction programme with its period, e.g. 2021–2024."""

    name = models.CharField(_("项目名称"), max_length=200)
    kind = models.CharField(_("项目类别"), max_length=30, choices=ProjectKind.choices)
    period_start_year = models.PositiveSmallIntegerField(_("建设起始年度"))
    period_end_year = models.PositiveSmallIntegerField(_("建设截止年度"))
    round = models.CharField(_("批次/轮次"), max_length=50, blank=True)
    funding_total = models.DecimalField(
        _("建设资金（万元）"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    description = models.TextField(_("项目说明"), blank=True)

    class Meta:
        verbose_name = _("建设项目")
        verbose_name_plural = _("建设项目")
        ordering = ["-period_start_year", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "name"],
                name="constructionproject_name_unique_per_school",
                violation_error_message=_("本校已有同名建设项目。"),
            ),
            models.CheckConstraint(
                condition=Q(period_end_year__gte=F("period_start_year")),
                name="constructionproject_period_ordered",
                violation_error_message=_("建设截止年度不能早于起始年度。"),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def years(self) -> range:
        return range(self.period_start_year, self.period_end_year + 1)

    def clean(self) -> None:
        if self._state.adding:
            return
        outside = TaskPoint.objects.filter(task__project=self).exclude(
            year__gte=self.period_start_year, year__lte=self.period_end_year
        )
        if outside.exists():
            raise ValidationError(
                _("有 %(count)s 个任务要点的年度不在新的建设期内，请先调整这些要点。")
                % {"count": outside.count()}
            )


class TaskLevel(models.TextChoices):
    SCHOOL = "school", _("学校层面")
    PROGRAMME_GROUP = "programme_group", _("专业（群）层面")


def validate_code(value: str) -> None:
    if not is_valid_code(value):
        raise ValidationError(
            _("编号“%(code)s”格式不正确：应为以点分隔的正整数，如 9、9.2、3.4.1。"),
            params={"code": value},
            code="invalid_code",
        )


class Task(TenantModel):
    """建设任务: a node of the project's task tree ("9" → "9.2"), owned by a department."""

    project = models.ForeignKey(
        ConstructionProject,
        verbose_name=_("建设项目"),
        on_delete=models.PROTECT,
        related_name="tasks",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级任务"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    code = models.CharField(_("编号"), max_length=40, validators=[validate_code])
    code_sort = models.CharField(
        _("排序编号"),
        max_length=120,
        editable=False,
        db_index=True,
        default="",
        help_text=_("由编号得出，使 9.2.10 排在 9.2.9 之后。"),
    )
    title = models.CharField(_("任务名称"), max_length=300)
    level = models.CharField(
        _("层面"), max_length=20, choices=TaskLevel.choices, default=TaskLevel.SCHOOL
    )
    owner_department = models.ForeignKey(
        Department,
        verbose_name=_("责任部门"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tasks",
    )
    narrative = models.TextField(
        _("建设概况"), blank=True, help_text=_("佐证材料汇编“第一部分 建设概况及成效”的叙述。")
    )

    class Meta:
        verbose_name = _("建设任务")
        verbose_name_plural = _("建设任务")
        ordering = ["project", "code_sort"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "code"],
                name="task_code_unique_per_project",
                violation_error_message=_("本项目已有该编号的建设任务。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.code_sort = sortable_code(self.code)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        if not self.code or not is_valid_code(self.code):
            return  # the field validator reports it
        expected_parent = parent_code(self.code)
        if self.parent is None:
            if expected_parent is not None:
                raise ValidationError(
                    {
                        "parent": _("编号 %(code)s 应属于上级任务 %(parent)s。")
                        % {"code": self.code, "parent": expected_parent}
                    }
                )
            return
        if self.parent.project_id != self.project_id:
            raise ValidationError({"parent": _("上级任务须属于同一建设项目。")})
        if expected_parent != self.parent.code:
            raise ValidationError(
                {
                    "code": _("编号应以上级任务编号 %(parent)s. 开头，且只多一级。")
                    % {"parent": self.parent.code}
                }
            )


class TaskPointStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("未开始")
    IN_PROGRESS = "in_progress", _("进行中")
    COMPLETED = "completed", _("已完成")
    DELAYED = "delayed", _("延期")
    ADJUSTED = "adjusted", _("调整/取消")


class TaskPoint(TenantModel):
    """任务要点: one year's numbered point of a task, with an optional quantified target.

    Its year must lie inside the project's period; a database trigger enforces this because a
    check constraint cannot look at the project's row.
    """

    # The status the point counts with in 任务完成率, set by the selectors that load points for
    # completion (see calculations.counted_status); not a column.
    counted_status: str = ""

    task = models.ForeignKey(
        Task, verbose_name=_("建设任务"), on_delete=models.PROTECT, related_name="points"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    sequence = models.PositiveSmallIntegerField(_("序号"), validators=[MinValueValidator(1)])
    text = models.TextField(_("要点内容"))
    target_quantity = models.DecimalField(
        _("目标数量"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    target_unit = models.CharField(_("目标单位"), max_length=20, blank=True)
    status = models.CharField(
        _("状态"),
        max_length=20,
        choices=TaskPointStatus.choices,
        default=TaskPointStatus.NOT_STARTED,
    )
    completed_on = models.DateField(
        _("完成日期"), null=True, blank=True, validators=DATE_VALIDATORS
    )
    narrative = models.TextField(_("完成情况"), blank=True)

    class Meta:
        verbose_name = _("任务要点")
        verbose_name_plural = _("任务要点")
        ordering = ["task", "year", "sequence"]
        constraints = [
            *dates_in_bounds("taskpoint", "completed_on"),
            models.UniqueConstraint(
                fields=["task", "year", "sequence"],
                name="taskpoint_sequence_unique_per_task_year",
                violation_error_message=_("该任务在本年度已有此序号的要点。"),
            ),
            models.CheckConstraint(
                condition=Q(sequence__gte=1),
                name="taskpoint_sequence_positive",
                violation_error_message=_("序号从 1 开始。"),
            ),
            models.CheckConstraint(
                condition=Q(target_quantity__isnull=True)
                | (Q(target_quantity__gt=0) & ~Q(target_unit="")),
                name="taskpoint_target_has_unit",
                violation_error_message=_("目标数量须大于 0 并注明单位（如“次”“份”）。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.task.code} {self.year}-{self.sequence} {self.text[:40]}"

    def clean(self) -> None:
        task = Task.objects.filter(pk=self.task_id).select_related("project").first()
        if task is None or self.year is None:
            return
        project = task.project
        if not project.period_start_year <= self.year <= project.period_end_year:
            raise ValidationError(
                {
                    "year": _("年度应在建设期 %(start)s–%(end)s 年之内。")
                    % {"start": project.period_start_year, "end": project.period_end_year}
                }
            )


class TaskYearSummary(TenantModel):
    """年度建设概况: the narrative of one task in one year (第二部分 分年度建设完成情况)."""

    task = models.ForeignKey(
        Task, verbose_name=_("建设任务"), on_delete=models.CASCADE, related_name="year_summaries"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    narrative = models.TextField(_("年度概况"))

    class Meta:
        verbose_name = _("年度建设概况")
        verbose_name_plural = _("年度建设概况")
        ordering = ["task", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["task", "year"],
                name="taskyearsummary_unique_per_task_year",
                violation_error_message=_("该任务在本年度已有年度概况。"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.task.code} {self.year}"


class TaskAchievement(TenantModel):
    """建设成效: one achievement of a task (第一部分 建设概况及成效, 一、二、…)."""

    task = models.ForeignKey(
        Task, verbose_name=_("建设任务"), on_delete=models.CASCADE, related_name="achievements"
    )
    sequence = models.PositiveSmallIntegerField(_("序号"), validators=[MinValueValidator(1)])
    title = models.CharField(_("成效"), max_length=300)
    narrative = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("建设成效")
        verbose_name_plural = _("建设成效")
        ordering = ["task", "sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["task", "sequence"],
                name="taskachievement_sequence_unique_per_task",
                violation_error_message=_("该任务已有此序号的成效。"),
            )
        ]

    def __str__(self) -> str:
        return self.title
