"""A school's records are invisible to everyone outside it, through every selector; inside it,
each role may do exactly what design.md gives it."""

from __future__ import annotations

import datetime as dt
import importlib
import inspect
import pkgutil
from collections.abc import Callable
from typing import Any

import pytest
from django.db import models

import hezuo
from hezuo.accounts import selectors as accounts
from hezuo.accounts.access import Access, Capability, access_for, system_access
from hezuo.accounts.services import api_token_create
from hezuo.activities import selectors as activities
from hezuo.activities.models import ActivityType, Direction, Mode
from hezuo.activities.services import activity_create, activity_update
from hezuo.agreements import selectors as agreements
from hezuo.assistance import selectors as assistance
from hezuo.binders import selectors as binders
from hezuo.binders.compiling import BinderOptions
from hezuo.binders.plan import Scope
from hezuo.binders.services import (
    binder_freeze,
    binder_request,
    binder_share_create,
)
from hezuo.construction import selectors as construction
from hezuo.construction.models import TaskPointStatus
from hezuo.construction.services import task_point_update
from hezuo.core.errors import AccessDenied, NotFound
from hezuo.core.review import ReviewStatus
from hezuo.evidence import selectors as evidence
from hezuo.evidence.models import Evidence
from hezuo.evidence.services import evidence_review_move
from hezuo.exports import selectors as exports
from hezuo.files import selectors as files
from hezuo.files.services import stored_file_save
from hezuo.imports import selectors as imports
from hezuo.indicators import selectors as indicators
from hezuo.jobs import selectors as jobs
from hezuo.jobs.models import Job
from hezuo.jobs.services import job_run
from hezuo.partners import selectors as partners
from hezuo.partners.models import PartnerType
from hezuo.partners.services import partner_create, partner_update
from hezuo.programmes import selectors as programmes
from hezuo.reports import selectors as reports
from tests import samples
from tests.personas import Personas
from tests.world import World, build_world

# Every list selector, called for the acting school.
LISTS: dict[str, Callable[[Access, World], Any]] = {
    "accounts.department_list": lambda a, w: accounts.department_list(access=a),
    "accounts.membership_list": lambda a, w: accounts.membership_list(access=a),
    "accounts.api_token_list": lambda a, w: _with_token(a, accounts.api_token_list),
    "files.unused_files": lambda a, w: _with_unused_file(a),
    "partners.partner_list": lambda a, w: partners.partner_list(access=a),
    "agreements.agreement_list": lambda a, w: agreements.agreement_list(access=a),
    "agreements.agreement_list_expiring": lambda a, w: agreements.agreement_list_expiring(
        access=a, today=dt.date(2026, 1, 1)
    ),
    "programmes.programme_list": lambda a, w: programmes.programme_list(access=a),
    "activities.activity_list": lambda a, w: activities.activity_list(access=a),
    "activities.outcome_list": lambda a, w: activities.outcome_list(access=a),
    "indicators.indicator_definition_list": lambda a, w: indicators.indicator_definition_list(
        access=a
    ),
    "construction.project_list": lambda a, w: construction.project_list(access=a),
    "evidence.evidence_list": lambda a, w: evidence.evidence_list(access=a),
    "evidence.evidence_search": lambda a, w: evidence.evidence_search(access=a, text="讲座"),
    "evidence.evidence_search_ids": lambda a, w: Evidence.objects.filter(
        pk__in=evidence.evidence_search_ids(access=a, text="讲座")
    ),
    "assistance.assistance_list": lambda a, w: assistance.assistance_list(access=a),
    "assistance.assistance_record_list": lambda a, w: assistance.assistance_record_list(access=a),
    "accounts.audit_events_recent": lambda a, w: accounts.audit_events_recent(access=a),
    "construction.task_list_all": lambda a, w: construction.task_list_all(access=a),
    "indicators.indicator_value_list": lambda a, w: _stored_values(a),
    "construction.task_point_list_all": lambda a, w: construction.task_point_list_all(access=a),
    "agreements.expiry_notice_list": lambda a, w: _notified(a),
    "reports.report_list": lambda a, w: (_alpha_report(w), reports.report_list(access=a))[1],
    "reports.report_template_list": lambda a, w: (
        _alpha_template(w),
        reports.report_template_list(access=a),
    )[1],
    "imports.import_run_list": lambda a, w: (_alpha_import(w), imports.import_run_list(access=a))[
        1
    ],
}

