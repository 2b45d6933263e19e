from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssistanceConfig(AppConfig):
    name = "hezuo.assistance"
    label = "assistance"
    verbose_name = _("结对帮扶")
