from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConstructionConfig(AppConfig):
    name = "hezuo.construction"
    label = "construction"
    verbose_name = _("建设项目")
