"""The columns of an import sheet: what a cell may hold and how it becomes a field's value.

A column is named after a model field; its heading, whether it is required, its drop-down
choices and its conversion follow from the field, so the workbook, the template and the
record cannot disagree. Every conversion refuses with a message in the user's language.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import models
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from hezuo.core.kinds import Kind
from hezuo.core.plain import plain
from hezuo.core.text import listing
from hezuo.partners.countries import COUNTRIES, country_name
from hezuo.partners.country_matching import closest_country_names, country_code_for


def column_name(column: int) -> str:
    """A worksheet column's letters, as Excel names it: 1 → A, 27 → AA, 16384 → XFD."""
    letters = ""
    while column > 0:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


class CellError(Exception):
    """A cell that cannot be read as its column's value."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


# A lookup turns the name in a cell into one of the school's records (or None when unknown).
Lookup = Callable[[str], Any]

SEPARATORS = re.compile(r"[、;；,，\n]+")
TEXT_DATE = re.compile(
    r"^\s*(\d{4})\s*(?:[-/.]|年)\s*(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})\s*日?\s*$"
)
YES = {"是", "y", "yes", "true", "1", "√", "✓"}
NO = {"否", "n", "no", "false", "0", ""}


@dataclass(frozen=True)
class Column:
    """One column: the model field it fills, and for links the name of what it links to."""

    name: str  # the model field (or, for a sheet's own columns, the key it is read into)
    required: bool = False
    label: str | Promise = ""  # by default the field's verbose name
    lookup: Kind | None = None  # the kind of record a cell names (a key of the import's lookups)
    many: bool = False  # several names in one cell, separated by 、 or ;
    of: type[models.Model] | None = None  # the model of the field, if not the sheet's

    def heading(self, model: type[models.Model]) -> str:
        model = self.of or model
        text = str(self.label or field_of(model, self.name).verbose_name)
        return f"{text}*" if self.required else text

    def headings(self, model: type[models.Model]) -> set[str]:
        """Every heading this column is recognised by: Chinese and English, marked or not."""
        names = set()
        for language in ("zh-hans", "en"):
            with translation.override(language):
                names.add(normalise_heading(self.heading(model)))
        return names

    def choices(self, model: type[models.Model]) -> list[tuple[str, str]]:
        if self.name == "country_code":
            return [(code, country_name(code)) for code in COUNTRIES]
        if self.lookup:
            return []
        found = field_of(self.of or model, self.name)
        return [(str(value), str(label)) for value, label in (found.choices or [])]


@dataclass(frozen=True)
class Sheet:
    """One sheet of an import: its name, the model its rows describe and its columns."""

    title: str | Promise
    model: type[models.Model]
    columns: Sequence[Column]
    key: Sequence[str]  # the columns that name a record: its natural key
    note: str | Promise = ""  # shown on the instructions sheet

    def column(self, name: str) -> Column:
        return next(column for column in self.columns if column.name == name)

    def titles(self) -> set[str]:
        names = set()
        for language in ("zh-hans", "en"):
            with translation.override(language):
                names.add(str(self.title).strip())
        return names


def field_of(model: type[models.Model], name: str) -> models.Field[Any, Any]:
    found = model._meta.get_field(name)
    if not isinstance(found, models.Field):
        raise TypeError(f"{model.__name__}.{name} is not a field")
    return found


def normalise_heading(text: object) -> str:
    return re.sub(r"[\s*＊（）()]|必填|required", "", str(text or ""), flags=re.IGNORECASE).lower()


@dataclass
class Converter:
    """Turns the cells of one column into values, knowing the model field behind it."""

    column: Column
    model: type[models.Model]
    lookups: Mapping[Kind, Lookup] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.field = field_of(self.column.of or self.model, self.column.name)
        self._choices: dict[str, str] = {}
        if getattr(self.field, "choices", None):
            for value, label in self.field.choices:  # type: ignore[union-attr]
                self._choices[str(value).lower()] = str(value)
                for language in ("zh-hans", "en"):
                    with translation.override(language):
                        self._choices[str(label).lower()] = str(value)

    def convert(self, value: object) -> Any:
        if isinstance(value, str):
            value = plain(value).strip()
        if value is None or value == "":
            return self._empty()
        if self.column.lookup:
            return self._linked(value)
        if self.column.name == "country_code":
            return self._country(value)
        if self._choices:
            return self._choice(value)
        if isinstance(self.field, models.BooleanField):
            return self._boolean(value)
        if isinstance(self.field, models.DateField):
            return self._date(value)
        if isinstance(self.field, models.DecimalField):
            return self._decimal(value)
        if isinstance(self.field, models.IntegerField):
            return self._integer(value)
        if isinstance(value, dt.datetime | dt.date):
            return value.strftime("%Y-%m-%d")
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return str(value)

    def _empty(self) -> Any:
        """An empty cell: refused when required, otherwise what an empty form field saves."""
        if self.column.required:
            raise CellError(_("此项必填。"))
        if self.column.lookup:
            return () if self.column.many else None
        if self.field.has_default():
            return self.field.get_default()
        if isinstance(self.field, models.BooleanField):
            return False
        return None if self.field.null else ""

    def _choice(self, value: object) -> str:
        found = self._choices.get(str(value).strip().lower())
        if found is None:
            raise CellError(_("“%(value)s”不是可选的值，请从下拉列表中选择。") % {"value": value})
        return found

    def _country(self, value: object) -> str:
        """A country or region by its code, its name or a common form of it (country_matching)."""
        found = country_code_for(value)
        if found is None:
            message = _("“%(value)s”不是可选的值，请从下拉列表中选择。") % {"value": value}
            closest = closest_country_names(value)
            if closest:
                message += _("相近的名称：%(names)s。") % {"names": listing(closest)}
            raise CellError(message)
        return found

    def _boolean(self, value: object) -> bool:
        if isinstance(value, bool):
            return value
        text = "" if value is None else str(value).strip().lower()
        if isinstance(value, int | float):
            text = str(int(value)) if value in (0, 1) else text
        if text in YES:
            return True
        if text in NO:
            return False
        raise CellError(_("“%(value)s”应填写“是”或“否”。") % {"value": value})

    def _date(self, value: object) -> dt.date:
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        match = TEXT_DATE.match(str(value))
        if match:
            try:
                return dt.date(*(int(part) for part in match.groups()))
            except ValueError:
                pass
        raise CellError(
            _("“%(value)s”不是日期：请使用 Excel 日期格式，或写作 2021-03-05、2021年3月5日。")
            % {"value": value}
        )

    def _decimal(self, value: object) -> Decimal:
        if isinstance(value, bool):
            raise CellError(_("“%(value)s”不是数字。") % {"value": value})
        try:
            number = Decimal(str(value).replace(",", "").strip())
        except InvalidOperation:
            raise CellError(_("“%(value)s”不是数字。") % {"value": value}) from None
        if not number.is_finite():
            raise CellError(_("“%(value)s”不是数字。") % {"value": value})
        places = getattr(self.field, "decimal_places", None)
        if places is not None and number != round(number, places):
            raise CellError(
                _("“%(value)s”最多保留 %(places)d 位小数。") % {"value": value, "places": places}
            )
        return number

    def _integer(self, value: object) -> int:
        number = self._decimal(value)
        if number != number.to_integral_value():
            raise CellError(_("“%(value)s”应为整数。") % {"value": value})
        if abs(number) > 2**31 - 1:
            raise CellError(_("“%(value)s”超出允许范围。") % {"value": value})
        return int(number)

    def _linked(self, value: object) -> Any:
        assert self.column.lookup is not None  # called only for a column that names records
        lookup = self.lookups[self.column.lookup]
        if self.column.many:
            found = []
            for name in (name.strip() for name in SEPARATORS.split(str(value))):
                if name:
                    found.append(self._one(lookup, name))
            return tuple(dict.fromkeys(found))
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return self._one(lookup, str(value).strip())

    def _one(self, lookup: Lookup, name: str) -> Any:
        found = lookup(name)
        if found is None:
            label = self.column.label or self.field.verbose_name
            raise CellError(
                _("找不到%(what)s“%(name)s”：请先在 hezuo 中添加，或检查名称是否一致。")
                % {"what": label, "name": name}
            )
        return found
