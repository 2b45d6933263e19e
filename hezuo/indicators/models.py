"""Indicator definitions (指标定义): data, versioned by report year, never code.

Official templates change almost every year, so wording, unit, formula kind, filters and the
class-hours in a day are stored per definition and per range of report years.
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from hezuo.core.models import TenantModel


class IndicatorUnit(models.TextChoices):
    PERSON = "person", _("人")
    PERSON_DAY = "person_day", _("人日")
    ITEM = "item", _("个")
    COUNT = "count", _("项")
    WAN_YUAN = "wan_yuan", _("万元")
    PERCENT = "percent", _("%")


class ReportFamily(models.TextChoices):
    HIGHER_QUALITY_REPORT = "higher_quality_report", _("高职质量年报")
    SECONDARY_QUALITY_REPORT = "secondary_quality_report", _("中职质量年报")
    DOUBLE_HIGH_PERFORMANCE = "double_high_performance", _("双高绩效")
    PROVINCIAL_SECONDARY = "provincial_secondary", _("省高水平中职")
    SCHOOL = "school", _("校内")


class FormulaKind(models.TextChoices):
    SUM_PERSON_DAYS = "sum_person_days", _("人日合计")
    COUNT_DISTINCT_PERSONS = "count_distinct_persons", _("人数合计")
    COUNT_RECORDS = "count_records", _("记录计数")
    SUM_FIELD = "sum_field", _("字段合计")
    RATIO = "ratio", _("比率")


class IndicatorDefinition(TenantModel):
    """指标定义: one indicator as an official template (or the school) words and counts it."""

    code = models.CharField(_("指标代码"), max_length=50)
    name = models.CharField(_("指标名称"), max_length=200, help_text=_("官方表述，逐字填写。"))
    unit = models.CharField(_("单位"), max_length=20, choices=IndicatorUnit.choices)
    report_family = models.CharField(_("报告类别"), max_length=40, choices=ReportFamily.choices)
    valid_from_year = models.PositiveSmallIntegerField(_("适用起始年度"))
    valid_to_year = models.PositiveSmallIntegerField(_("适用截止年度"), null=True, blank=True)
    formula_kind = models.CharField(_("计算方式"), max_length=30, choices=FormulaKind.choices)
    filters = models.JSONField(
        _("筛选条件"),
        default=dict,
        blank=True,
        help_text=_("活动类型、方向、方式、人员类别、角色、地区类别等。"),
    )
    hours_per_day = models.PositiveSmallIntegerField(
        _("每日课时数"), default=8, validators=[MinValueValidator(1), MaxValueValidator(24)]
    )
    include_estimates = models.BooleanField(_("计入估算口径"), default=False)
    is_official = models.BooleanField(_("官方指标"), default=True)
    sequence = models.PositiveSmallIntegerField(_("序号"), default=0)
    source_ref = models.CharField(_("依据"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("指标定义")
        verbose_name_plural = _("指标定义")
        ordering = ["report_family", "valid_from_year", "sequence", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "report_family", "code", "valid_from_year"],
                name="indicatordefinition_unique_version",
                violation_error_message=_("该报告类别下已有同代码、同起始年度的指标。"),
            ),
            models.CheckConstraint(
                condition=Q(valid_to_year__isnull=True)
                | Q(valid_to_year__gte=F("valid_from_year")),
                name="indicatordefinition_years_ordered",
                violation_error_message=_("适用截止年度不能早于起始年度。"),
            ),
            models.CheckConstraint(
                condition=Q(hours_per_day__gte=1) & Q(hours_per_day__lte=24),
                name="indicatordefinition_hours_per_day_range",
                violation_error_message=_("每日课时数应在 1 到 24 之间。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.get_unit_display()}）"
