"""Reads for binders."""

from __future__ import annotations

from django.db.models import Count, Max, QuerySet

from hezuo.accounts.access import Access, scoped, scoped_get
from hezuo.binders.models import Binder, BinderShare
from hezuo.construction.models import ConstructionProject


def binder_list(*, access: Access, project: ConstructionProject) -> QuerySet[Binder]:
    access.ensure_own(project)
    return scoped(Binder.objects.filter(project=project), access=access).select_related(
        "task", "job", "output", "created_by"
    )


def binder_get(*, access: Access, pk: object) -> Binder:
    return scoped_get(
        Binder.objects.select_related("project", "task", "job", "output", "created_by"),
        access=access,
        pk=pk,
    )


def binder_share_list(*, access: Access, binder: Binder) -> QuerySet[BinderShare]:
    """A binder's expert links, each with how often and when it was last opened."""
    access.ensure_own(binder)
    return scoped(BinderShare.objects.filter(binder=binder), access=access).annotate(
        opened=Count("openings"), last_opened=Max("openings__created_at")
    )


def binder_share_get(*, access: Access, pk: object) -> BinderShare:
    return scoped_get(BinderShare.objects.select_related("binder"), access=access, pk=pk)
