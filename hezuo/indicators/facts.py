"""Load the facts indicators count: only the columns they look at, in a few queries."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Exists, OuterRef, Q

from hezuo.accounts.access import Access, Capability
from hezuo.activities.models import Activity, Outcome, Participation
from hezuo.assistance.models import AssistanceRecord
from hezuo.indicators.computation import (
    ActivityFact,
    AssistanceFact,
    Facts,
    OutcomeFact,
    ParticipationFact,
    ProgrammeFact,
)
from hezuo.indicators.periods import Period
from hezuo.programmes.models import Programme, ProgrammeStatus

# Programmes that exist in a year: approved and not yet closed.
RUNNING_PROGRAMME_STATUSES = (
    ProgrammeStatus.APPROVED,
    ProgrammeStatus.ENROLLING,
    ProgrammeStatus.ENROLMENT_STOPPED,
)


def indicator_facts(*, access: Access, period: Period) -> tuple[Facts, dict[int, str]]:
    """The school's facts for ``period``, and the titles of its activities (for messages).

    An activity belongs to the period in which it starts; activities that were planned but
    cancelled count for nothing.
    """
    access.require(Capability.READ)
    school = access.school
    activities = Activity.objects.filter(
        school=school, is_cancelled=False, start_on__gte=period.start, start_on__lte=period.end
    )
    approved = Activity.objects.filter(
        pk=OuterRef("pk"), evidence__review_status="approved"
    )  # evidence sits above this app, so it is reached by relation name only
    rows = activities.annotate(has_approved=Exists(approved)).values_list(
        "id", "title", "activity_type", "direction", "mode", "is_estimate", "has_approved"
    )
    regions: dict[int, set[str]] = defaultdict(set)
    types: dict[int, set[str]] = defaultdict(set)
    links = Activity.partners.through.objects.filter(activity__in=activities).values_list(
        "activity_id", "partner__region_category", "partner__org_type"
    )
    for activity_id, region, org_type in links:
        regions[activity_id].add(region)
        types[activity_id].add(org_type)
    titles: dict[int, str] = {}
    activity_facts: dict[int, ActivityFact] = {}
    for pk, title, kind, direction, mode, is_estimate, has_approved in rows:
        titles[pk] = title
        activity_facts[pk] = ActivityFact(
            id=pk,
            activity_type=kind,
            direction=direction,
            mode=mode,
            is_estimate=is_estimate,
            partner_regions=frozenset(regions[pk]),
            partner_types=frozenset(types[pk]),
            has_approved_evidence=has_approved,
        )
    participations = [
        ParticipationFact(*row)
        for row in Participation.objects.filter(activity__in=activities).values_list(
            "id", "activity_id", "person_category", "role", "headcount", "days", "hours"
        )
    ]
    outcomes = [
        OutcomeFact(*row)
        for row in Outcome.objects.filter(activity__in=activities).values_list(
            "id", "activity_id", "kind", "standard_kind", "level", "quantity"
        )
    ]
    programmes = [
        ProgrammeFact(*row)
        for row in Programme.objects.filter(school=school, status__in=RUNNING_PROGRAMME_STATUSES)
        .filter(Q(intake_start_year__isnull=True) | Q(intake_start_year__lte=period.end.year))
        .filter(Q(intake_end_year__isnull=True) | Q(intake_end_year__gte=period.start.year))
        .values_list("id", "form", "status")
    ]
    assistance = [
        AssistanceFact(*row)
        for row in AssistanceRecord.objects.filter(school=school, year=period.year).values_list(
            "id", "item", "quantity"
        )
    ]
    return (
        Facts(
            activities=activity_facts,
            participations=participations,
            outcomes=outcomes,
            programmes=programmes,
            assistance=assistance,
        ),
        titles,
    )
