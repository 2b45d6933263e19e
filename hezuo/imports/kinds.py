"""What can be imported: partners, agreements, programmes, activities with their participation
rows, task points and assistance records. Each importer names its sheets and columns, finds a
row's record by its natural key, and writes through the same services as the pages, so an
import is refused what a page would refuse, and every change is audited."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import partial
from typing import Any, ClassVar, cast

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hezuo.accounts.access import Access, Capability
from hezuo.accounts.selectors import department_list
from hezuo.activities.models import Activity, Participation
from hezuo.activities.selectors import activity_list
from hezuo.activities.services import (
    ACTIVITY_EDITABLE,
    ActivityDraft,
    ParticipationInput,
    activities_create_many,
    activity_update,
    participations_save,
)
from hezuo.agreements.models import Agreement
from hezuo.agreements.selectors import agreement_list
from hezuo.agreements.services import agreement_create, agreement_update
from hezuo.assistance.models import Assistance, AssistanceRecord
from hezuo.assistance.selectors import assistance_list, assistance_record_list
from hezuo.assistance.services import assistance_record_add, assistance_record_update
from hezuo.construction.models import Task, TaskPoint
from hezuo.construction.selectors import project_list, task_list_all, task_point_list_all
from hezuo.construction.services import task_point_create, task_point_update
from hezuo.core.errors import HezuoError
from hezuo.imports.columns import Column, Lookup, Sheet
from hezuo.imports.importing import Report, Row, changed_fields, duplicates, index_by_key
from hezuo.imports.models import ImportKind
from hezuo.partners.models import Partner
from hezuo.partners.selectors import partner_list
from hezuo.partners.services import partner_create, partner_update
from hezuo.programmes.approval_numbers import normalise_approval_number
from hezuo.programmes.models import Programme
from hezuo.programmes.selectors import programme_list
from hezuo.programmes.services import programme_create, programme_update

Key = tuple[Any, ...]
Counts = tuple[int, int, int]


class RowRefused(Exception):
    """A row whose values cannot make a record; ``column`` names the cell to blame."""

    def __init__(self, column: str, message: str) -> None:
        self.column, self.message = column, message
        super().__init__(message)


def _by_name(records: Iterable[models.Model], *names: str) -> Lookup:
    """A lookup by any of the records' ``names`` (case and surrounding spaces ignored)."""
    index: dict[str, models.Model] = {}
    for record in records:
        for name in names:
            value = str(getattr(record, name) or "").strip().lower()
            if value:
                index.setdefault(value, record)
    return lambda text: index.get(text.strip().lower())


class Importer:
    """One kind of import. Subclasses set ``slug``, ``label``, ``sheets`` and the hooks."""

    slug: ClassVar[str]
    label: ClassVar[str | Promise]
    capability: ClassVar[Capability]  # what writing the records needs (for some department)
    sheets: ClassVar[tuple[Sheet, ...]]
    editable: ClassVar[tuple[str, ...]]  # the fields an import may change

    def __init__(self, access: Access) -> None:
        self.access = access
        self.lookups = self.load_lookups()

    @property
    def sheet(self) -> Sheet:
        return self.sheets[0]

    def load_lookups(self) -> dict[str, Lookup]:
        return {}

    def records(self, rows: Sequence[Row]) -> Iterable[models.Model]:
        """The school's records that rows of the file may name."""
        raise NotImplementedError

    def record_key(self, record: Any) -> Key:
        raise NotImplementedError

    def values(self, row: Row) -> dict[str, Any]:
        """The row as the keyword arguments of the create service."""
        return dict(row.values)

    def create(self, values: dict[str, Any]) -> None:
        raise NotImplementedError

    def update(self, record: Any, changes: dict[str, Any]) -> None:
        raise NotImplementedError

    def changes(self, record: Any, values: dict[str, Any]) -> dict[str, Any]:
        return changed_fields(record, values, self.editable)

    def apply(self, rows: dict[str, list[Row]], report: Report) -> Counts:
        """Write the rows of the main sheet; returns (created, updated, unchanged)."""
        created = updated = unchanged = 0
        for chunk in self.chunks(rows.get(str(self.sheet.title), []), report):
            new: list[tuple[Row, dict[str, Any]]] = []
            for row, record, values in self.matched(chunk, report):
                if record is None:
                    new.append((row, values))
                    continue
                changes = self.changes(record, values)
                if not changes:
                    unchanged += 1
                elif _written(report, row, partial(self.update, record, changes)):
                    updated += 1
            for row, values in new:
                if _written(report, row, partial(self.create, values)):
                    created += 1
        return created, updated, unchanged

    def chunks(self, rows: Sequence[Row], report: Report) -> Iterator[list[Row]]:
        """The readable rows of the main sheet (the same record twice in the file is refused),
        a few thousand at a time, so a large file never holds all its records in memory."""
        readable = [row for row in duplicates(rows, report) if not row.failed]
        for start in range(0, len(readable), CHUNK):
            yield readable[start : start + CHUNK]

    def matched(self, rows: Sequence[Row], report: Report) -> list[tuple[Row, Any, dict[str, Any]]]:
        """Each row with its record (None: a new one) and its values."""
        existing, twice = index_by_key(self.records(rows), self.record_key)
        found = []
        for row in rows:
            key = row.key()
            if key in twice:
                report.cell(
                    row,
                    "",
                    _("hezuo 中有多条记录与此行相同（%(key)s），无法确定要更新哪一条。")
                    % {"key": _key_text(row)},
                )
                continue
            try:
                values = self.values(row)
            except RowRefused as error:
                report.cell(row, error.column, error.message)
                continue
            found.append((row, existing.get(key), values))
        return found


