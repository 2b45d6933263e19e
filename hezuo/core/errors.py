"""Errors a service raises. Each carries a message already in the user's language."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from hezuo.core.text import clauses


class HezuoError(Exception):
    """Base class: ``message`` is shown to the user as it is."""

    default_message = _("操作未能完成。")

    def __init__(self, message: str | None = None) -> None:
        self.message = str(message) if message is not None else str(self.default_message)
        super().__init__(self.message)


class NotFound(HezuoError):
    """The record does not exist, or the user may not know that it does.

    Records of another school are reported as not found, never as forbidden, so that a
    user cannot learn what another school keeps.
    """

    default_message = _("找不到该记录。")


class AccessDenied(HezuoError):
    """The user may see the record but not do this to it."""

    default_message = _("您没有执行此操作的权限。")


def refusal_text(error: ValidationError | HezuoError) -> str:
    """What a refused write tells its user, in one line: a service's message, or a model's
    validation messages side by side."""
    return error.message if isinstance(error, HezuoError) else clauses(error.messages)
