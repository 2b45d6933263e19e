from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BindersConfig(AppConfig):
    name = "hezuo.binders"
    label = "binders"
    verbose_name = _("佐证材料汇编")

    def ready(self) -> None:
        # Measures processed files' pages. (Its kind of job, in jobs.py, is found by the job
        # registry when a kind is first looked up.)
        from hezuo.binders import signals  # noqa: F401