# Selectors that return figures rather than rows: an outsider's figures count none of Alpha's.
FIGURES: dict[str, Callable[[Access, World], Any]] = {
    "activities.activity_counts_by_type_and_month": lambda a, w: (
        activities.activity_counts_by_type_and_month(access=a, year=2021)
    ),
    "activities.person_days_by_category": lambda a, w: activities.person_days_by_category(
        access=a, year=2021
    ),
    "activities.activity_years": lambda a, w: activities.activity_years(access=a),
    "indicators.indicator_official_tables": lambda a, w: (
        indicators.indicator_official_tables(access=a, year=2021).applies
    ),
    "reports.report_template_active": lambda a, w: (
        _alpha_template(w),
        reports.report_template_active(access=a, kind="annual"),
    )[1],
    "reports.report_narratives": lambda a, w: (
        _alpha_narrative(w),
        reports.report_narratives(access=a, kind="annual", year=2021),
    )[1],
    "reports.report_section_choices": lambda a, w: (
        _alpha_heading(w),
        reports.report_section_choices(access=a, kind="annual").titles,
    )[1],
    "reports.report_sections": lambda a, w: (
        _alpha_heading(w),
        _alpha_narrative(w),
        [
            section
            for section in reports.report_sections(access=a, kind="annual", year=2021)
            if section.name or section.narrative
        ],
    )[2],
}

# Every selector that takes one of Alpha's records (directly or by id).
ONE_RECORD: dict[str, Callable[[Access, World], Any]] = {
    "accounts.department_get": lambda a, w: accounts.department_get(
        access=a, pk=w.task.owner_department_id
    ),
    "accounts.audit_events_for": lambda a, w: accounts.audit_events_for(
        access=a, instance=w.partner
    ),
    "partners.partner_get": lambda a, w: partners.partner_get(access=a, pk=w.partner.pk),
    "agreements.agreement_get": lambda a, w: agreements.agreement_get(access=a, pk=w.agreement.pk),
    "programmes.programme_get": lambda a, w: programmes.programme_get(access=a, pk=w.programme.pk),
    "activities.activity_get": lambda a, w: activities.activity_get(access=a, pk=w.activity.pk),
    "activities.participation_list": lambda a, w: activities.participation_list(
        access=a, activity=w.activity
    ),
    "activities.activity_person_days": lambda a, w: activities.activity_person_days(
        access=a, activity=w.activity
    ),
    "indicators.indicator_definition_get": lambda a, w: indicators.indicator_definition_get(
        access=a, pk=w.definition.pk
    ),
    "construction.project_get": lambda a, w: construction.project_get(access=a, pk=w.project.pk),
    "binders.binder_list": lambda a, w: binders.binder_list(access=a, project=w.project),
    "binders.binder_get": lambda a, w: binders.binder_get(access=a, pk=_alpha_binder(w)),
    "binders.binder_share_list": lambda a, w: binders.binder_share_list(
        access=a,
        binder=binders.binder_get(
            access=system_access(school=w.project.school), pk=_alpha_binder(w)
        ),
    ),
    "binders.binder_share_get": lambda a, w: binders.binder_share_get(access=a, pk=_alpha_share(w)),
    "construction.task_list": lambda a, w: construction.task_list(access=a, project=w.project),
    "construction.task_get": lambda a, w: construction.task_get(access=a, pk=w.task.pk),
    "construction.task_get_by_code": lambda a, w: construction.task_get_by_code(
        access=a, project=w.project, code=w.task.code
    ),
    "construction.task_point_list": lambda a, w: construction.task_point_list(
        access=a, task=w.task
    ),
    "construction.task_completion": lambda a, w: construction.task_completion(
        access=a, task=w.task
    ),
    "construction.completion_by_year": lambda a, w: construction.completion_by_year(
        access=a, project=w.project
    ),
    "construction.task_tree": lambda a, w: construction.task_tree(access=a, project=w.project),
    "construction.task_point_get": lambda a, w: construction.task_point_get(
        access=a, pk=w.point.pk
    ),
    "accounts.api_token_get": lambda a, w: accounts.api_token_get(access=a, pk=_alice_token(w)),
    "accounts.membership_get": lambda a, w: accounts.membership_get(
        access=a, pk=_alpha_membership(w)
    ),
    "evidence.evidence_get": lambda a, w: evidence.evidence_get(access=a, pk=w.evidence.pk),
    "evidence.evidence_numbering": lambda a, w: evidence.evidence_numbering(
        access=a, project=w.project
    ),
    "files.stored_file_get": lambda a, w: files.stored_file_get(
        access=a,
        pk=stored_file_save(
            access=system_access(school=w.evidence.school), name="a.pdf", data=samples.pdf("t")
        ).pk,
    ),
    "evidence.evidence_stored_file_get": lambda a, w: evidence.evidence_stored_file_get(
        access=a, pk=_alpha_evidence_file(w)
    ),
    "assistance.assistance_get": lambda a, w: assistance.assistance_get(
        access=a, pk=w.assistance.pk
    ),
    "activities.outcome_get": lambda a, w: activities.outcome_get(access=a, pk=w.outcome.pk),
    "assistance.assistance_record_get": lambda a, w: assistance.assistance_record_get(
        access=a, pk=w.record.pk
    ),
    "reports.report_get": lambda a, w: reports.report_get(access=a, pk=_alpha_report(w)),
    "jobs.job_get": lambda a, w: jobs.job_get(
        access=a,
        pk=reports.report_get(access=system_access(school="alpha"), pk=_alpha_report(w)).job_id,
    ),
    "jobs.job_record": lambda a, w: jobs.job_record(access=a, job=_alpha_report_job(w)),
    "reports.report_template_get": lambda a, w: reports.report_template_get(
        access=a, pk=_alpha_template(w)
    ),
    "imports.import_run_get": lambda a, w: imports.import_run_get(access=a, pk=_alpha_import(w)),
    "exports.list_export_get": lambda a, w: exports.list_export_get(access=a, pk=_alpha_export(w)),
    "evidence.evidence_import_get": lambda a, w: evidence.evidence_import_get(
        access=a, pk=_alpha_evidence_import(w)
    ),
    "evidence.evidence_import_list": lambda a, w: evidence.evidence_import_list(
        access=a, project=w.project
    ),
}


