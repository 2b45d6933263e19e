"""Evidence (佐证材料): coded, titled items with their files, linked to what they prove."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hezuo.activities.models import Activity
from hezuo.agreements.models import Agreement
from hezuo.construction.codes import is_descendant, is_valid_code, sortable_code
from hezuo.construction.models import (
    ConstructionProject,
    Task,
    TaskAchievement,
    TaskPoint,
    validate_code,
)
from hezuo.core.bounds import DATE_VALIDATORS, dates_in_bounds
from hezuo.core.models import TenantModel
from hezuo.core.review import ReviewStatus
from hezuo.files.models import StoredFile
from hezuo.jobs.models import MadeByJob
from hezuo.programmes.models import Programme


class EvidenceKind(models.TextChoices):
    NOTICE_OR_PLAN = "notice_or_plan", _("通知/方案")
    AGREEMENT = "agreement", _("协议")
    APPROVAL = "approval", _("批准书")
    NEWS_REPORT = "news_report", _("报道")
    LETTER = "letter", _("函件")
    PHOTO = "photo", _("照片")
    ROSTER = "roster", _("名单")
    RECORD = "record", _("记录")
    SUMMARY_REPORT = "summary_report", _("总结报告")
    CERTIFICATE = "certificate", _("证书")
    OTHER = "other", _("其他")


class Evidence(TenantModel):
    """佐证材料: one item of evidence, coded under a task (e.g. 3.4.1.2.1 under task 3.4).

    One item may serve several task points, activities, agreements and programmes.
    """

    project = models.ForeignKey(
        ConstructionProject,
        verbose_name=_("建设项目"),
        on_delete=models.PROTECT,
        related_name="evidence",
    )
    task = models.ForeignKey(
        Task, verbose_name=_("建设任务"), on_delete=models.PROTECT, related_name="evidence"
    )
    code = models.CharField(_("编号"), max_length=60, validators=[validate_code])
    code_sort = models.CharField(
        _("排序编号"),
        max_length=150,
        editable=False,
        db_index=True,
        default="",
        help_text=_("由编号得出，使 9.2.10 排在 9.2.9 之后。"),
    )
    title = models.CharField(_("材料名称"), max_length=300)
    kind = models.CharField(
        _("材料类型"), max_length=20, choices=EvidenceKind.choices, default=EvidenceKind.OTHER
    )
    dated_on = models.DateField(_("材料日期"), null=True, blank=True, validators=DATE_VALIDATORS)
    description = models.TextField(_("说明"), blank=True)
    files: models.ManyToManyField[StoredFile, EvidenceFile] = models.ManyToManyField(
        StoredFile, verbose_name=_("文件"), through="EvidenceFile", related_name="+", blank=True
    )
    task_points = models.ManyToManyField(
        TaskPoint, verbose_name=_("任务要点"), related_name="evidence", blank=True
    )
    achievements = models.ManyToManyField(
        TaskAchievement, verbose_name=_("建设成效"), related_name="evidence", blank=True
    )
    activities = models.ManyToManyField(
        Activity, verbose_name=_("交流活动"), related_name="evidence", blank=True
    )
    agreements = models.ManyToManyField(
        Agreement, verbose_name=_("合作协议"), related_name="evidence", blank=True
    )
    programmes = models.ManyToManyField(
        Programme, verbose_name=_("合作办学项目"), related_name="evidence", blank=True
    )
    review_status = models.CharField(
        _("审核状态"), max_length=20, choices=ReviewStatus.choices, default=ReviewStatus.DRAFT
    )
    review_comment = models.TextField(_("审核意见"), blank=True)
    search_text = models.TextField(_("检索文本"), blank=True, editable=False)

    class Meta:
        verbose_name = _("佐证材料")
        verbose_name_plural = _("佐证材料")
        ordering = ["project", "code_sort"]
        # What search's filters count first (evidence/searching.py): each led by one filter and
        # holding the others, so that any combination is counted from one index alone.
        indexes = [
            models.Index(
                fields=["school", "kind", "dated_on", "review_status"],
                name="evidence_filter_kind",
            ),
            models.Index(
                fields=["school", "dated_on", "kind", "review_status"],
                name="evidence_filter_dated_on",
            ),
            models.Index(
                fields=["school", "review_status", "dated_on", "kind"],
                name="evidence_filter_review",
            ),
        ]
        constraints = [
            *dates_in_bounds("evidence", "dated_on"),
            models.UniqueConstraint(
                fields=["project", "code"],
                name="evidence_code_unique_per_project",
                violation_error_message=_("本项目已有该编号的佐证材料。"),
            ),
            models.CheckConstraint(
                condition=~Q(review_status=ReviewStatus.RETURNED) | ~Q(review_comment=""),
                name="evidence_returned_has_comment",
                violation_error_message=_("退回时须填写审核意见。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.code_sort = sortable_code(self.code)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        task = Task.objects.filter(pk=self.task_id).first()
        if task is None:
            return
        if task.project_id != self.project_id:
            raise ValidationError({"task": _("建设任务须属于该建设项目。")})
        if self.code and is_valid_code(self.code) and not is_descendant(self.code, task.code):
            raise ValidationError(
                {"code": _("编号应以所属任务编号 %(task)s. 开头。") % {"task": task.code}}
            )


class EvidenceFile(TenantModel):
    """The files of one evidence item, in the order they are bound."""

    evidence = models.ForeignKey(
        Evidence, verbose_name=_("佐证材料"), on_delete=models.CASCADE, related_name="file_links"
    )
    stored_file = models.ForeignKey(
        StoredFile, verbose_name=_("文件"), on_delete=models.PROTECT, related_name="+"
    )
    position = models.PositiveSmallIntegerField(_("顺序"), default=1)
    name = models.CharField(
        _("文件名"),
        max_length=255,
        blank=True,
        help_text=_("上传到这份材料时的文件名；留空则用文件本身的名称。"),
    )

    class Meta:
        verbose_name = _("材料文件")
        verbose_name_plural = _("材料文件")
        ordering = ["evidence", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["evidence", "stored_file"],
                name="evidencefile_unique_file",
                violation_error_message=_("该文件已在这份材料中。"),
            ),
            models.UniqueConstraint(
                fields=["evidence", "position"],
                name="evidencefile_unique_position",
                violation_error_message=_("该顺序号已被占用。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.evidence.code} #{self.position}"

    @property
    def display_name(self) -> str:
        """The name the file has in this item: the same bytes uploaded for another item under
        another name keep that name there."""
        return self.name or self.stored_file.original_name


class SearchEntry(models.Model):
    """检索条目: an item's searchable text, normalised (NFKC, case-folded). The bigram index
    beside it (FTS5 on SQLite, a tsvector on PostgreSQL) finds candidates; this text confirms
    each term really occurs, so search answers equal a substring scan."""

    evidence = models.OneToOneField(
        Evidence,
        verbose_name=_("佐证材料"),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="search_entry",
    )
    body = models.TextField(_("检索文本"))

    class Meta:
        verbose_name = _("检索条目")
        verbose_name_plural = _("检索条目")

    def __str__(self) -> str:
        return str(self.evidence_id)


class EvidenceImport(TenantModel, MadeByJob):
    """导入佐证材料: one preview or import of existing evidence into a project — files named
    "<code> <title>", or bookmarked PDF binders split on their outlines — made by a job. The
    uploads are kept (``EvidenceImportSource``), so a preview that found nothing wrong is
    imported as it is."""

    project = models.ForeignKey(
        ConstructionProject,
        verbose_name=_("建设项目"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    split_binders = models.BooleanField(
        _("按书签拆分"), default=False, help_text=_("是：PDF 文件按书签拆分为多份材料。")
    )
    is_commit = models.BooleanField(
        _("写入"), default=False, help_text=_("否：只预览，不写入任何材料。")
    )
    checked = models.ForeignKey(
        "self",
        verbose_name=_("依据的预览"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    refused = models.JSONField(
        _("未接收的文件"), default=list, blank=True, help_text=_("上传时即被拒绝的文件及原因。")
    )
    outcome = models.JSONField(_("结果"), default=dict, blank=True)

    class Meta:
        verbose_name = _("佐证材料导入")
        verbose_name_plural = _("佐证材料导入")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        action = _("导入") if self.is_commit else _("预览")
        return _("%(action)s佐证材料：%(project)s") % {
            "action": action,
            "project": self.project.name,
        }

    @property
    def ok(self) -> bool:
        return bool(self.outcome) and not self.outcome.get("problems")

    @property
    def applied(self) -> bool:
        return bool(self.outcome.get("applied"))


class EvidenceImportSource(models.Model):
    """One uploaded file of an evidence import, under the name it was uploaded with (the name
    carries the code; the same bytes may come under two names)."""

    run = models.ForeignKey(
        EvidenceImport, verbose_name=_("导入"), on_delete=models.CASCADE, related_name="sources"
    )
    position = models.PositiveIntegerField(_("顺序"))
    name = models.CharField(_("文件名"), max_length=500)
    stored_file = models.ForeignKey(
        StoredFile, verbose_name=_("文件"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("导入文件")
        verbose_name_plural = _("导入文件")
        ordering = ["run", "position"]
        constraints = [
            models.UniqueConstraint(fields=["run", "position"], name="evidenceimportsource_unique")
        ]

    def __str__(self) -> str:
        return self.name
