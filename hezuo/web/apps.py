from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    """The web UI: an interface over the domain apps' services and selectors, like the API
    and the command line. It sits above every domain app."""

    name = "hezuo.web"
    label = "web"
    verbose_name = _("网页界面")

    def ready(self) -> None:
        from hezuo.core.links import register_paths
        from hezuo.web.links import page_path

        register_paths(page_path)
