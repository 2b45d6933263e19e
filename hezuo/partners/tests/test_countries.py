"""Countries: CLDR's names (with Hong Kong, Macao and Taiwan named as regions of China), and a
country as a person types it read as its code."""

from __future__ import annotations

import pytest
from django.utils import translation

from hezuo.partners.countries import COUNTRIES, HONG_KONG_MACAO_TAIWAN, country_name
from hezuo.partners.country_matching import (
    VARIANTS,
    closest_country_names,
    country_code_for,
)
from hezuo.partners.filters import PartnerFilterSet
from hezuo.partners.models import Partner, PartnerType, RegionCategory, region_category_for
from hezuo.partners.services import partner_create
from tests.personas import Personas


@pytest.mark.parametrize(
    ("code", "wrong", "right"),
    [
        ("KH", "柬埔塞", "柬埔寨"),
        ("KG", "吉尔吉斯坦", "吉尔吉斯斯坦"),
        ("GT", "瓜地马拉", "危地马拉"),
        ("MT", "马尔他", "马耳他"),
    ],
)
def test_countries_carry_their_standard_chinese_names(code: str, wrong: str, right: str) -> None:
    assert country_name(code, "zh-hans") == right
    assert wrong not in {name for name, _english in COUNTRIES.values()}


@pytest.mark.parametrize(
    ("code", "chinese", "english"),
    [
        ("HK", "中国香港", "Hong Kong, China"),
        ("MO", "中国澳门", "Macao, China"),
        ("TW", "中国台湾", "Taiwan, China"),
    ],
)
def test_hong_kong_macao_and_taiwan_are_regions_of_china_in_the_hmt_group(
    code: str, chinese: str, english: str
) -> None:
    assert (country_name(code, "zh-hans"), country_name(code, "en")) == (chinese, english)
    assert code in HONG_KONG_MACAO_TAIWAN
    assert region_category_for(code) == RegionCategory.HMT


def test_only_iso_countries_and_territories_are_offered() -> None:
    assert len(COUNTRIES) == 249
    assert not {"EU", "EZ", "UN", "ZZ", "XK", "XA", "QO", "AC", "IC", "001", "419"} & set(COUNTRIES)
    assert {"CN", "GB", "IE", "SG", "SH", "AX", "CW"} <= set(COUNTRIES)


def test_names_follow_the_active_language() -> None:
    with translation.override("en"):
        assert country_name("IE") == "Ireland"
    with translation.override("zh-hans"):
        assert country_name("IE") == "爱尔兰"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("香港", "HK"),
        ("中国香港", "HK"),
        ("香港特别行政区", "HK"),
        ("中国香港特别行政区", "HK"),
        ("Hong Kong", "HK"),
        ("台湾", "TW"),
        ("中国台湾", "TW"),
        ("台湾地区", "TW"),
        ("澳门", "MO"),
        ("中国澳门特别行政区", "MO"),
        ("Macau", "MO"),
        ("中国大陆", "CN"),
        ("内地", "CN"),
        ("韩国", "KR"),
        ("大韩民国", "KR"),
        ("南韩", "KR"),
        ("朝鲜", "KP"),
        ("美国", "US"),
        ("美利坚合众国", "US"),
        ("英国", "GB"),
        ("大不列颠及北爱尔兰联合王国", "GB"),
        ("UK", "GB"),
        ("俄罗斯", "RU"),
        ("俄罗斯联邦", "RU"),
        ("老挝", "LA"),
        ("老挝人民民主共和国", "LA"),
        ("越南", "VN"),
        ("柬埔寨", "KH"),
        ("吉尔吉斯斯坦", "KG"),
        ("马来西亚", "MY"),
        ("澳洲", "AU"),  # as Hong Kong and Taiwan write it (CLDR's traditional Chinese)
        ("英國", "GB"),
        ("爱尔兰", "IE"),
        ("新加坡", "SG"),
        ("Ireland", "IE"),
        ("United Kingdom", "GB"),
        ("Cote d'Ivoire", "CI"),
        ("Saint Kitts and Nevis", "KN"),
        ("ie", "IE"),
        (" 英 国 ", "GB"),  # spaces around and inside
        ("　柬埔寨　", "KH"),  # the ideographic space
        ("ＧＢ", "GB"),  # full-width letters
        ("中国（香港）", "HK"),
        ("刚果（金）", "CD"),
        ("刚果布", "CG"),
    ],
)
def test_a_country_is_read_from_any_common_form(text: str, code: str) -> None:
    assert country_code_for(text) == code


def test_every_variant_and_every_name_reads_as_its_own_country() -> None:
    """A variant that were another country's name would silently move a partner abroad."""
    for code, (chinese, english) in COUNTRIES.items():
        for text in (code, chinese, english, *VARIANTS.get(code, ())):
            assert country_code_for(text) == code, text
    assert set(VARIANTS) <= set(COUNTRIES)


@pytest.mark.parametrize("text", ["火星", "", "Korea", "EU", "XK", "柬埔塞"])
def test_an_unknown_or_ambiguous_name_reads_as_no_country(text: str) -> None:
    assert country_code_for(text) is None


def test_a_misspelt_name_is_answered_with_the_closest_names() -> None:
    assert closest_country_names("柬埔塞")[0] == "柬埔寨"
    assert closest_country_names("吉尔吉斯坦")[0] == "吉尔吉斯斯坦"
    assert closest_country_names("马尔他")[0] == "马耳他"
    assert closest_country_names("火星") == []


def test_the_partner_list_filters_by_a_name_as_well_as_a_code(personas: Personas) -> None:
    access = personas.access(personas.alice)
    for name, code in (("澳门城市大学", "MO"), ("金边皇家大学", "KH")):
        partner_create(
            access=access, name_zh=name, country_code=code, org_type=PartnerType.UNIVERSITY
        )
    rows = Partner.objects.filter(school=personas.alpha)
    for typed in ("MO", "mo", "澳门", "中国澳门"):
        found = PartnerFilterSet({"country_code": typed}, queryset=rows).qs
        assert [p.name_zh for p in found] == ["澳门城市大学"], typed
