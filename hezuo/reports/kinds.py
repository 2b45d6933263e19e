"""The kinds of report hezuo writes and the sections each is made of (each section is also a
placeholder a Word template may place on its own)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportKind(models.TextChoices):
    ANNUAL = "annual", _("年度合作办学情况报告")
    COMPLETION = "completion", _("任务建设完成情况报告")
    ASSISTANCE = "assistance", _("结对帮扶工作总结")
    QUALITY = "quality", _("质量年报国际合作指标表")


# Section keys and titles; the titles are the document's own (reports are written in Chinese).
SECTIONS: dict[str, tuple[tuple[str, str], ...]] = {
    ReportKind.ANNUAL: (
        ("programmes", "一、合作办学"),
        ("exchanges", "二、国际交流合作"),
        ("bay_area", "三、粤港澳大湾区交流合作"),
        ("assistance", "四、结对帮扶"),
        ("evidence", "附件：佐证材料目录"),
    ),
    ReportKind.COMPLETION: (
        ("overview", "第一部分 建设概况及成效"),
        ("years", "第二部分 分年度建设完成情况"),
    ),
    ReportKind.ASSISTANCE: (
        ("summary", "一、总体情况"),
        ("counterparts", "二、各结对单位帮扶情况"),
        ("agreements", "三、结对帮扶协议"),
    ),
    ReportKind.QUALITY: (
        ("table", "一、国际合作指标"),
        ("review", "二、提交前核对事项"),
    ),
}
