"""Importing activities, and in a second sheet their participation rows."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from functools import partial
from typing import Any, cast

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hezuo.accounts.access import Capability
from hezuo.activities.models import Activity, Participation, days_beyond
from hezuo.activities.selectors import activity_list
from hezuo.activities.services import (
    ACTIVITY_EDITABLE,
    ActivityDraft,
    ParticipationInput,
    activities_create_many,
    activity_update,
    participations_save,
)
from hezuo.core.kinds import Kind
from hezuo.imports.columns import Column, Lookup, Sheet
from hezuo.imports.importer import (
    Counts,
    Importer,
    Key,
    by_name,
    department_lookup,
    named,
    partner_lookup,
    written,
)
from hezuo.imports.importing import Report, Row, index_by_key
from hezuo.imports.models import ImportKind
from hezuo.programmes.approval_numbers import normalise_approval_number
from hezuo.programmes.selectors import programme_list

ACTIVITY_COLUMNS = [
    Column("title", required=True),
    Column("activity_type", required=True),
    Column("direction", required=True),
    Column("mode", required=True),
    Column("start_on", required=True),
    Column("end_on"),
    Column("place"),
    Column("country_code"),
    Column("partners", lookup=Kind.PARTNERS, many=True),
    Column("programme", lookup=Kind.PROGRAMMES),
    Column("department", lookup=Kind.DEPARTMENTS),
    Column("summary"),
    Column("is_cancelled"),
    Column("is_estimate"),
    Column("method_note"),
    Column("in_bay_area"),
]
PARTICIPATION_COLUMNS = [
    Column("title", required=True, of=Activity),
    Column("start_on", required=True, of=Activity),
    Column("person_category", required=True),
    Column("role", required=True),
    Column("headcount", required=True),
    Column("days"),
    Column("hours"),
    Column("note"),
]


class ActivitiesImport(Importer):
    """Activities, and in a second sheet their participation rows. An activity named in the
    second sheet gets exactly the rows given there; one not named keeps the rows it has."""

    slug = ImportKind.ACTIVITIES
    label = ImportKind.ACTIVITIES.label
    capability = Capability.RECORD_ACTIVITIES
    editable = (*ACTIVITY_EDITABLE, "partners")
    sheets = (
        Sheet(
            gettext_lazy("交流活动"),
            Activity,
            ACTIVITY_COLUMNS,
            key=("title", "start_on"),
            note=gettext_lazy(
                "活动名称与开始日期都相同的活动视为同一条记录：再次导入会更新其余各列。"
                "合作方填写中文或外文名称，多个用顿号（、）分隔。"
            ),
        ),
        Sheet(
            gettext_lazy("参与记录"),
            Participation,
            PARTICIPATION_COLUMNS,
            key=("title", "start_on"),
            note=gettext_lazy(
                "每行是一组人员：活动名称与开始日期指向“交流活动”工作表或 hezuo 中已有的活动。"
                "天数与课时数填写其中一项；人日 = 人数 × 天数，或人数 × 课时数 ÷ 每日课时数。"
                "在本表中出现的活动，其参与记录以本表为准；未出现的活动保留原有参与记录。"
            ),
        ),
    )

    def load_lookups(self) -> dict[Kind, Lookup]:
        programmes = by_name(programme_list(access=self.access), "name", "approval_number")
        return {
            Kind.PARTNERS: partner_lookup(self.access),
            Kind.DEPARTMENTS: department_lookup(self.access),
            # An approval number as typed: with spaces, or in full-width characters.
            Kind.PROGRAMMES: lambda text: (
                programmes(text) or programmes(normalise_approval_number(text))
            ),
        }

    def records(self, rows: Sequence[Row]) -> Iterable[models.Model]:
        activities = activity_list(access=self.access).prefetch_related(
            "partners", "participations"
        )
        return named(activities, "title", rows)

    def record_key(self, record: Activity) -> Key:
        return (record.title, record.start_on)

    def apply(self, rows: dict[str, list[Row]], report: Report) -> Counts:
        groups = self._participation_groups(rows.get(str(self.sheets[1].title), []), report)
        main = rows.get(str(self.sheet.title), [])
        created = updated = unchanged = 0
        for chunk in self.chunks(main, report):
            new: list[tuple[Row, ActivityDraft]] = []
            for row, record, values in self.matched(chunk, report):
                inputs = groups.get(row.key(), ([], []))[0]
                partners = tuple(values.pop("partners", ()))
                if record is None:
                    values.setdefault("country_code", "")
                    new.append((row, ActivityDraft(values, partners, tuple(inputs))))
                    continue
                if "partners" in row.positions:
                    values["partners"] = partners
                changes = self.changes(record, values)
                replaced = inputs if row.key() in groups and _rows_differ(record, inputs) else None
                end_on = changes.get("end_on", record.end_on)
                if replaced is not None and _too_long(groups[row.key()], record, end_on, report):
                    continue
                if not changes and replaced is None:
                    unchanged += 1
                elif written(report, row, partial(self._update, record, changes, replaced)):
                    updated += 1
            drafts = [draft for _row, draft in new]
            refusals = activities_create_many(access=self.access, drafts=drafts)
            for refusal in refusals:
                row = new[refusal.index][0]
                if refusal.row is not None:
                    row = groups[row.key()][1][refusal.row]
                report.refusal(row, refusal.error)
            created += len(new) - len({refusal.index for refusal in refusals})
        # Activities named only on the participation sheet must be in hezuo already.
        named = {row.key() for row in main}
        orphans = [key for key in groups if key not in named]
        for start in range(0, len(orphans), self.chunk_rows):
            keys = orphans[start : start + self.chunk_rows]
            existing, _twice = index_by_key(
                self.records([_stub(key) for key in keys]), self.record_key
            )
            for key in keys:
                inputs, participation_rows = groups[key]
                if key not in existing:
                    for row in participation_rows:
                        report.cell(
                            row,
                            "title",
                            _(
                                "找不到开始于 %(date)s 的活动“%(title)s”："
                                "请在“交流活动”工作表中填写该活动。"
                            )
                            % {"title": key[0], "date": key[1]},
                        )
                    continue
                activity = cast(Activity, existing[key])
                if _too_long(groups[key], activity, activity.end_on, report):
                    continue
                if not _rows_differ(activity, inputs):
                    unchanged += 1
                elif written(
                    report, participation_rows[0], partial(self._update, activity, {}, inputs)
                ):
                    updated += 1
        return created, updated, unchanged

    def _update(
        self, record: Activity, changes: dict[str, Any], inputs: Sequence[ParticipationInput] | None
    ) -> None:
        # The rows replaced go before the dates change and the new ones come after, so each is
        # checked against the dates it is kept with (a row may not last longer than them).
        if inputs is not None:
            current = list(record.participations.all())
            participations_save(
                access=self.access, activity=record, rows=[(row, None) for row in current]
            )
        if changes:
            partners = changes.pop("partners", None)
            activity_update(access=self.access, activity=record, partners=partners, **changes)
        if inputs is not None:
            participations_save(
                access=self.access, activity=record, rows=[(None, item) for item in inputs]
            )

    def _participation_groups(
        self, rows: Sequence[Row], report: Report
    ) -> dict[Key, tuple[list[ParticipationInput], list[Row]]]:
        groups: dict[Key, tuple[list[ParticipationInput], list[Row]]] = defaultdict(
            lambda: ([], [])
        )
        for row in rows:
            if row.failed:
                continue
            values = row.values
            key = (values["title"], values["start_on"])
            inputs, sources = groups[key]
            inputs.append(
                ParticipationInput(
                    person_category=values["person_category"],
                    role=values["role"],
                    headcount=values["headcount"],
                    days=values.get("days"),
                    hours=values.get("hours"),
                    note=values.get("note", ""),
                )
            )
            sources.append(row)
        return dict(groups)


def _too_long(
    group: tuple[list[ParticipationInput], list[Row]],
    activity: Activity,
    end_on: dt.date | None,
    report: Report,
) -> bool:
    """Refuse, each on its own row, the participation rows of ``activity`` (to end on
    ``end_on``) that last longer than it; True when there was one."""
    refused = False
    for item, row in zip(*group, strict=True):
        problem = days_beyond(item.days, start_on=activity.start_on, end_on=end_on)
        if problem:
            report.cell(row, "days", problem)
            refused = True
    return refused


def _stub(key: Key) -> Row:
    return Row(ActivitiesImport.sheets[0], 1, 0, {"title": key[0], "start_on": key[1]}, {}, "")


def _rows_differ(record: Activity, inputs: Sequence[ParticipationInput]) -> bool:
    def facts(items: Iterable[Any]) -> Counter[tuple[Any, ...]]:
        return Counter(
            (
                item.person_category,
                item.role,
                item.headcount,
                None if item.days is None else item.days.normalize(),
                None if item.hours is None else item.hours.normalize(),
                item.note or "",
            )
            for item in items
        )

    return facts(record.participations.all()) != facts(inputs)
