from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BindersConfig(AppConfig):
    name = "hezuo.binders"
    label = "binders"
    verbose_name = _("佐证材料汇编")
