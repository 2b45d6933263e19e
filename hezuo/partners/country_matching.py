"""A country or region as a person types it (an Excel cell, a list's filter) read as its code.

Accepted: the code (GB), the name hezuo shows in Chinese or English (英国, United Kingdom), the
names CLDR gives in traditional Chinese (英國, 澳洲: schools write them for partners in Hong Kong
and Taiwan), and the common forms in ``VARIANTS``. Width, case, spaces and punctuation do not
count: "ＧＢ", " 中国 香港 " and "Cote d'Ivoire" are read as "GB", "中国香港" and "Côte d’Ivoire".
A name that is none of these is not guessed: ``closest_country_names`` offers what it resembles.
"""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata

from babel import Locale

from hezuo.partners.countries import COUNTRIES, country_name

# What people write for a country or region besides the names above: the short and the full
# official forms, and names in common use. Keep it to forms seen in schools' documents; a name
# listed here must not be another country's.
VARIANTS: dict[str, tuple[str, ...]] = {
    "CN": ("中国大陆", "中国内地", "内地", "大陆", "中华人民共和国", "Mainland China", "PRC"),
    "HK": (
        "香港",
        "中国香港特别行政区",
        "香港特别行政区",
        "中国香港特区",
        "香港特区",
        "Hong Kong",
        "Hong Kong SAR",
        "HKSAR",
    ),
    "MO": ("澳门", "中国澳门特别行政区", "澳门特别行政区", "中国澳门特区", "澳门特区", "Macau"),
    "TW": ("台湾", "台湾地区", "中国台湾地区", "台湾省", "中国台湾省", "Taiwan"),
    "KR": ("大韩民国", "南韩", "Republic of Korea"),
    "KP": ("朝鲜民主主义人民共和国", "北韩", "DPRK"),
    "US": ("美利坚合众国", "USA", "United States of America", "America"),
    "GB": (
        "大不列颠及北爱尔兰联合王国",
        "联合王国",
        "英格兰",
        "苏格兰",
        "威尔士",
        "北爱尔兰",
        "UK",
        "Great Britain",
        "Britain",
        "England",
        "Scotland",
        "Wales",
    ),
    "RU": ("俄罗斯联邦", "俄国", "Russian Federation"),
    "LA": ("老挝人民民主共和国", "Lao PDR"),
    "VN": ("越南社会主义共和国", "Viet Nam"),
    "KH": ("柬埔寨王国",),
    "KG": ("吉尔吉斯共和国", "吉尔吉斯", "Kyrgyz Republic"),
    "MY": ("大马",),
    "TH": ("泰王国",),
    "SG": ("新加坡共和国",),
    "AU": ("澳大利亚联邦",),
    "NZ": ("纽西兰",),
    "AE": ("阿联酋", "UAE"),
    "BD": ("孟加拉",),
    "CZ": ("捷克共和国", "Czech Republic"),
    "MK": ("马其顿",),
    "TR": ("Turkey",),
    "CI": ("Ivory Coast",),
    "CD": ("刚果民主共和国", "Democratic Republic of the Congo"),
    "CG": ("刚果共和国", "Republic of the Congo"),
    "PS": ("巴勒斯坦", "巴勒斯坦国", "Palestine", "State of Palestine"),
    "VA": ("教廷", "Holy See"),
    "NL": ("荷兰王国", "Holland"),
    "IE": ("爱尔兰共和国",),
    "DE": ("德意志联邦共和国",),
    "FR": ("法兰西共和国",),
}

# Chinese as written in Hong Kong, Macao and Taiwan (CLDR's names there).
TRADITIONAL = ("zh_Hant", "zh_Hant_HK")
PUNCTUATION = re.compile(r"[\s.,，。·・'’‘\"“”()（）\[\]【】\-‐–—_/、]+")


def normalise_country_text(text: object) -> str:
    """``text`` as the index keys it: full-width as half-width (NFKC), lower case, without
    accents, spaces or punctuation, "&" as "and" and "Saint" as "St"."""
    decomposed = unicodedata.normalize("NFKD", str(text or "")).casefold()
    folded = "".join(char for char in decomposed if not unicodedata.combining(char))
    folded = folded.replace("&", "and").replace("saint", "st")
    return PUNCTUATION.sub("", unicodedata.normalize("NFKC", folded))


@functools.cache
def _index() -> dict[str, str]:
    """Every accepted text, normalised, with its code."""
    index: dict[str, str] = {}
    for language in TRADITIONAL:
        for code, name in Locale.parse(language).territories.items():
            if code in COUNTRIES:
                index[normalise_country_text(name)] = code
    for code, (name_zh, name_en) in COUNTRIES.items():
        for text in (code, name_zh, name_en, *VARIANTS.get(code, ())):
            index[normalise_country_text(text)] = code
    return index


def country_code_for(text: object) -> str | None:
    """The code of the country or region ``text`` names, or None when it names none."""
    return _index().get(normalise_country_text(text))


def closest_country_names(text: object, count: int = 3) -> list[str]:
    """The names (in the active language) of the countries whose accepted forms look most like
    ``text``, closest first: what a refusal suggests instead of a misspelt name."""
    index = _index()
    found: list[str] = []
    for key in difflib.get_close_matches(normalise_country_text(text), index, n=20, cutoff=0.5):
        if index[key] not in found:
            found.append(index[key])
    return [country_name(code) for code in found[:count]]
