"""批准书编号 of cooperative programmes (教外综〔2004〕73号): read and explained. Pure functions.

Eight parts, e.g. PDE33AU3A20050064N: approving authority (MOE = 教育部, PDE = 省级教育行政部门),
province code, country/region of the foreign institution, level digit, education-type letter,
year of approval, national serial number, and a closing letter.
"""

from __future__ import annotations

import re
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
    """Upper-case and without spaces, as printed numbers are often typed ("Au", "PDE 33 …")."""
    return re.sub(r"\s+", "", text).upper()


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