CHUNK = 2000


def _named(records: QuerySet[Any], field: str, rows: Sequence[Row]) -> list[Any]:
    """The records whose ``field`` is one the rows name (looked up a few hundred at a time)."""
    names = sorted({str(row.values.get(field)) for row in rows})
    found: list[Any] = []
    for start in range(0, len(names), 500):
        found += records.filter(**{f"{field}__in": names[start : start + 500]})
    return found


def _key_text(row: Row) -> str:
    return "、".join(str(row.values.get(name) or "") for name in row.sheet.key)


def _written(report: Report, row: Row, write: Callable[[], object]) -> bool:
    try:
        with transaction.atomic():
            write()
    except (ValidationError, HezuoError) as error:
        report.refusal(row, error)
        return False
    return True


def _partners(access: Access) -> Lookup:
    return _by_name(partner_list(access=access), "name_zh", "name_local")


def _departments(access: Access) -> Lookup:
    return _by_name(department_list(access=access), "name")


class PartnersImport(Importer):
    slug = ImportKind.PARTNERS
    label = ImportKind.PARTNERS.label
    capability = Capability.MANAGE_COOPERATION
    editable = (
        "name_local",
        "country_code",
        "org_type",
        "status",
        "is_belt_and_road",
        "website",
        "schac_code",
        "pic",
        "erasmus_code",
        "notes",
    )
    sheets = (
        Sheet(
            gettext_lazy("合作方"),
            Partner,
            [
                Column("name_zh", required=True),
                Column("name_local"),
                Column("country_code", required=True),
                Column("org_type", required=True),
                Column("status"),
                Column("is_belt_and_road"),
                Column("website"),
                Column("schac_code"),
                Column("pic"),
                Column("erasmus_code"),
                Column("notes"),
            ],
            key=("name_zh",),
            note=gettext_lazy("中文名称相同的合作方视为同一条记录：再次导入会更新其余各列。"),
        ),
    )

    def records(self, rows: Sequence[Row]) -> Iterable[models.Model]:
        return _named(partner_list(access=self.access), "name_zh", rows)

    def record_key(self, record: Partner) -> Key:
        return (record.name_zh,)

    def create(self, values: dict[str, Any]) -> None:
        partner_create(access=self.access, **values)

    def update(self, record: Partner, changes: dict[str, Any]) -> None:
        partner_update(access=self.access, partner=record, **changes)


class AgreementsImport(Importer):
    slug = ImportKind.AGREEMENTS
    label = ImportKind.AGREEMENTS.label
    capability = Capability.MANAGE_COOPERATION
    editable = ("kind", "partners", "department", "status", "valid_from", "valid_until", "notes")
    sheets = (
        Sheet(
            gettext_lazy("合作协议"),
            Agreement,
            [
                Column("title", required=True),
                Column("kind", required=True),
                Column("partners", lookup="partners", many=True),
                Column("department", lookup="departments"),
                Column("status"),
                Column("signed_on"),
                Column("valid_from"),
                Column("valid_until"),
                Column("notes"),
            ],
            key=("title", "signed_on"),
            note=gettext_lazy(
                "协议名称与签署日期都相同的协议视为同一条记录。合作方填写其中文或外文名称，"
                "多个合作方用顿号（、）分隔。"
            ),
        ),
    )

    def load_lookups(self) -> dict[str, Lookup]:
        return {"partners": _partners(self.access), "departments": _departments(self.access)}

    def records(self, rows: Sequence[Row]) -> Iterable[models.Model]:
        return _named(
            agreement_list(access=self.access).prefetch_related("partners"), "title", rows
        )

    def record_key(self, record: Agreement) -> Key:
        return (record.title, record.signed_on)

    def create(self, values: dict[str, Any]) -> None:
        agreement_create(access=self.access, **{"partners": (), **values})

    def update(self, record: Agreement, changes: dict[str, Any]) -> None:
        agreement_update(access=self.access, agreement=record, **changes)


