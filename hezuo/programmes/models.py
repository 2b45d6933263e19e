"""Cooperative programmes and institutions (合作办学项目/机构)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Min, Q
from django.db.models.functions import Coalesce, Least
from django.utils.translation import gettext_lazy as _

from hezuo.accounts.models import Department
from hezuo.core.bounds import DATE_VALIDATORS, dates_in_bounds
from hezuo.core.models import TenantModel
from hezuo.partners.models import Partner
from hezuo.programmes.approval_numbers import (
    ApprovalNumber,
    InvalidApprovalNumber,
    normalise_approval_number,
    parse_approval_number,
)
from hezuo.programmes.fields import ApprovalNumberField


class ProgrammeForm(models.TextChoices):
    SINO_FOREIGN_PROGRAMME = "sino_foreign_programme", _("中外合作办学项目")
    SINO_FOREIGN_INSTITUTION = "sino_foreign_institution", _("中外合作办学机构")
    HMT_COOPERATION = "hmt_cooperation", _("内地与港澳台合作办学")
    OVERSEAS_BRANCH = "overseas_branch", _("境外办学点")
    CERTIFICATION = "certification", _("认证项目")
    PEOPLE_TO_PEOPLE = "people_to_people", _("人文交流项目")
    INDUSTRY_COLLEGE = "industry_college", _("校企共建学院")


class ProgrammeLevel(models.TextChoices):
    SECONDARY = "secondary", _("中职")
    HIGHER_VOCATIONAL = "higher_vocational", _("高等专科")
    UNDERGRADUATE = "undergraduate", _("本科")
    NON_DEGREE = "non_degree", _("非学历")


class ProgrammeStatus(models.TextChoices):
    PREPARING = "preparing", _("筹备")
    APPLYING = "applying", _("申报中")
    APPROVED = "approved", _("已获批")
    ENROLLING = "enrolling", _("正常招生")
    ENROLMENT_STOPPED = "enrolment_stopped", _("停止招生")
    TERMINATED = "terminated", _("终止办学")


def validate_approval_number(value: str) -> None:
    try:
        parse_approval_number(value)
    except InvalidApprovalNumber as error:
        raise ValidationError(str(error), code="invalid_approval_number") from None


class ProgrammeQuerySet(models.QuerySet["Programme"]):
    def begun_by(self, year: int) -> ProgrammeQuerySet:
        """Programmes begun by the end of ``year``: by their 起始年份, else their first intake,
        else the first record of them (their earliest activity, or the earliest agreement
        signed with one of their partners). One with none of these is of an unknown year and
        kept: nothing says it began later."""
        first_record = Least(
            Coalesce(
                Min("activities__start_on__year"), Min("partners__agreements__signed_on__year")
            ),
            Coalesce(
                Min("partners__agreements__signed_on__year"), Min("activities__start_on__year")
            ),
        )
        unknown = Q(started_year__isnull=True, intake_start_year__isnull=True)
        begun = self.annotate(first_record_year=first_record).filter(
            Q(started_year__lte=year)
            | Q(started_year__isnull=True, intake_start_year__lte=year)
            | (unknown & (Q(first_record_year__isnull=True) | Q(first_record_year__lte=year)))
        )
        return self.filter(pk__in=begun.values("pk"))


class Programme(TenantModel):
    """合作办学项目/机构: a programme run with partners, with its approval when it has one."""

    objects = ProgrammeQuerySet.as_manager()

    name = models.CharField(_("项目名称"), max_length=300)
    form = models.CharField(_("办学形式"), max_length=30, choices=ProgrammeForm.choices)
    partners = models.ManyToManyField(
        Partner, verbose_name=_("合作方"), related_name="programmes", blank=True
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("承办部门"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="programmes",
    )
    major = models.CharField(_("专业"), max_length=100, blank=True)
    level = models.CharField(
        _("办学层次"), max_length=20, choices=ProgrammeLevel.choices, blank=True
    )
    approval_number = ApprovalNumberField(
        _("批准书编号"),
        max_length=18,
        blank=True,
        validators=[validate_approval_number],
        help_text=_("如 PDE33AU3A20050064N，保存时自动去除空格、全角字符转为半角并转为大写。"),
    )
    is_filed_with_moe = models.BooleanField(_("已报教育部备案"), default=False)
    approval_valid_until = models.DateField(
        _("批准书有效期至"), null=True, blank=True, validators=DATE_VALIDATORS
    )
    duration_years = models.DecimalField(
        _("学制（年）"),
        max_digits=3,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(10)],
    )
    intake_per_cohort = models.PositiveIntegerField(_("每期招生人数"), null=True, blank=True)
    started_year = models.PositiveSmallIntegerField(
        _("起始年份"),
        null=True,
        blank=True,
        help_text=_(
            "项目开始筹备、申报或举办的年份。年度报告只列入当年及以前开始的项目；"
            "不填则按招生起始年份，都不填的视为年份不详。"
        ),
    )
    in_bay_area = models.BooleanField(
        _("列入粤港澳大湾区"),
        default=False,
        help_text=_("年度报告“粤港澳大湾区交流合作”一章列入此项目。"),
    )
    intake_start_year = models.PositiveSmallIntegerField(_("招生起始年份"), null=True, blank=True)
    intake_end_year = models.PositiveSmallIntegerField(_("招生截止年份"), null=True, blank=True)
    certificates = models.CharField(_("颁发证书"), max_length=300, blank=True)
    status = models.CharField(
        _("状态"), max_length=20, choices=ProgrammeStatus.choices, default=ProgrammeStatus.PREPARING
    )
    notes = models.TextField(_("备注"), blank=True)

    class Meta:
        verbose_name = _("合作办学项目")
        verbose_name_plural = _("合作办学项目")
        ordering = ["name"]
        constraints = [
            *dates_in_bounds("programme", "approval_valid_until"),
            models.UniqueConstraint(
                fields=["school", "approval_number"],
                condition=~Q(approval_number=""),
                name="programme_approval_number_unique_per_school",
                violation_error_message=_("本校已有使用该批准书编号的项目。"),
            ),
            models.CheckConstraint(
                condition=Q(intake_end_year__isnull=True)
                | Q(intake_start_year__isnull=True)
                | Q(intake_end_year__gte=F("intake_start_year")),
                name="programme_intake_end_after_start",
                violation_error_message=_("招生截止年份不能早于起始年份。"),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        self.approval_number = normalise_approval_number(self.approval_number or "")

    @property
    def approval(self) -> ApprovalNumber | None:
        """The approval number in its eight parts, when the programme has a valid one."""
        if not self.approval_number:
            return None
        try:
            return parse_approval_number(self.approval_number)
        except InvalidApprovalNumber:
            return None
