from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExportsConfig(AppConfig):
    name = "hezuo.exports"
    verbose_name = _("列表导出")

    def ready(self) -> None:
        # The worker runs every kind of job it knows; this registers exporting a long list.
        from hezuo.exports import jobs  # noqa: F401
