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


class Processing(models.TextChoices):
    """Where a file is on its way to a PDF rendition and a search text."""

    PENDING = "pending", _("待处理")
    READY = "ready", _("已就绪")
    NEEDS_CONVERSION = "needs_conversion", _("需转换")


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
    processing = models.CharField(
        _("处理状态"), max_length=20, choices=Processing.choices, default=Processing.PENDING
    )
    processing_note = models.TextField(
        _("处理说明"), blank=True, help_text=_("未能转换或提取文字时的原因。")
    )
    pdf_rendition = models.ForeignKey(
        "self",
        verbose_name=_("PDF 版本"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Office 文件或图片转换成的 PDF；PDF 文件本身无此项。"),
    )
    text = models.TextField(_("文字内容"), blank=True, editable=False)
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
                condition=~Q(processing="needs_conversion") | ~Q(processing_note=""),
                name="storedfile_needs_conversion_has_reason",
                violation_error_message=_("需转换的文件须写明原因。"),
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

    @property
    def is_pdf(self) -> bool:
        return self.file_type == FileType.PDF

    @property
    def pdf_file(self) -> StoredFile | None:
        """The PDF that stands for this file in previews and binders (itself for a PDF)."""
        return self if self.is_pdf else self.pdf_rendition
