from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demo schools from the seed documents. It sits above every domain app and only
    calls their services, exactly as a user's actions would."""

    name = "hezuo.demo"
    label = "demo"
    verbose_name = _("演示数据")
