"""Agreements (合作协议) with partners, and when they expire."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from hezuo.accounts.models import Department
from hezuo.core.bounds import DATE_VALIDATORS, dates_in_bounds
from hezuo.core.models import TenantModel
from hezuo.files.models import StoredFile
from hezuo.partners.models import Partner


class AgreementKind(models.TextChoices):
    LETTER_OF_INTENT = "letter_of_intent", _("意向书")
    MOU = "mou", _("框架协议/备忘录")
    COOPERATIVE_EDUCATION = "cooperative_education", _("合作办学协议")
    CREDIT_RECOGNITION = "credit_recognition", _("学分互认")
    INTERNSHIP = "internship", _("实习/就业协议")
    ASSISTANCE = "assistance", _("帮扶协议")
    OTHER = "other", _("其他")


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", _("草拟")
    SIGNED = "signed", _("已签署")
    IN_FORCE = "in_force", _("生效")
    EXPIRED = "expired", _("到期")
    TERMINATED = "terminated", _("终止")


SIGNED_STATUSES = (AgreementStatus.SIGNED, AgreementStatus.IN_FORCE, AgreementStatus.EXPIRED)


class Agreement(TenantModel):
    """合作协议: a signed (or drafted) agreement with one or more partners."""

    title = models.CharField(_("协议名称"), max_length=300)
    kind = models.CharField(_("协议类型"), max_length=30, choices=AgreementKind.choices)
    partners = models.ManyToManyField(
        Partner, verbose_name=_("合作方"), related_name="agreements", blank=True
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("牵头部门"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="agreements",
    )
    status = models.CharField(
        _("状态"), max_length=20, choices=AgreementStatus.choices, default=AgreementStatus.DRAFT
    )
    signed_on = models.DateField(_("签署日期"), null=True, blank=True, validators=DATE_VALIDATORS)
    valid_from = models.DateField(_("生效日期"), null=True, blank=True, validators=DATE_VALIDATORS)
    valid_until = models.DateField(_("有效期至"), null=True, blank=True, validators=DATE_VALIDATORS)
    files = models.ManyToManyField(
        StoredFile, verbose_name=_("协议文本"), related_name="+", blank=True
    )
    notes = models.TextField(_("备注"), blank=True)

    class Meta:
        verbose_name = _("合作协议")
        verbose_name_plural = _("合作协议")
        ordering = ["-signed_on", "title"]
        constraints = [
            *dates_in_bounds("agreement", "signed_on", "valid_from", "valid_until"),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_until__gte=F("valid_from")),
                name="agreement_valid_until_after_valid_from",
                violation_error_message=_("有效期截止日期不能早于生效日期。"),
            ),
            models.CheckConstraint(
                condition=~Q(status__in=SIGNED_STATUSES) | Q(signed_on__isnull=False),
                name="agreement_signed_has_signed_on",
                violation_error_message=_("已签署、生效或到期的协议须填写签署日期。"),
            ),
        ]
        indexes = [models.Index(fields=["school", "valid_until"], name="agreement_expiry_idx")]

    def __str__(self) -> str:
        return self.title


class ExpiryNotice(TenantModel):
    """到期提醒: that the office was told an agreement reached a warning threshold (so each
    threshold is announced once, however often the daily job runs)."""

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("合作协议"), on_delete=models.CASCADE, related_name="notices"
    )
    threshold = models.PositiveSmallIntegerField(_("提前天数"))
    valid_until = models.DateField(_("有效期至"))
    days_left = models.PositiveSmallIntegerField(_("剩余天数"))
    sent_on = models.DateField(_("提醒日期"))
    recipients = models.TextField(_("收件人"), blank=True)

    class Meta:
        verbose_name = _("到期提醒")
        verbose_name_plural = _("到期提醒")
        ordering = ["-sent_on", "agreement"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "threshold", "valid_until"],
                name="expirynotice_once_per_threshold",
                violation_error_message=_("该协议的这一到期提醒已发送。"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.agreement} · {self.threshold}"
