"""Ending a person's sessions everywhere ("退出所有设备"): counting up their ``sessions_epoch``
changes the hash every session of theirs holds, and Django ends each one at its next request
(``User._get_session_auth_hash``)."""

from __future__ import annotations

from django.db.models import F

from hezuo.accounts.models import User


def sessions_end_all(user: User) -> None:
    User.objects.filter(pk=user.pk).update(sessions_epoch=F("sessions_epoch") + 1)
    user.refresh_from_db(fields=["sessions_epoch"])
