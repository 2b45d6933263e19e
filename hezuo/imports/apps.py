from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    name = "hezuo.imports"
    verbose_name = _("Excel 导入")

    def ready(self) -> None:
        # The worker runs every kind of job it knows; this registers Excel checks and imports.
        from hezuo.imports import jobs  # noqa: F401
