"""Stored files: content-addressed, never overwritten."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hezuo.core.models import TenantModel
from hezuo.files.sniffing import FileType


def blob_key(sha256: str) -> str:
    """Where the bytes of a file live in storage: derived from the content, never from input."""
    return f"blobs/{sha256[:2]}/{sha256[2:4]}/{sha256}"


class StoredFile(TenantModel):
    """已存文件: one file's bytes, named by their SHA-256.

    The same bytes uploaded twice in a school are one row; across schools the bytes are stored
    once but each school has its own row, so access never crosses schools. The original name is
    kept for display only.
    """

    sha256 = models.CharField(
        _("SHA-256"),
        max_length=64,
        validators=[RegexValidator(r"^[0-9a-f]{64}$", _("SHA-256 应为 64 位小写十六进制。"))],
    )
    size = models.PositiveBigIntegerField(_("大小（字节）"))
    file_type = models.CharField(_("文件类型"), max_length=100, choices=FileType.choices)
    original_name = models.CharField(_("原文件名"), max_length=255)
    page_count = models.PositiveIntegerField(_("页数"), null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("上传人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("已存文件")
        verbose_name_plural = _("已存文件")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "sha256"],
                name="storedfile_sha256_unique_per_school",
                violation_error_message=_("本校已存有内容相同的文件。"),
            ),
            models.CheckConstraint(
                condition=Q(size__gt=0),
                name="storedfile_not_empty",
                violation_error_message=_("文件为空。"),
            ),
        ]

    def __str__(self) -> str:
        return self.original_name

    @property
    def storage_key(self) -> str:
        return blob_key(self.sha256)
