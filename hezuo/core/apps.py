from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "hezuo.core"
    label = "core"
    verbose_name = _("学校与审计")
