"""Records for binder tests: the shared world with a PDF on its evidence, and a binder of it."""

from __future__ import annotations

from hezuo.accounts.access import system_access
from hezuo.binders.compiling import BinderOptions
from hezuo.binders.models import Binder
from hezuo.binders.plan import Scope
from hezuo.binders.services import binder_request
from hezuo.evidence.services import evidence_files_upload
from hezuo.jobs.services import job_run
from tests import samples
from tests.personas import Personas
from tests.world import World, build_world


def world_with_pdf(personas: Personas) -> World:
    """The shared world, its evidence item 9.2.1 holding a two-page PDF."""
    world = build_world(personas)
    evidence_files_upload(
        access=system_access(school=personas.alpha),
        evidence=world.evidence,
        uploads=[("方案.pdf", samples.pdf("LECTURE PLAN", pages=2))],
    )
    return world


def compiled_binder(personas: Personas) -> Binder:
    """Alice's binder of task 9.2, compiled."""
    world = world_with_pdf(personas)
    made = binder_request(
        access=personas.access(personas.alice),
        scope=Scope(project=world.project, task=world.task),
        options=BinderOptions(),
    )
    assert made.job_id is not None
    job_run(job_id=made.job_id)
    return Binder.objects.get(pk=made.pk)
