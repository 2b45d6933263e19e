"""How an assistance figure is written in a report. Pure functions."""

from __future__ import annotations

from decimal import Decimal


def format_quantity(quantity: Decimal, unit: str, approximation: str) -> str:
    """ "117万余元", "近2300人", "约1800个", "2000余人", "2人" — as Chinese reports write them.

    "余" (more than) goes after the number's own magnitude: 117 万元 with 余 is 117万余元.
    """
    number = format(quantity.normalize(), "f")
    if "." in number:
        number = number.rstrip("0").rstrip(".")
    if approximation == "over":
        if unit.startswith("万") and len(unit) > 1:
            return f"{number}万余{unit[1:]}"
        return f"{number}余{unit}"
    prefix = {"about": "约", "nearly": "近"}.get(approximation, "")
    return f"{prefix}{number}{unit}"
