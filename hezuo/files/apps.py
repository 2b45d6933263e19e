from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FilesConfig(AppConfig):
    name = "hezuo.files"
    label = "files"
    verbose_name = _("文件")
