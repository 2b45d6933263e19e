"""The kinds of report hezuo writes and the sections each is made of (each section is also a
placeholder a Word template may place on its own)."""

from __future__ import annotations

from django.db import models
from django.utils.functional import Promise as StrPromise
from django.utils.translation import gettext_lazy as _


class ReportKind(models.TextChoices):
    ANNUAL = "annual", _("年度合作办学情况报告")
    COMPLETION = "completion", _("任务建设完成情况报告")
    ASSISTANCE = "assistance", _("结对帮扶工作总结")
    QUALITY = "quality", _("质量年报国际合作指标表")


# Section keys and titles (a report is always written in Chinese; pages show the titles in the
# reader's language).
SECTIONS: dict[str, tuple[tuple[str, StrPromise], ...]] = {
    ReportKind.ANNUAL: (
        ("programmes", _("一、合作办学")),
        ("exchanges", _("二、国际交流合作")),
        ("bay_area", _("三、粤港澳大湾区交流合作")),
        ("assistance", _("四、结对帮扶")),
        ("evidence", _("附件：佐证材料目录")),
    ),
    ReportKind.COMPLETION: (
        ("overview", _("第一部分 建设概况及成效")),
        ("years", _("第二部分 分年度建设完成情况")),
    ),
    ReportKind.ASSISTANCE: (
        ("summary", _("一、总体情况")),
        ("counterparts", _("二、各结对单位帮扶情况")),
        ("agreements", _("三、结对帮扶协议")),
    ),
    ReportKind.QUALITY: (
        ("table", _("一、国际合作指标")),
        ("review", _("二、提交前核对事项")),
    ),
}
