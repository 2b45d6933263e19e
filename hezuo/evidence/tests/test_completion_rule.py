"""Where a school asks for it, a completed task point counts toward 任务完成率 only once one of
its evidence items is approved."""

from __future__ import annotations

from hezuo.construction.models import TaskPointStatus
from hezuo.construction.selectors import completion_by_year, task_completion, task_tree
from hezuo.construction.services import task_point_update
from hezuo.core.review import ReviewStatus
from hezuo.evidence.services import evidence_review_move
from tests.personas import Personas
from tests.world import build_world


def test_completion_waits_for_approved_evidence_when_the_school_says_so(
    personas: Personas,
) -> None:
    world = build_world(personas)
    alice = personas.access(personas.alice)
    task_point_update(access=alice, point=world.point, status=TaskPointStatus.COMPLETED)
    assert task_completion(access=alice, task=world.task).completed == 1

    personas.alpha.completion_needs_approved_evidence = True
    personas.alpha.save()
    alice = personas.access(personas.alice)
    assert task_completion(access=alice, task=world.task).completed == 0
    [(_, rate)] = [
        (year, result)
        for year, result in completion_by_year(access=alice, project=world.project)
        if year == world.point.year
    ]
    assert rate.completed == 0
    [point] = [p for _, _, points in task_tree(access=alice, project=world.project) for p in points]
    assert point.counted_status == "awaiting_evidence"

    evidence_review_move(access=alice, evidence=world.evidence, to=ReviewStatus.SUBMITTED)
    evidence_review_move(access=alice, evidence=world.evidence, to=ReviewStatus.APPROVED)
    assert task_completion(access=alice, task=world.task).completed == 1
    assert (
        dict(completion_by_year(access=alice, project=world.project))[world.point.year].completed
        == 1
    )