def _alpha_report_job(world: World) -> Job:
    """The job that makes Alpha's report (read without scoping: the selector is what is tried)."""
    report = reports.report_get(access=system_access(school="alpha"), pk=_alpha_report(world))
    return Job.objects.get(pk=report.job_id or 0)


def _with_token(access: Access, selector: Callable[..., Any]) -> Any:
    """A token of the actor's own (each user sees only theirs), then the list."""
    if access.user is not None:
        api_token_create(access=access, name="同步")
    return selector(access=access)


def _with_unused_file(access: Access) -> Any:
    """A file of the actor's school that nothing uses, then the list of such files."""
    stored_file_save(access=access, name="未用.pdf", data=samples.pdf(access.school.slug))
    return files.unused_files(access=access)


def _alice_token(world: World) -> int:
    from hezuo.accounts.models import User

    alice = User.objects.get(username="alice")
    return api_token_create(access=access_for(user=alice, school=world.evidence.school), name="t")[
        0
    ].pk


def _alpha_membership(world: World) -> int:
    from hezuo.accounts.models import Membership

    return int(
        Membership.objects.filter(school=world.access.school).values_list("pk", flat=True)[0]
    )


def _stored_values(access: Access) -> Any:
    from hezuo.indicators.figures import indicator_figures
    from hezuo.indicators.services import indicator_values_snapshot

    if access.can(Capability.MANAGE_SCHOOL):  # Alice stores Alpha's year first
        figures = indicator_figures(access=access, year=2021)
        indicator_values_snapshot(access=access, figures=figures)
    return indicators.indicator_value_list(access=access, year=2021)


def _notified(access: Access) -> Any:
    from hezuo.agreements.services import expiry_notices_send

    if access.can(Capability.MANAGE_COOPERATION):  # Alice sends Alpha's digest first
        expiry_notices_send(access=access, today=dt.date(2026, 1, 10))
    return agreements.expiry_notice_list(access=access)


def _alpha_binder(world: World) -> int:
    """A binder of Alpha's (made once, by the system)."""
    access = system_access(school=world.project.school)
    found = binders.binder_list(access=access, project=world.project).first()
    if found is None:
        found = binder_request(
            access=access,
            scope=Scope(project=world.project, task=world.task),
            options=BinderOptions(),
        )
    return found.pk


def _alpha_share(world: World) -> int:
    """An expert link to Alpha's binder (compiled and frozen by the system)."""
    access = system_access(school=world.project.school)
    binder = binders.binder_get(access=access, pk=_alpha_binder(world))
    if binder.output_id is None:
        assert binder.job_id is not None
        job_run(job_id=binder.job_id)
        binder = binder_freeze(
            access=access, binder=binders.binder_get(access=access, pk=binder.pk)
        )
    share = binders.binder_share_list(access=access, binder=binder).first()
    if share is None:
        share, _token = binder_share_create(access=access, binder=binder, label="专家", days=3)
    return share.pk


