"""The review states of evidence (佐证材料的审核状态). Evidence keeps them, and the rules below it
count by them too — a completed task point awaits approved evidence, an indicator may count only
activities with approved evidence — so they are named here, where every app can import them."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReviewStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("待审核")
    APPROVED = "approved", _("已通过")
    RETURNED = "returned", _("退回")
