"""An Excel import as the office keeps it: the workbook uploaded, whether it was only checked
or imported, the background job that did it and what it found."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from hezuo.core.kinds import Kind
from hezuo.core.models import TenantModel
from hezuo.files.models import StoredFile
from hezuo.jobs.models import MadeByJob


class ImportKind(models.TextChoices):
    """The kinds of record an Excel workbook can bring in (some of ``hezuo.core.kinds.Kind``)."""

    PARTNERS = Kind.PARTNERS.value, Kind.PARTNERS.label
    AGREEMENTS = Kind.AGREEMENTS.value, Kind.AGREEMENTS.label
    PROGRAMMES = Kind.PROGRAMMES.value, Kind.PROGRAMMES.label
    ACTIVITIES = Kind.ACTIVITIES.value, Kind.ACTIVITIES.label
    POINTS = Kind.TASK_POINTS.value, Kind.TASK_POINTS.label
    ASSISTANCE = Kind.ASSISTANCE_RECORDS.value, Kind.ASSISTANCE_RECORDS.label


class ImportRun(TenantModel, MadeByJob):
    """Excel 导入: one check or one import of an uploaded workbook, made by a job."""

    kind = models.CharField(_("导入内容"), max_length=20, choices=ImportKind.choices)
    source = models.ForeignKey(
        StoredFile, verbose_name=_("Excel 文件"), on_delete=models.PROTECT, related_name="+"
    )
    is_commit = models.BooleanField(
        _("写入"), default=False, help_text=_("否：只检查，不写入任何记录。")
    )
    checked = models.ForeignKey(
        "self",
        verbose_name=_("依据的检查"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    outcome = models.JSONField(_("结果"), default=dict, blank=True)

    class Meta:
        verbose_name = _("Excel 导入")
        verbose_name_plural = _("Excel 导入")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["school", "kind", "-created_at"], name="importrun_kind_idx")
        ]

    def __str__(self) -> str:
        action = _("导入") if self.is_commit else _("检查")
        return _("%(action)s %(kind)s：%(name)s") % {
            "action": action,
            "kind": self.get_kind_display(),
            "name": self.source.original_name,
        }

    @property
    def ok(self) -> bool:
        return bool(self.outcome) and not self.outcome.get("problems")

    @property
    def applied(self) -> bool:
        return bool(self.outcome.get("applied"))
