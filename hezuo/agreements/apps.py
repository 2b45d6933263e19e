from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgreementsConfig(AppConfig):
    name = "hezuo.agreements"
    label = "agreements"
    verbose_name = _("合作协议")
