"""Countries and regions (ISO 3166-1 alpha-2) with their Chinese and English names, from CLDR.

The names are CLDR's as Babel ships them: Chinese from ``zh_Hans_CN``, English from ``en``.
Hong Kong, Macao and Taiwan keep their ISO codes (HK, MO, TW) and are named as regions of China
(中国香港, 中国澳门, 中国台湾; "Hong Kong, China" …), as official usage requires; together they
are 港澳台, which with foreign countries makes 国（境）外. A record stores the code, never the name,
so a name that CLDR corrects changes what is shown and nothing that is stored.

The codes are those CLDR names that ISO 3166-1 assigns to a country or territory: CLDR also
names codes ISO keeps for other uses (see ``NOT_COUNTRIES``), which are left out. What people
type for a country (short and long forms, older names) is matched in ``country_matching.py``.
"""

from __future__ import annotations

import functools
import re

from babel import Locale
from django.utils.translation import get_language

HONG_KONG_MACAO_TAIWAN = frozenset({"HK", "MO", "TW"})
MAINLAND = "CN"

# Names that official Chinese usage fixes where CLDR's differ (中国香港特别行政区, 台湾 …).
OFFICIAL_NAMES: dict[str, tuple[str, str]] = {
    "HK": ("中国香港", "Hong Kong, China"),
    "MO": ("中国澳门", "Macao, China"),
    "TW": ("中国台湾", "Taiwan, China"),
    "PS": ("巴勒斯坦", "Palestine"),  # as China's foreign ministry names it (CLDR: 巴勒斯坦领土)
}

# Two-letter codes CLDR names that ISO 3166-1 assigns to no country or territory: the user-
# assigned codes (AA, QM–QZ, XA–XZ, ZZ: CLDR's "Outlying Oceania", pseudo-locales, Kosovo and
# "Unknown Region") and the exceptionally reserved ones (the European Union, the Eurozone, the
# United Nations, and islands ISO counts under another code, such as Ascension under SH).
USER_ASSIGNED = re.compile(r"^(AA|Q[M-Z]|X[A-Z]|ZZ)$")
EXCEPTIONALLY_RESERVED = frozenset(
    {"AC", "CP", "CQ", "DG", "EA", "EU", "EZ", "FX", "IC", "SU", "TA", "UK", "UN"}
)


def _is_country(code: str) -> bool:
    return (
        re.fullmatch(r"[A-Z]{2}", code) is not None
        and USER_ASSIGNED.match(code) is None
        and code not in EXCEPTIONALLY_RESERVED
    )


def _countries() -> dict[str, tuple[str, str]]:
    chinese = Locale.parse("zh_Hans_CN").territories
    english = Locale.parse("en").territories
    return {
        code: OFFICIAL_NAMES.get(code, (chinese[code], english[code]))
        for code in sorted(chinese)
        if _is_country(code)
    }


# code: (中文名称, English name)
COUNTRIES: dict[str, tuple[str, str]] = _countries()


def country_name(code: str, language: str | None = None) -> str:
    """The name of ``code`` in ``language`` (default: the active language); the code if unknown."""
    names = COUNTRIES.get(code.upper())
    if names is None:
        return code
    language = language or get_language() or "zh-hans"
    return names[0] if language.startswith("zh") else names[1]


def country_choices() -> list[tuple[str, str]]:
    """Every country as a form offers it ("SG 新加坡"), in the active language."""
    return list(_choices(get_language() or "zh-hans"))


@functools.cache
def _choices(language: str) -> tuple[tuple[str, str], ...]:
    return tuple((code, f"{code} {country_name(code, language)}") for code in COUNTRIES)
