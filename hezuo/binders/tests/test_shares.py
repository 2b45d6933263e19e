"""Expert access: only a frozen binder is shared; a link works until it expires or is revoked;
each opening is logged; only the link's hash is kept."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from hezuo.accounts.tokens import token_digest
from hezuo.binders.models import Binder, BinderShare, BinderShareOpening, OpeningKind
from hezuo.binders.selectors import binder_share_list
from hezuo.binders.services import (
    binder_freeze,
    binder_share_create,
    binder_share_open,
    binder_share_revoke,
)
from hezuo.binders.tests.records import compiled_binder
from hezuo.core.errors import AccessDenied, HezuoError, NotFound
from hezuo.jobs.services import job_retry
from tests.personas import Personas


@pytest.fixture
def binder(personas: Personas) -> Binder:
    return compiled_binder(personas)


def opened(token: str) -> BinderShare:
    return binder_share_open(
        token=token, kind=OpeningKind.PAGE, ip_address="10.0.0.8", user_agent="Firefox"
    )


def test_only_a_frozen_binder_is_shared_and_a_link_opens_it(
    personas: Personas, binder: Binder
) -> None:
    alice = personas.access(personas.alice)
    with pytest.raises(HezuoError, match="请先定稿"):
        binder_share_create(access=alice, binder=binder, label="省评审专家组", days=30)
    binder = binder_freeze(access=alice, binder=binder)
    assert binder.frozen_at is not None and binder.frozen_by == personas.alice
    with pytest.raises(HezuoError):  # frozen: it is the submitted version
        job_retry(access=alice, record=binder)

    share, token = binder_share_create(access=alice, binder=binder, label="省评审专家组", days=30)
    assert share.digest == token_digest(token) and token not in share.digest
    assert not BinderShare.objects.filter(digest=token).exists()  # the link itself is not kept
    assert opened(token).binder == binder
    opened(token)
    logged = BinderShareOpening.objects.filter(share=share)
    assert logged.count() == 2 and logged.first().ip_address == "10.0.0.8"  # type: ignore[union-attr]
    listed = binder_share_list(access=alice, binder=binder).get()
    assert listed.opened == 2 and listed.last_opened is not None  # type: ignore[attr-defined]


def test_revoked_expired_and_unknown_links_open_nothing(personas: Personas, binder: Binder) -> None:
    alice = personas.access(personas.alice)
    binder_freeze(access=alice, binder=binder)
    share, token = binder_share_create(access=alice, binder=binder, label="专家", days=1)
    binder_share_revoke(access=alice, share=share)
    with pytest.raises(NotFound):
        opened(token)
    expired, old = binder_share_create(access=alice, binder=binder, label="专家", days=1)
    BinderShare.objects.filter(pk=expired.pk).update(
        expires_at=timezone.now() - dt.timedelta(minutes=1)
    )
    with pytest.raises(NotFound):
        opened(old)
    with pytest.raises(NotFound):
        opened("not-a-link")
    assert not BinderShareOpening.objects.exists()


def test_who_may_freeze_and_share(personas: Personas, binder: Binder) -> None:
    with pytest.raises(AccessDenied):
        binder_freeze(access=personas.access(personas.victor), binder=binder)
    with pytest.raises(NotFound):
        binder_freeze(access=personas.access(personas.oscar, personas.beta), binder=binder)
    alice = personas.access(personas.alice)
    binder_freeze(access=alice, binder=binder)
    with pytest.raises(AccessDenied):
        binder_share_create(access=personas.access(personas.lily), binder=binder, label="x", days=3)
    with pytest.raises(HezuoError, match="1 至 365"):
        binder_share_create(access=alice, binder=binder, label="专家", days=400)
    with pytest.raises(HezuoError, match="分享给谁"):
        binder_share_create(access=alice, binder=binder, label="  ", days=3)
    share, _token = binder_share_create(access=alice, binder=binder, label="专家", days=3)
    with pytest.raises(NotFound):
        binder_share_revoke(access=personas.access(personas.oscar, personas.beta), share=share)
    assert BinderShare.objects.get(pk=share.pk).revoked_at is None
