"""Reads for agreements."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from hezuo.accounts.access import Access, scoped, scoped_get
from hezuo.agreements.calculations import WARNING_THRESHOLDS
from hezuo.agreements.models import Agreement, AgreementStatus, ExpiryNotice


def agreement_list(*, access: Access) -> QuerySet[Agreement]:
    return scoped(Agreement.objects.all(), access=access).prefetch_related("partners")


def agreement_get(*, access: Access, pk: object) -> Agreement:
    return scoped_get(Agreement.objects.all(), access=access, pk=pk)


def agreement_list_expiring(*, access: Access, today: dt.date) -> QuerySet[Agreement]:
    """Agreements in force whose end date is within the largest warning window, soonest first."""
    horizon = today + dt.timedelta(days=max(WARNING_THRESHOLDS))
    return (
        agreement_list(access=access)
        .filter(
            status__in=[AgreementStatus.SIGNED, AgreementStatus.IN_FORCE],
            valid_until__gte=today,
            valid_until__lte=horizon,
        )
        .order_by("valid_until")
    )


def expiry_notice_list(*, access: Access) -> QuerySet[ExpiryNotice]:
    """Expiry digests sent to the office, newest first."""
    return scoped(ExpiryNotice.objects.all(), access=access).select_related("agreement")
