from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvidenceConfig(AppConfig):
    name = "hezuo.evidence"
    label = "evidence"
    verbose_name = _("佐证材料")

    def ready(self) -> None:
        # The signals connect the index receivers. (Evidence imports, in jobs.py, are found by
        # the job registry when a kind is first looked up.)
        from hezuo.evidence import signals  # noqa: F401
