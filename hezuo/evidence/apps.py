from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvidenceConfig(AppConfig):
    name = "hezuo.evidence"
    label = "evidence"
    verbose_name = _("佐证材料")

    def ready(self) -> None:
        from hezuo.evidence import signals  # noqa: F401  (connects the index receivers)
