from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from hezuo.partners.countries import COUNTRIES, country_name
from hezuo.partners.models import PartnerType, RegionCategory, region_category_for
from hezuo.partners.services import partner_create
from tests.personas import Personas


@pytest.mark.parametrize(
    ("code", "region"),
    [
        ("HK", "hmt"),
        ("MO", "hmt"),
        ("TW", "hmt"),
        ("CN", "domestic"),
        ("IE", "foreign"),
        ("ca", "foreign"),
    ],
)
def test_the_region_follows_from_the_country(code: str, region: str) -> None:
    assert region_category_for(code) == RegionCategory(region)


def test_hong_kong_macao_and_taiwan_are_named_as_regions_of_china() -> None:
    assert country_name("HK", "zh-hans") == "中国香港"
    assert country_name("TW", "en") == "Taiwan, China"
    assert len(COUNTRIES) == 249


def test_a_partner_gets_its_region_and_a_normalised_country(personas: Personas) -> None:
    partner = partner_create(
        access=personas.access(personas.alice),
        name_zh="澳门科技大学",
        country_code=" mo ",
        org_type=PartnerType.UNIVERSITY,
    )
    assert (partner.country_code, partner.region_category) == ("MO", "hmt")
    assert partner.is_guo_jing_wai


def test_an_unknown_country_is_refused_with_its_code(personas: Personas) -> None:
    with pytest.raises(ValidationError) as caught:
        partner_create(
            access=personas.access(personas.alice),
            name_zh="某校",
            country_code="XX",
            org_type=PartnerType.UNIVERSITY,
        )
    assert "“XX”不是有效的国家/地区代码" in str(caught.value.message_dict["country_code"])


def test_a_partner_in_use_cannot_be_deleted(personas: Personas) -> None:
    from hezuo.agreements.models import AgreementKind
    from hezuo.agreements.services import agreement_create
    from hezuo.core.errors import HezuoError
    from hezuo.partners.models import Partner
    from hezuo.partners.services import partner_delete

    access = personas.access(personas.alice)
    partner = partner_create(
        access=access, name_zh="龙华科技大学", country_code="TW", org_type=PartnerType.UNIVERSITY
    )
    agreement_create(
        access=access,
        title="合作办学协议",
        kind=AgreementKind.COOPERATIVE_EDUCATION,
        partners=[partner],
    )
    with pytest.raises(HezuoError, match="仍被以下记录引用，不能删除：合作办学协议"):
        partner_delete(access=access, partner=partner)
    assert Partner.objects.filter(pk=partner.pk).exists()
