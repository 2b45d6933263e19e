"""Reads for partners."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from hezuo.accounts.access import Access, scoped, scoped_get
from hezuo.partners.models import Partner


def partner_list(*, access: Access, search: str = "") -> QuerySet[Partner]:
    partners = scoped(Partner.objects.all(), access=access)
    if search:
        partners = partners.filter(Q(name_zh__icontains=search) | Q(name_local__icontains=search))
    return partners


def partner_get(*, access: Access, pk: object) -> Partner:
    return scoped_get(Partner.objects.all(), access=access, pk=pk)
