"""Reports: each generated version (who asked, when, from which figures, in which template), the
Word templates a school uploads, and the narratives the office writes for each section."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hezuo.construction.models import ConstructionProject, Task
from hezuo.core.models import TenantModel
from hezuo.files.models import StoredFile
from hezuo.jobs.models import MadeByJob
from hezuo.reports.kinds import ReportKind


class ReportFormat(models.TextChoices):
    DOCX = "docx", _("Word（DOCX）")
    PDF = "pdf", _("PDF")
    XLSX = "xlsx", _("Excel（XLSX）")


class ReportEdition(models.TextChoices):
    """Which of a report's two editions a version is (``hezuo.reports.document``)."""

    SUBMISSION = "submission", _("报送版")
    CHECKING = "checking", _("核对版")


class BuiltinTemplate(models.TextChoices):
    """hezuo's own Word templates (``hezuo.reports.templates``); the plain one is the default."""

    PLAIN = "plain", _("通用模板")
    GONGWEN = "gongwen", _("公文模板（GB/T 9704）")


class ReportTemplate(TenantModel):
    """报告模板: a Word template a school uploaded, or one of hezuo's it chose, for one kind of
    report. The newest active one is used; older ones stay for the versions made with them."""

    kind = models.CharField(_("报告类型"), max_length=20, choices=ReportKind.choices)
    file = models.ForeignKey(
        StoredFile, verbose_name=_("模板文件"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("文件名"), max_length=255)
    placeholders = models.JSONField(_("使用的占位符"), default=list, blank=True)
    builtin = models.CharField(
        _("系统模板"),
        max_length=20,
        choices=BuiltinTemplate.choices,
        blank=True,
        help_text=_("选用的系统模板（保存选用时的文件）；上传的模板此项为空。"),
    )
    is_active = models.BooleanField(_("使用中"), default=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("上传人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("报告模板")
        verbose_name_plural = _("报告模板")
        ordering = ["kind", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "kind"],
                condition=Q(is_active=True),
                name="reporttemplate_one_active_per_kind",
                violation_error_message=_("每类报告只能有一个使用中的模板。"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.name}"


class ReportNarrative(TenantModel):
    """报告叙述: the office's own text for one section of one year's report, printed before
    what hezuo writes from the records."""

    kind = models.CharField(_("报告类型"), max_length=20, choices=ReportKind.choices)
    year = models.PositiveSmallIntegerField(_("年度"))
    section = models.CharField(_("章节"), max_length=40)
    text = models.TextField(_("叙述"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("修改人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("报告叙述")
        verbose_name_plural = _("报告叙述")
        ordering = ["kind", "year", "section"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "kind", "year", "section"],
                name="reportnarrative_unique_section",
                violation_error_message=_("该章节的叙述已存在。"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.get_kind_display()} {self.section}"


class ReportHeading(TenantModel):
    """报告章节设置: what the office chose for one section of a kind of report, in every
    year's report: its own title for it, or that the report leaves it out."""

    kind = models.CharField(_("报告类型"), max_length=20, choices=ReportKind.choices)
    section = models.CharField(_("章节"), max_length=40)
    title = models.CharField(
        _("标题"), max_length=100, blank=True, help_text=_("留空则用系统名称。")
    )
    included = models.BooleanField(_("列入报告"), default=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("修改人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("报告章节设置")
        verbose_name_plural = _("报告章节设置")
        ordering = ["kind", "section"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "kind", "section"],
                name="reportheading_unique_section",
                violation_error_message=_("该章节的设置已存在。"),
            ),
            models.CheckConstraint(
                condition=~Q(title="") | Q(included=False),
                name="reportheading_title_or_left_out",
                violation_error_message=_("章节标题不能为空。"),
            ),
        ]

    def __str__(self) -> str:
        shown = self.title or self.section
        if not self.included:
            return f"{self.get_kind_display()} {shown}：{_('不列入报告')}"
        return f"{self.get_kind_display()} {self.section}：{shown}"


class Report(TenantModel, MadeByJob):
    """报告版本: one generated report, made by a background job. Versions are numbered per kind
    and scope; each keeps the figures it printed, so two versions can be compared."""

    kind = models.CharField(_("报告类型"), max_length=20, choices=ReportKind.choices)
    format = models.CharField(_("格式"), max_length=10, choices=ReportFormat.choices)
    edition = models.CharField(
        _("版本类型"),
        max_length=12,
        choices=ReportEdition.choices,
        default=ReportEdition.SUBMISSION,
        help_text=_(
            "报送版：用于报送，不含数据来源注释与核对内容；核对版：每个数字附数据来源，供核对。"
        ),
    )
    year = models.PositiveSmallIntegerField(_("年度"), null=True, blank=True)
    project = models.ForeignKey(
        ConstructionProject,
        verbose_name=_("建设项目"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reports",
    )
    task = models.ForeignKey(
        Task,
        verbose_name=_("建设任务"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reports",
    )
    title = models.CharField(_("标题"), max_length=300)
    version = models.PositiveIntegerField(_("版本"))
    template = models.ForeignKey(
        ReportTemplate,
        verbose_name=_("模板"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reports",
        help_text=_("留空表示使用系统默认模板。"),
    )
    output = models.ForeignKey(
        StoredFile,
        verbose_name=_("文件"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    page_count = models.PositiveIntegerField(_("页数"), null=True, blank=True)
    figures = models.JSONField(_("数据快照"), default=dict, blank=True)
    fingerprint = models.CharField(
        _("数据指纹"),
        max_length=64,
        blank=True,
        help_text=_("报告全部内容的 SHA-256；两个版本指纹相同，说明所用数据没有变化。"),
    )

    class Meta:
        verbose_name = _("报告")
        verbose_name_plural = _("报告")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind=ReportKind.COMPLETION) | Q(project__isnull=False),
                name="report_completion_has_project",
                violation_error_message=_("任务建设完成情况报告须指定建设项目。"),
            ),
            models.CheckConstraint(
                condition=Q(kind=ReportKind.COMPLETION) | Q(year__isnull=False),
                name="report_yearly_has_year",
                violation_error_message=_("年度报告须指定年度。"),
            ),
        ]
        indexes = [models.Index(fields=["school", "kind", "year"], name="report_kind_year_idx")]

    def __str__(self) -> str:
        return f"{self.title}（第 {self.version} 版）"
