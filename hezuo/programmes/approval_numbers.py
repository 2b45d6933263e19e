"""批准书编号 of cooperative programmes (教外综〔2004〕73号): read and explained. Pure functions.

Eight parts, e.g. PDE33AU3A20050064N: approving authority (MOE = 教育部, PDE = 省级教育行政部门),
province code, country/region of the foreign institution, level digit, education-type letter,
year of approval, national serial number, and a closing letter.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from django.utils.translation import gettext as _

APPROVAL_NUMBER_PATTERN = re.compile(
    r"^(?P<authority>MOE|PDE)(?P<province>\d{2})(?P<country>[A-Z]{2})(?P<level>\d)"
    r"(?P<education_type>[A-Z])(?P<year>\d{4})(?P<serial>\d{4})(?P<suffix>[A-Z])$"
)


class InvalidApprovalNumber(ValueError):
    pass


@dataclass(frozen=True)
class ApprovalNumber:
    authority: str
    province: str
    country: str
    level: str
    education_type: str
    year: int
    serial: str
    suffix: str

    def __str__(self) -> str:
        return (
            f"{self.authority}{self.province}{self.country}{self.level}{self.education_type}"
            f"{self.year:04d}{self.serial}{self.suffix}"
        )

    @property
    def authority_display(self) -> str:
        return _("教育部") if self.authority == "MOE" else _("省级教育行政部门")


def normalise_approval_number(text: str) -> str:
    """The number as it is stored: full-width letters and digits as ASCII (ＰＤＥ３３ → PDE33),
    upper-case, without any space (ASCII or the ideographic U+3000), as printed numbers are often
    typed ("Au", "PDE 33 …", copied from a Chinese document)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).upper()


def parse_approval_number(text: str) -> ApprovalNumber:
    number = normalise_approval_number(text)
    match = APPROVAL_NUMBER_PATTERN.match(number)
    if match is None:
        raise InvalidApprovalNumber(
            _(
                "批准书编号“%(number)s”格式不正确：应为 18 位，如 PDE33AU3A20050064N"
                "（审批机关 MOE/PDE + 2 位省份代码 + 2 位国别代码 + 1 位层次 + 1 位字母 + "
                "4 位年份 + 4 位顺序号 + 1 位字母）。"
            )
            % {"number": text}
        )
    parts = match.groupdict()
    return ApprovalNumber(
        authority=parts["authority"],
        province=parts["province"],
        country=parts["country"],
        level=parts["level"],
        education_type=parts["education_type"],
        year=int(parts["year"]),
        serial=parts["serial"],
        suffix=parts["suffix"],
    )


def province_mismatch(text: str, province: str) -> str:
    """A warning when approval number ``text`` names another province than ``province`` (the
    school's code, e.g. 44): the number may be mistyped or another school's. "" when it names
    the same one, when the number cannot be read, or when the school's province is not known."""
    try:
        number = parse_approval_number(text)
    except InvalidApprovalNumber:
        return ""
    if not province or number.province == province:
        return ""
    return _(
        "批准书编号“%(number)s”中的省份代码 %(code)s 与本校所在省份代码 %(province)s 不一致，"
        "请核对编号。"
    ) % {"number": number, "code": number.province, "province": province}