def _alpha_import(world: World) -> int:
    """A check of a workbook of Alpha's (asked for once, by the system)."""
    from hezuo.imports.services import import_request

    access = system_access(school=world.project.school)
    found = imports.import_run_list(access=access).first()
    if found is None:
        found = import_request(
            access=access, kind="partners", name="合作方.xlsx", data=b"PK", commit=False
        )
    return found.pk


def _alpha_evidence_file(world: World) -> int:
    """A file of one of Alpha's evidence items (attached once, by the system)."""
    from hezuo.evidence.services import evidence_file_attach

    access = system_access(school=world.evidence.school)
    stored = stored_file_save(access=access, name="a.pdf", data=samples.pdf("t"))
    if not world.evidence.file_links.filter(stored_file=stored).exists():
        evidence_file_attach(access=access, evidence=world.evidence, stored_file=stored)
    return stored.pk


def _alpha_evidence_import(world: World) -> int:
    """A preview of existing evidence of Alpha's (asked for once, by the system)."""
    from hezuo.evidence.services import evidence_import_request

    access = system_access(school=world.project.school)
    found = evidence.evidence_import_list(access=access, project=world.project).first()
    if found is None:
        found = evidence_import_request(
            access=access,
            project=world.project,
            uploads=[("9.2.5 方案.pdf", samples.pdf("plan"))],
            split_binders=False,
            commit=False,
        )
    return found.pk


def _alpha_export(world: World) -> int:
    """An export of Alpha's partners (asked for once, by the system)."""
    from hezuo.core.kinds import Kind
    from hezuo.exports.models import ListExport
    from hezuo.exports.services import export_request

    access = system_access(school=world.project.school)
    found = ListExport.objects.filter(school=access.school).first()
    if found is None:
        found = export_request(access=access, kind=Kind.PARTNERS, query="")
    return found.pk


def _alpha_report(world: World) -> int:
    """A report version of Alpha's (asked for once, by the system)."""
    from hezuo.reports.building import ReportScope
    from hezuo.reports.kinds import ReportKind
    from hezuo.reports.services import report_request

    access = system_access(school=world.project.school)
    found = reports.report_list(access=access).first()
    if found is None:
        found = report_request(
            access=access, request=ReportScope(ReportKind.ANNUAL, year=2021), fmt="pdf"
        )
    return found.pk


def _alpha_template(world: World) -> int:
    """Alpha's Word template of the annual report (uploaded once, by the system)."""
    from hezuo.reports.kinds import ReportKind
    from hezuo.reports.services import report_template_upload
    from hezuo.reports.templates import default_template

    access = system_access(school=world.project.school)
    found = reports.report_template_active(access=access, kind="annual")
    if found is None:
        found = report_template_upload(
            access=access, kind="annual", name="a.docx", data=default_template(ReportKind.ANNUAL)
        )
    return found.pk


def _alpha_narrative(world: World) -> int:
    from hezuo.reports.services import report_narrative_save

    return report_narrative_save(
        access=system_access(school=world.project.school),
        kind="annual",
        year=2021,
        section="programmes",
        text="合作办学稳步推进。",
    ).pk


def _alpha_heading(world: World) -> object:
    from hezuo.reports.services import report_section_save

    return report_section_save(
        access=system_access(school=world.project.school),
        kind="annual",
        section="exchanges",
        title="二、对外交流",
    )


def _public_selectors() -> set[str]:
    found = set()
    for module_info in pkgutil.iter_modules(hezuo.__path__):
        try:
            module = importlib.import_module(f"hezuo.{module_info.name}.selectors")
        except ModuleNotFoundError:
            continue
        for name, member in inspect.getmembers(module, inspect.isfunction):
            if member.__module__ == module.__name__ and not name.startswith("_"):
                found.add(f"{module_info.name}.{name}")
    return found


@pytest.fixture
def world(personas: Personas) -> World:
    return build_world(personas)


@pytest.fixture
def outsider(personas: Personas) -> Access:
    """Oscar, office admin of Beta, with one partner of his own."""
    access = personas.access(personas.oscar, personas.beta)
    partner_create(
        access=access, name_zh="乙校合作方", country_code="SG", org_type=PartnerType.UNIVERSITY
    )
    return access


def test_every_selector_is_covered_by_this_test() -> None:
    assert _public_selectors() == set(LISTS) | set(ONE_RECORD) | set(FIGURES)


