"""Paired assistance (结对帮扶): the schools the school helps, and what it did each year."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from hezuo.agreements.models import Agreement
from hezuo.assistance.calculations import format_quantity
from hezuo.core.bounds import DATE_VALIDATORS, dates_in_bounds
from hezuo.core.models import TenantModel


class AssistanceKind(models.TextChoices):
    PROVINCIAL_PAIRING = "provincial_pairing", _("省内结对")
    EAST_WEST = "east_west", _("东西部协作")
    COUNTERPART_SUPPORT = "counterpart_support", _("对口支援")


class Assistance(TenantModel):
    """结对帮扶关系: the school's assistance to one counterpart."""

    counterpart = models.CharField(_("受扶单位"), max_length=200)
    kind = models.CharField(_("帮扶类型"), max_length=30, choices=AssistanceKind.choices)
    agreement = models.ForeignKey(
        Agreement,
        verbose_name=_("帮扶协议"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assistance",
    )
    start_on = models.DateField(_("开始日期"), validators=DATE_VALIDATORS)
    end_on = models.DateField(_("结束日期"), null=True, blank=True, validators=DATE_VALIDATORS)
    notes = models.TextField(_("备注"), blank=True)

    class Meta:
        verbose_name = _("结对帮扶")
        verbose_name_plural = _("结对帮扶")
        ordering = ["-start_on", "counterpart"]
        constraints = [
            *dates_in_bounds("assistance", "start_on", "end_on"),
            models.UniqueConstraint(
                fields=["school", "counterpart", "kind"],
                name="assistance_unique_counterpart_kind",
                violation_error_message=_("已有该受扶单位的同类帮扶关系。"),
            ),
            models.CheckConstraint(
                condition=Q(end_on__isnull=True) | Q(end_on__gte=F("start_on")),
                name="assistance_end_on_after_start_on",
                violation_error_message=_("结束日期不能早于开始日期。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.counterpart}（{self.get_kind_display()}）"


class AssistanceItem(models.TextChoices):
    SECONDED_CADRES = "seconded_cadres", _("挂职干部/专家")
    FUNDS = "funds", _("帮扶经费")
    TRAINING = "training", _("培训")
    SHARED_JOBS = "shared_jobs", _("共享就业岗位")
    ONLINE_TRAINING = "online_training", _("在线培训")
    COMPETITION_COACHING = "competition_coaching", _("竞赛辅导")
    COMPETITION_AWARD = "competition_award", _("竞赛获奖")
    RESEARCH = "research", _("科研合作")
    DONATION = "donation", _("捐赠")
    ENROLMENT = "enrolment", _("贯通招生")
    OTHER = "other", _("其他")


class Approximation(models.TextChoices):
    EXACT = "exact", _("精确")
    ABOUT = "about", _("约")
    OVER = "over", _("余（以上）")
    NEARLY = "nearly", _("近")


class AssistanceRecord(TenantModel):
    """帮扶记录: one figure of one year's assistance (e.g. 帮扶经费 117 万余元)."""

    assistance = models.ForeignKey(
        Assistance, verbose_name=_("结对帮扶"), on_delete=models.CASCADE, related_name="records"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    item = models.CharField(_("帮扶事项"), max_length=30, choices=AssistanceItem.choices)
    quantity = models.DecimalField(_("数量"), max_digits=12, decimal_places=2)
    unit = models.CharField(_("单位"), max_length=20)
    approximation = models.CharField(
        _("约数"), max_length=10, choices=Approximation.choices, default=Approximation.EXACT
    )
    detail = models.CharField(
        _("具体内容"), max_length=300, blank=True, help_text=_("如：广东省赛银奖。")
    )

    class Meta:
        verbose_name = _("帮扶记录")
        verbose_name_plural = _("帮扶记录")
        ordering = ["assistance", "year", "item", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gte=0),
                name="assistancerecord_quantity_not_negative",
                violation_error_message=_("数量不能为负数。"),
            ),
            models.CheckConstraint(
                condition=~Q(unit=""),
                name="assistancerecord_has_unit",
                violation_error_message=_("请填写单位。"),
            ),
        ]
        indexes = [models.Index(fields=["school", "year"], name="assistancerecord_year_idx")]

    def __str__(self) -> str:
        return f"{self.year} {self.get_item_display()} {self.display_quantity}"

    @property
    def display_quantity(self) -> str:
        return format_quantity(self.quantity, self.unit, self.approximation)
