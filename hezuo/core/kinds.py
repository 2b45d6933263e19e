"""The kinds of record hezuo keeps, each named once. The value is the kind's name in addresses
(``/s/<school>/<kind>/``, ``/api/v1/schools/<school>/<kind>/``) and in Excel imports; the table
of what each kind is made of (model, form, filters, selectors, services, columns) is
``hezuo.records``."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    PARTNERS = "partners", _("合作方")
    AGREEMENTS = "agreements", _("合作协议")
    PROGRAMMES = "programmes", _("合作办学项目")
    ACTIVITIES = "activities", _("交流活动")
    OUTCOMES = "outcomes", _("成果")
    ASSISTANCE_RECORDS = "assistance", _("帮扶记录")
    PAIRINGS = "pairings", _("结对帮扶关系")
    PROJECTS = "projects", _("建设项目")
    TASKS = "tasks", _("建设任务")
    TASK_POINTS = "points", _("任务要点")
    EVIDENCE = "evidence", _("佐证材料")
    MEMBERS = "members", _("成员")
    DEPARTMENTS = "departments", _("部门")
    INDICATOR_DEFINITIONS = "indicator-definitions", _("指标定义")
