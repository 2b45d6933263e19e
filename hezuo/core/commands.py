"""The base of hezuo's domain commands (``hezuo compile_binder``, ``hezuo build_report`` …)."""

from __future__ import annotations

from django.core.management.base import BaseCommand


class WorkCommand(BaseCommand):
    """A command that does one piece of an office's work. Django's system checks of the
    installation (models, URLs, settings) are not run before it: they import every page and the
    whole API to check its URLs, which takes longer than most of these commands' work, and they
    are run where the installation changes — ``hezuo upgrade`` (its migration) and
    ``hezuo manage check``."""

    requires_system_checks: list[str] = []
