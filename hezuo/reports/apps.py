from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "hezuo.reports"
    label = "reports"
    verbose_name = _("报告")

    def ready(self) -> None:
        # The worker runs every kind of job it knows; this registers making a report version.
        from hezuo.reports import jobs  # noqa: F401
