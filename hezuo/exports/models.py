"""A long list's export as the office keeps it: which list, filtered and sorted how, the
background job that writes it, and the workbook it wrote."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from hezuo.core.kinds import Kind
from hezuo.core.models import TenantModel
from hezuo.files.models import StoredFile
from hezuo.jobs.models import MadeByJob


class ListExport(TenantModel, MadeByJob):
    """列表导出: one list, as its asker filtered and sorted it, written to Excel by a job."""

    kind = models.CharField(_("列表"), max_length=30, choices=Kind.choices)
    query = models.TextField(
        _("筛选与排序"),
        blank=True,
        help_text=_("列表网址中的查询参数，如 mode=online&o=start_on。"),
    )
    rows = models.PositiveIntegerField(_("行数"), null=True, blank=True)
    output = models.ForeignKey(
        StoredFile,
        verbose_name=_("文件"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("列表导出")
        verbose_name_plural = _("列表导出")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return _("导出%(list)s") % {"list": self.get_kind_display()}
