from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BindersConfig(AppConfig):
    name = "hezuo.binders"
    label = "binders"
    verbose_name = _("佐证材料汇编")

    def ready(self) -> None:
        # The worker runs every kind of job it knows; this registers compiling a binder.
        from hezuo.binders import (
            jobs,  # noqa: F401
            signals,  # noqa: F401  (measures processed files' pages)
        )