class ProgrammesImport(Importer):
    slug = ImportKind.PROGRAMMES
    label = ImportKind.PROGRAMMES.label
    capability = Capability.MANAGE_COOPERATION
    editable = (
        "form",
        "partners",
        "department",
        "major",
        "level",
        "approval_number",
        "is_filed_with_moe",
        "approval_valid_until",
        "duration_years",
        "intake_per_cohort",
        "intake_start_year",
        "intake_end_year",
        "certificates",
        "status",
        "notes",
    )
    sheets = (
        Sheet(
            gettext_lazy("合作办学项目"),
            Programme,
            [
                Column("name", required=True),
                Column("form", required=True),
                Column("partners", lookup="partners", many=True),
                Column("department", lookup="departments"),
                Column("major"),
                Column("level"),
                Column("approval_number"),
                Column("is_filed_with_moe"),
                Column("approval_valid_until"),
                Column("duration_years"),
                Column("intake_per_cohort"),
                Column("intake_start_year"),
                Column("intake_end_year"),
                Column("certificates"),
                Column("status"),
                Column("notes"),
            ],
            key=("name",),
            note=gettext_lazy(
                "项目名称相同的项目视为同一条记录。批准书编号如 MOE44UK2A20211234N。"
            ),
        ),
    )

    def load_lookups(self) -> dict[str, Lookup]:
        return {"partners": _partners(self.access), "departments": _departments(self.access)}

    def records(self, rows: Sequence[Row]) -> Iterable[models.Model]:
        return _named(programme_list(access=self.access).prefetch_related("partners"), "name", rows)

    def record_key(self, record: Programme) -> Key:
        return (record.name,)

    def changes(self, record: Any, values: dict[str, Any]) -> dict[str, Any]:
        if "approval_number" in values:
            values = {
                **values,
                "approval_number": normalise_approval_number(values["approval_number"]),
            }
        return changed_fields(record, values, self.editable)

    def create(self, values: dict[str, Any]) -> None:
        programme_create(access=self.access, **values)

    def update(self, record: Programme, changes: dict[str, Any]) -> None:
        programme_update(access=self.access, programme=record, **changes)


class AssistanceImport(Importer):
    slug = ImportKind.ASSISTANCE
    label = ImportKind.ASSISTANCE.label
    capability = Capability.MANAGE_COOPERATION
    editable = ("quantity", "unit", "approximation")
    sheets = (
        Sheet(
            gettext_lazy("帮扶记录"),
            AssistanceRecord,
            [
                Column("counterpart", required=True, of=Assistance),
                Column("kind", required=True, of=Assistance),
                Column("year", required=True),
                Column("item", required=True),
                Column("quantity", required=True),
                Column("unit", required=True),
                Column("approximation"),
                Column("detail"),
            ],
            key=("counterpart", "kind", "year", "item", "detail"),
            note=gettext_lazy(
                "受扶单位与帮扶类型须与 hezuo 中已有的结对帮扶关系一致。受扶单位、帮扶类型、年度、"
                "帮扶事项和具体内容都相同的行视为同一条记录：再次导入会更新数量、单位和约数。"
            ),
        ),
    )

    def __init__(self, access: Access) -> None:
        super().__init__(access)
        self.pairings = {(a.counterpart, a.kind): a for a in assistance_list(access=access)}

    def records(self, rows: Sequence[Row]) -> Iterable[models.Model]:
        return assistance_record_list(access=self.access).select_related("assistance")

    def record_key(self, record: AssistanceRecord) -> Key:
        pairing = record.assistance
        return (pairing.counterpart, pairing.kind, record.year, record.item, record.detail)

    def values(self, row: Row) -> dict[str, Any]:
        values = dict(row.values)
        counterpart, kind = values.pop("counterpart"), values.pop("kind")
        pairing = self.pairings.get((counterpart, kind))
        if pairing is None:
            raise RowRefused(
                "counterpart",
                _("没有与“%(counterpart)s”的这类结对帮扶关系：请先在“结对帮扶关系”中添加。")
                % {"counterpart": counterpart},
            )
        return {"assistance": pairing, **values}

    def create(self, values: dict[str, Any]) -> None:
        assistance_record_add(access=self.access, **values)

    def update(self, record: AssistanceRecord, changes: dict[str, Any]) -> None:
        assistance_record_update(access=self.access, record=record, **changes)