@pytest.mark.parametrize("selector", sorted(LISTS))
def test_lists_show_an_outsider_none_of_alphas_records(
    personas: Personas, world: World, outsider: Access, selector: str
) -> None:
    alpha_only = list(LISTS[selector](personas.access(personas.alice), world))
    assert alpha_only, "Alpha sees its own records"
    seen = list(LISTS[selector](outsider, world))
    assert all(row.school_id == personas.beta.pk for row in seen)
    assert not {row.pk for row in seen} & {row.pk for row in alpha_only}


@pytest.mark.parametrize("selector", sorted(ONE_RECORD))
def test_alphas_records_are_not_found_for_an_outsider(
    personas: Personas, world: World, outsider: Access, selector: str
) -> None:
    ONE_RECORD[selector](personas.access(personas.alice), world)  # Alice may
    with pytest.raises(NotFound):
        ONE_RECORD[selector](outsider, world)


def test_a_school_without_membership_is_not_found(personas: Personas) -> None:
    with pytest.raises(NotFound):
        access_for(user=personas.oscar, school=personas.alpha)
    with pytest.raises(NotFound):
        access_for(user=personas.alice, school="no-such-school")


def test_an_outsider_cannot_change_alphas_records(
    personas: Personas, world: World, outsider: Access
) -> None:
    with pytest.raises(NotFound):
        partner_update(access=outsider, partner=world.partner, notes="改")
    world.partner.refresh_from_db()
    assert world.partner.notes == ""


def test_an_expert_sees_nothing_of_the_school(personas: Personas, world: World) -> None:
    with pytest.raises(AccessDenied):
        partners.partner_list(access=personas.access(personas.eve))


def test_a_viewer_reads_but_cannot_write(personas: Personas, world: World) -> None:
    viewer = personas.access(personas.victor)
    assert partners.partner_list(access=viewer).count() == 1
    with pytest.raises(AccessDenied):
        partner_create(
            access=viewer, name_zh="新伙伴", country_code="IE", org_type=PartnerType.UNIVERSITY
        )


def _visit(access: Access, department: models.Model | None) -> object:
    return activity_create(
        access=access,
        title="来访",
        activity_type=ActivityType.VISIT_RECEPTION,
        direction=Direction.INBOUND,
        mode=Mode.OFFLINE,
        start_on=dt.date(2021, 3, 1),
        department=department,  # type: ignore[arg-type]
    )


def test_a_liaison_records_activities_of_their_own_department_only(
    personas: Personas, world: World
) -> None:
    lily = personas.access(personas.lily)
    assert _visit(lily, personas.college)
    with pytest.raises(AccessDenied):
        _visit(lily, personas.other_college)
    with pytest.raises(AccessDenied):
        _visit(lily, None)
    with pytest.raises(AccessDenied):
        activity_update(access=lily, activity=world.activity, department=personas.other_college)


def test_a_task_owner_updates_progress_of_their_tasks_but_not_what_they_ask(
    personas: Personas, world: World
) -> None:
    tom = personas.access(personas.tom)
    task_point_update(access=tom, point=world.point, status=TaskPointStatus.COMPLETED)
    world.point.refresh_from_db()
    assert world.point.status == "completed"
    with pytest.raises(AccessDenied):
        task_point_update(access=tom, point=world.point, text="改写要点")
    with pytest.raises(AccessDenied):
        task_point_update(
            access=personas.access(personas.lily), point=world.point, status=TaskPointStatus.DELAYED
        )


def test_only_reviewers_approve_evidence(personas: Personas, world: World) -> None:
    evidence_review_move(
        access=personas.access(personas.tom), evidence=world.evidence, to=ReviewStatus.SUBMITTED
    )
    with pytest.raises(AccessDenied):
        evidence_review_move(
            access=personas.access(personas.tom), evidence=world.evidence, to=ReviewStatus.APPROVED
        )
    evidence_review_move(
        access=personas.access(personas.rita), evidence=world.evidence, to=ReviewStatus.APPROVED
    )
    world.evidence.refresh_from_db()
    assert world.evidence.review_status == ReviewStatus.APPROVED


@pytest.mark.parametrize("selector", sorted(FIGURES))
def test_figures_count_nothing_of_another_school(
    personas: Personas, world: World, outsider: Access, selector: str
) -> None:
    assert FIGURES[selector](personas.access(personas.alice), world), "Alpha has figures"
    assert not FIGURES[selector](outsider, world)
