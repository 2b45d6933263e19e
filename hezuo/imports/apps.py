from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    name = "hezuo.imports"
    verbose_name = _("Excel 导入")