class TaskPointsImport(Importer):
    slug = ImportKind.POINTS
    label = ImportKind.POINTS.label
    capability = Capability.EDIT_TASK_POINTS
    editable = (
        "text",
        "target_quantity",
        "target_unit",
        "status",
        "completed_on",
        "narrative",
    )
    sheets = (
        Sheet(
            gettext_lazy("任务要点"),
            TaskPoint,
            [
                Column("project", required=True, of=Task, lookup="projects"),
                Column("code", required=True, of=Task, label=gettext_lazy("任务编号")),
                Column("year", required=True),
                Column("sequence", required=True),
                Column("text", required=True),
                Column("target_quantity"),
                Column("target_unit"),
                Column("status"),
                Column("completed_on"),
                Column("narrative"),
            ],
            key=("project", "code", "year", "sequence"),
            note=gettext_lazy(
                "建设项目填写其名称，任务编号如 9.2。建设项目、任务编号、年度和序号都相同的行视为"
                "同一个要点：再次导入会更新其内容、目标、状态与完成情况。"
            ),
        ),
    )

    def __init__(self, access: Access) -> None:
        super().__init__(access)
        self.tasks = {(t.project_id, t.code): t for t in task_list_all(access=access)}

    def load_lookups(self) -> dict[str, Lookup]:
        return {"projects": _by_name(project_list(access=self.access), "name")}

    def records(self, rows: Sequence[Row]) -> Iterable[models.Model]:
        return task_point_list_all(access=self.access).select_related("task__project")

    def record_key(self, record: TaskPoint) -> Key:
        return (record.task.project, record.task.code, record.year, record.sequence)

    def values(self, row: Row) -> dict[str, Any]:
        values = dict(row.values)
        project, code = values.pop("project"), values.pop("code")
        task = self.tasks.get((project.pk, code))
        if task is None:
            raise RowRefused(
                "code",
                _("建设项目“%(project)s”中没有编号为“%(code)s”的建设任务。")
                % {"project": project, "code": code},
            )
        return {"task": task, **values}

    def create(self, values: dict[str, Any]) -> None:
        task_point_create(access=self.access, **values)

    def update(self, record: TaskPoint, changes: dict[str, Any]) -> None:
        task_point_update(access=self.access, point=record, **changes)


ACTIVITY_COLUMNS = [
    Column("title", required=True),
    Column("activity_type", required=True),
    Column("direction", required=True),
    Column("mode", required=True),
    Column("start_on", required=True),
    Column("end_on"),
    Column("place"),
    Column("country_code"),
    Column("partners", lookup="partners", many=True),
    Column("programme", lookup="programmes"),
    Column("department", lookup="departments"),
    Column("summary"),
    Column("is_cancelled"),
    Column("is_estimate"),
    Column("method_note"),
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


KEY_FIELDS = ("title", "start_on")


class ActivitiesImport(Importer):
    """Activities, and in a second sheet their participation rows. An activity named in the
    second sheet gets exactly the rows given there; one not named keeps the rows it has."""

    slug = ImportKind.ACTIVITIES
    label = ImportKind.ACTIVITIES.label
    capability = Capability.RECORD_ACTIVITIES
    editable = (
        *(name for name in ACTIVITY_EDITABLE if name not in ("title", "start_on")),
        "partners",
    )
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

    def load_lookups(self) -> dict[str, Lookup]:
        return {
            "partners": _partners(self.access),
            "departments": _departments(self.access),
            "programmes": _by_name(programme_list(access=self.access), "name", "approval_number"),
        }

    def records(self, rows: Sequence[Row]) -> Iterable[models.Model]:
        activities = activity_list(access=self.access).prefetch_related(
            "partners", "participations"
        )
        return _named(activities, "title", rows)

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
                if not changes and replaced is None:
                    unchanged += 1
                elif _written(report, row, partial(self._update, record, changes, replaced)):
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
        for start in range(0, len(orphans), CHUNK):
            keys = orphans[start : start + CHUNK]
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
                if not _rows_differ(activity, inputs):
                    unchanged += 1
                elif _written(
                    report, participation_rows[0], partial(self._update, activity, {}, inputs)
                ):
                    updated += 1
        return created, updated, unchanged

    def _update(
        self, record: Activity, changes: dict[str, Any], inputs: Sequence[ParticipationInput] | None
    ) -> None:
        if changes:
            partners = changes.pop("partners", None)
            activity_update(access=self.access, activity=record, partners=partners, **changes)
        if inputs is not None:
            current = list(record.participations.all())
            participations_save(
                access=self.access,
                activity=record,
                rows=[(row, None) for row in current] + [(None, item) for item in inputs],
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


IMPORTERS: dict[str, type[Importer]] = {
    importer.slug: importer
    for importer in (
        PartnersImport,
        AgreementsImport,
        ProgrammesImport,
        ActivitiesImport,
        TaskPointsImport,
        AssistanceImport,
    )
}
