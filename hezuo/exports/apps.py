from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExportsConfig(AppConfig):
    name = "hezuo.exports"
    verbose_name = _("列表导出")
