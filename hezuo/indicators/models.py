"""Indicator definitions (指标定义): data, versioned by report year, never code.

Official templates change almost every year, so wording, unit, formula kind and filters are
stored per definition and per range of report years; so are class-hours in a day where an
indicator sets its own (otherwise the school's apply).
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from hezuo.activities.models import Activity
from hezuo.core.models import TenantModel
from hezuo.core.text import with_note
from hezuo.indicators.periods import PeriodKind


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
        _("每日课时数"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(24)],
        help_text=_("留空则按学校的每日课时数；只有本指标的口径另有规定时才填写。"),
    )
    include_estimates = models.BooleanField(_("计入估算口径"), default=False)
    is_official = models.BooleanField(_("官方指标"), default=True)
    sequence = models.PositiveSmallIntegerField(_("序号"), default=0)
    source_ref = models.CharField(
        _("依据"),
        max_length=300,
        blank=True,
        help_text=_("官方文件的名称、发文单位和年度；核对版报告在指标下注明。"),
    )
    note = models.TextField(
        _("核对说明"),
        blank=True,
        help_text=_("供本校核对的说明，不印入任何报告。"),
    )
    claimed_activities = models.ManyToManyField(
        Activity,
        verbose_name=_("声明计入的活动"),
        related_name="claimed_indicators",
        blank=True,
        help_text=_("用户认为应计入本指标的活动；不符合定义的会在核对提示中列出。"),
    )

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
                condition=Q(hours_per_day__isnull=True)
                | (Q(hours_per_day__gte=1) & Q(hours_per_day__lte=24)),
                name="indicatordefinition_hours_per_day_range",
                violation_error_message=_("每日课时数应在 1 到 24 之间。"),
            ),
        ]

    def __str__(self) -> str:
        return with_note(self.name, self.get_unit_display())

    @property
    def hours_per_day_in_force(self) -> int:
        """The class-hours in a day this indicator converts hours with: its own when it sets
        them, otherwise the school's (``School.hours_per_day``, one value for every year)."""
        if self.hours_per_day is not None:
            return self.hours_per_day
        return self.school.hours_per_day

    def clean(self) -> None:
        """A definition is kept only if it can be computed: its formula and filters are checked
        by the same parser the computation uses."""
        from hezuo.indicators.spec import InvalidSpec, parse_spec  # spec reads this module

        if not self.formula_kind or not isinstance(self.filters, dict):
            return
        try:
            parse_spec(
                formula_kind=self.formula_kind,
                filters=self.filters,
                hours_per_day=self.hours_per_day or 8,
                include_estimates=self.include_estimates,
            )
        except InvalidSpec as error:
            raise ValidationError({"filters": str(error)}) from None


class IndicatorValue(TenantModel):
    """指标值: an indicator's value for one year, with the records it was computed from.

    Recomputing updates the row (the audit trail keeps earlier values). An override replaces
    the value shown in reports, needs a reason, and leaves the computed value beside it.
    """

    definition = models.ForeignKey(
        IndicatorDefinition,
        verbose_name=_("指标"),
        on_delete=models.CASCADE,
        related_name="values",
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    period_kind = models.CharField(
        _("统计口径"), max_length=10, choices=PeriodKind.choices, default=PeriodKind.CALENDAR
    )
    computed_value = models.DecimalField(_("计算值"), max_digits=18, decimal_places=4)
    computed_exact = models.CharField(
        _("精确值"), max_length=60, help_text=_("分数形式，如 1/3，避免舍入误差。")
    )
    includes_estimates = models.BooleanField(_("含估算口径"), default=False)
    override_value = models.DecimalField(
        _("人工修正值"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    override_reason = models.TextField(_("修正理由"), blank=True)
    provenance = models.JSONField(
        _("数据来源"), default=dict, blank=True, help_text=_("计入的记录编号。")
    )
    warnings = models.JSONField(_("核对提示"), default=list, blank=True)
    computed_at = models.DateTimeField(_("计算时间"))

    class Meta:
        verbose_name = _("指标值")
        verbose_name_plural = _("指标值")
        ordering = ["definition__sequence", "definition__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["definition", "year", "period_kind"],
                name="indicatorvalue_unique_per_year",
                violation_error_message=_("该指标在本年度已有数值。"),
            ),
            models.CheckConstraint(
                condition=Q(override_value__isnull=True) | ~Q(override_reason=""),
                name="indicatorvalue_override_has_reason",
                violation_error_message=_("人工修正数值须填写理由。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.definition.name} {self.year}"

    @property
    def value(self) -> Decimal:
        """The value reports use: the override when there is one."""
        return self.override_value if self.override_value is not None else self.computed_value
