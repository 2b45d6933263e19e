"""Partners (合作方) of the school abroad, in Hong Kong, Macao and Taiwan, or at home."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hezuo.core.fields import WebsiteField
from hezuo.core.models import TenantModel
from hezuo.partners.countries import COUNTRIES, HONG_KONG_MACAO_TAIWAN, MAINLAND, country_name


class RegionCategory(models.TextChoices):
    FOREIGN = "foreign", _("国外")
    HMT = "hmt", _("港澳台")
    DOMESTIC = "domestic", _("境内")


def region_category_for(country_code: str) -> RegionCategory:
    """国外 / 港澳台 / 境内 follows from the country code alone."""
    code = country_code.upper()
    if code in HONG_KONG_MACAO_TAIWAN:
        return RegionCategory.HMT
    if code == MAINLAND:
        return RegionCategory.DOMESTIC
    return RegionCategory.FOREIGN


class PartnerType(models.TextChoices):
    UNIVERSITY = "university", _("高校")
    VOCATIONAL_SCHOOL = "vocational_school", _("职业院校")
    ENTERPRISE = "enterprise", _("企业")
    GOING_GLOBAL_ENTERPRISE = "going_global_enterprise", _("“走出去”企业")
    PUBLIC_BODY = "public_body", _("政府/公共机构")
    INTERNATIONAL_ORGANISATION = "international_organisation", _("国际组织")
    ACCREDITATION_BODY = "accreditation_body", _("认证机构")
    INDUSTRY_ASSOCIATION = "industry_association", _("行业协会")
    AGENT = "agent", _("中介机构")


class PartnerStatus(models.TextChoices):
    INTENT = "intent", _("意向")
    ACTIVE = "active", _("合作中")
    PAUSED = "paused", _("暂停")
    ENDED = "ended", _("终止")


def validate_country_code(value: str) -> None:
    if value not in COUNTRIES:
        raise ValidationError(
            _("“%(code)s”不是有效的国家/地区代码（ISO 3166-1 两位字母，如 IE、HK）。"),
            params={"code": value},
            code="invalid_country",
        )


class Partner(TenantModel):
    """合作方: an institution, firm or body the school cooperates with."""

    name_zh = models.CharField(_("中文名称"), max_length=200)
    name_local = models.CharField(_("外文名称"), max_length=300, blank=True)
    country_code = models.CharField(
        _("国家/地区"), max_length=2, validators=[validate_country_code]
    )
    region_category = models.CharField(
        _("地区类别"),
        max_length=10,
        choices=RegionCategory.choices,
        blank=True,  # derived in clean(); the check constraint keeps it right
        editable=False,
        help_text=_("由国家/地区自动得出。"),
    )
    org_type = models.CharField(_("机构类型"), max_length=30, choices=PartnerType.choices)
    status = models.CharField(
        _("合作状态"), max_length=10, choices=PartnerStatus.choices, default=PartnerStatus.ACTIVE
    )
    is_belt_and_road = models.BooleanField(_("共建“一带一路”国家"), default=False)
    website = WebsiteField(_("网站"), blank=True)
    schac_code = models.CharField(
        _("SCHAC 代码"),
        max_length=100,
        blank=True,
        validators=[
            RegexValidator(r"^[a-z0-9.-]+\.[a-z]{2,}$", _("SCHAC 代码是机构的域名，如 atu.ie。"))
        ],
    )
    pic = models.CharField(
        _("PIC 编号"),
        max_length=9,
        blank=True,
        validators=[RegexValidator(r"^\d{9}$", _("PIC 编号应为 9 位数字。"))],
    )
    erasmus_code = models.CharField(_("Erasmus 代码"), max_length=20, blank=True)
    notes = models.TextField(_("备注"), blank=True)

    class Meta:
        verbose_name = _("合作方")
        verbose_name_plural = _("合作方")
        ordering = ["name_zh"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "name_zh"],
                name="partner_name_unique_per_school",
                violation_error_message=_("本校已有同名合作方。"),
            ),
            models.CheckConstraint(
                condition=(
                    Q(country_code__in=sorted(HONG_KONG_MACAO_TAIWAN), region_category="hmt")
                    | Q(country_code=MAINLAND, region_category="domestic")
                    | (
                        ~Q(country_code__in=[*sorted(HONG_KONG_MACAO_TAIWAN), MAINLAND])
                        & Q(region_category="foreign")
                    )
                ),
                name="partner_region_matches_country",
                violation_error_message=_("地区类别与国家/地区不一致。"),
            ),
        ]

    def __str__(self) -> str:
        return self.name_zh

    def clean(self) -> None:
        self.country_code = (self.country_code or "").upper()
        self.region_category = region_category_for(self.country_code)

    @property
    def country_display(self) -> str:
        return country_name(self.country_code)

    @property
    def is_guo_jing_wai(self) -> bool:
        """国（境）外 covers foreign countries and Hong Kong, Macao and Taiwan alike."""
        return self.region_category != RegionCategory.DOMESTIC


class PartnerContact(TenantModel):
    """联系人 of a partner."""

    partner = models.ForeignKey(
        Partner, verbose_name=_("合作方"), on_delete=models.CASCADE, related_name="contacts"
    )
    name = models.CharField(_("姓名"), max_length=100)
    position = models.CharField(_("职务"), max_length=100, blank=True)
    email = models.EmailField(_("电子邮箱"), blank=True)
    phone = models.CharField(_("电话"), max_length=50, blank=True)
    is_primary = models.BooleanField(_("主要联系人"), default=False)

    class Meta:
        verbose_name = _("联系人")
        verbose_name_plural = _("联系人")
        ordering = ["-is_primary", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["partner"],
                condition=Q(is_primary=True),
                name="partnercontact_one_primary",
                violation_error_message=_("每个合作方只能有一位主要联系人。"),
            )
        ]

    def __str__(self) -> str:
        return self.name
