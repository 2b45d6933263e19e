from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvidenceConfig(AppConfig):
    name = "hezuo.evidence"
    label = "evidence"
    verbose_name = _("佐证材料")

    def ready(self) -> None:
        # The signals connect the index receivers; the worker runs every kind of job it knows,
        # and jobs registers evidence imports.
        from hezuo.evidence import jobs, signals  # noqa: F401
