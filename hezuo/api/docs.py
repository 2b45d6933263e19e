"""The API's documentation page (Swagger UI) from django-ninja's own template and static files,
never a CDN. Ninja serves its local files only when it is an installed app, which would import
it (and pydantic) in every process, each command and worker included; its folders are on the
template and static paths instead (``config/settings.py``), and the page is rendered from its
local template through the page ninja renders when it is not installed."""

from __future__ import annotations

from django.conf import settings
from ninja.openapi.docs import Swagger


class LocalSwagger(Swagger):
    # Ninja reads and renders this file when it is not an installed app: its local template.
    template_cdn = str(settings.NINJA_DIR / "templates" / "ninja" / "swagger.html")
