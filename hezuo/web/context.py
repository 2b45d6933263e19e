"""What every page's chrome needs: the current school, the user's other schools."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from hezuo.accounts.access import Capability
from hezuo.accounts.models import Membership
from hezuo.core.kinds import Kind


def navigation(request: HttpRequest) -> dict[str, Any]:
    access = getattr(request, "access", None)
    schools: list[tuple[str, str]] = []
    if request.user.is_authenticated:
        schools = sorted(
            set(
                Membership.objects.filter(user=request.user, is_active=True).values_list(
                    "school__slug", "school__name"
                )
            ),
            key=lambda item: item[1],
        )
    return {
        "access": access,
        "current_school": access.school if access else None,
        "my_schools": schools,
        "is_office_admin": bool(access and access.can(Capability.MANAGE_SCHOOL)),
        # Templates name a kind of record as record_kinds.PARTNERS, never by its string.
        "record_kinds": Kind,
    }
