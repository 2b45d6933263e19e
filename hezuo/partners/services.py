"""Writes for partners and their contacts."""

from __future__ import annotations

from typing import TypedDict, Unpack

from django.db import transaction
from django.utils.translation import gettext as _

from hezuo.accounts.access import Access, Capability
from hezuo.core.errors import HezuoError
from hezuo.core.text import listing
from hezuo.core.writes import create_audited, delete_audited, update_audited
from hezuo.partners.models import Partner, PartnerContact, PartnerStatus, PartnerType


class PartnerChanges(TypedDict, total=False):
    """What ``partner_update`` may change, each field with the type it takes."""

    name_zh: str
    name_local: str
    country_code: str
    org_type: PartnerType
    status: PartnerStatus
    is_belt_and_road: bool
    website: str
    schac_code: str
    pic: str
    erasmus_code: str
    notes: str


PARTNER_EDITABLE = tuple(PartnerChanges.__annotations__)


def partner_create(
    *,
    access: Access,
    name_zh: str,
    country_code: str,
    org_type: PartnerType,
    name_local: str = "",
    status: PartnerStatus = PartnerStatus.ACTIVE,
    is_belt_and_road: bool = False,
    website: str = "",
    schac_code: str = "",
    pic: str = "",
    erasmus_code: str = "",
    notes: str = "",
) -> Partner:
    access.require(Capability.MANAGE_COOPERATION)
    partner = Partner(
        school=access.school,
        name_zh=name_zh.strip(),
        name_local=name_local.strip(),
        country_code=country_code.strip().upper(),
        org_type=org_type,
        status=status,
        is_belt_and_road=is_belt_and_road,
        website=website,
        schac_code=schac_code,
        pic=pic,
        erasmus_code=erasmus_code,
        notes=notes,
    )
    return create_audited(partner, actor=access.user)


def partner_update(
    *, access: Access, partner: Partner, **changes: Unpack[PartnerChanges]
) -> Partner:
    access.require(Capability.MANAGE_COOPERATION)
    access.ensure_own(partner)
    country_code = changes.get("country_code")
    if country_code is not None:
        changes["country_code"] = country_code.strip().upper()
    return update_audited(partner, actor=access.user, changes=changes, allowed=PARTNER_EDITABLE)


def partner_delete(*, access: Access, partner: Partner) -> None:
    """Delete a partner nothing refers to; links from agreements, programmes or activities
    would otherwise vanish with it, so those must be removed first."""
    access.require(Capability.MANAGE_COOPERATION)
    access.ensure_own(partner)
    users = [
        *partner.agreements.values_list("title", flat=True)[:3],
        *partner.programmes.values_list("name", flat=True)[:3],
        *partner.activities.values_list("title", flat=True)[:3],
    ]
    if users:
        raise HezuoError(
            _("“%(partner)s”仍被以下记录引用，不能删除：%(users)s")
            % {"partner": partner, "users": listing(users)}
        )
    delete_audited(partner, actor=access.user)


@transaction.atomic
def contact_add(
    *,
    access: Access,
    partner: Partner,
    name: str,
    position: str = "",
    email: str = "",
    phone: str = "",
    is_primary: bool = False,
) -> PartnerContact:
    access.require(Capability.MANAGE_COOPERATION)
    access.ensure_own(partner)
    if is_primary:
        for previous in partner.contacts.filter(is_primary=True):
            update_audited(
                previous, actor=access.user, changes={"is_primary": False}, allowed=("is_primary",)
            )
    contact = PartnerContact(
        school=access.school,
        partner=partner,
        name=name,
        position=position,
        email=email,
        phone=phone,
        is_primary=is_primary,
    )
    return create_audited(contact, actor=access.user)


def contact_delete(*, access: Access, contact: PartnerContact) -> None:
    access.require(Capability.MANAGE_COOPERATION)
    access.ensure_own(contact)
    delete_audited(contact, actor=access.user)
