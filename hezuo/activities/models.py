"""Exchange activities (交流活动), who took part and for how long (参与记录), and what came of
them (成果). Participation rows are the atoms every person-day figure is computed from."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Max, Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from hezuo.accounts.models import Department
from hezuo.activities.calculations import person_days
from hezuo.core.bounds import (
    DATE_VALIDATORS,
    HEADCOUNT_VALIDATORS,
    dates_in_bounds,
    headcount_in_bounds,
)
from hezuo.core.models import School, TenantModel
from hezuo.partners.models import Partner, validate_country_code
from hezuo.programmes.models import Programme


class ActivityType(models.TextChoices):
    VISIT_RECEPTION = "visit_reception", _("来访接待")
    OUTBOUND_VISIT = "outbound_visit", _("出访交流")
    ONLINE_MEETING = "online_meeting", _("线上会谈/洽谈")
    AGREEMENT_SIGNING = "agreement_signing", _("协议签署")
    PROGRAMME_OPERATION = "programme_operation", _("合作办学项目运行")
    INTERNATIONAL_STUDENT_ENROLMENT = (
        "international_student_enrolment",
        _("全日制留学生招收（来华留学）"),
    )
    FOREIGN_TRAINEE_TRAINING = "foreign_trainee_training", _("非全日制境外人员培训")
    STUDENT_EXCHANGE = "student_exchange", _("学生境外交流/研修")
    STUDENT_INTERNSHIP_ABROAD = "student_internship_abroad", _("学生国（境）外实习")
    TEACHER_TRAINING_RECEIVED = "teacher_training_received", _("教师境外研修（受训）")
    TEACHER_TRAINING_DELIVERED = "teacher_training_delivered", _("教师赴境外指导/开展培训（输出）")
    TEACHER_DEGREE_ABROAD = "teacher_degree_abroad", _("教师境外学历提升")
    INTERNATIONAL_POST = "international_post", _("国际组织任职")
    STANDARD_DEVELOPMENT = "standard_development", _("标准开发")
    INTERNATIONAL_CERTIFICATION = "international_certification", _("国际认证")
    SKILLS_COMPETITION = "skills_competition", _("国（境）外技能大赛")
    INTERNATIONAL_CONFERENCE = "international_conference", _("国际会议/学术交流")
    OVERSEAS_BRANCH_BUILDING = "overseas_branch_building", _("境外办学点建设")
    INTERNATIONAL_COMMUNICATION = "international_communication", _("国际传播")
    FAIR_RECRUITMENT_VOLUNTEERING = "fair_recruitment_volunteering", _("展会/招聘会/志愿服务")
    PEOPLE_TO_PEOPLE_EXCHANGE = "people_to_people_exchange", _("人文交流项目")
    OTHER = "other", _("其他")


class Direction(models.TextChoices):
    INBOUND = "inbound", _("引进/来访")
    OUTBOUND = "outbound", _("输出/出访")
    BOTH = "both", _("双向")


class Mode(models.TextChoices):
    OFFLINE = "offline", _("线下")
    ONLINE = "online", _("线上")
    HYBRID = "hybrid", _("混合")


class Activity(TenantModel):
    """交流活动: one visit, exchange, training, internship, competition or other activity."""

    title = models.CharField(_("活动名称"), max_length=300)
    activity_type = models.CharField(_("活动类型"), max_length=40, choices=ActivityType.choices)
    direction = models.CharField(_("方向"), max_length=10, choices=Direction.choices)
    mode = models.CharField(_("方式"), max_length=10, choices=Mode.choices)
    start_on = models.DateField(_("开始日期"), validators=DATE_VALIDATORS)
    end_on = models.DateField(_("结束日期"), null=True, blank=True, validators=DATE_VALIDATORS)
    place = models.CharField(_("地点"), max_length=200, blank=True)
    country_code = models.CharField(
        _("国家/地区"), max_length=2, blank=True, validators=[validate_country_code]
    )
    partners = models.ManyToManyField(
        Partner, verbose_name=_("合作方"), related_name="activities", blank=True
    )
    programme = models.ForeignKey(
        Programme,
        verbose_name=_("合作办学项目"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="activities",
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("牵头部门"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="activities",
    )
    summary = models.TextField(_("活动简介"), blank=True)
    is_cancelled = models.BooleanField(
        _("计划但未成行"), default=False, help_text=_("已计划但取消的活动不计入任何指标。")
    )
    is_estimate = models.BooleanField(
        _("估算口径"),
        default=False,
        help_text=_("人数或时长为估算（如按网络互动量折算），正式指标默认不计入。"),
    )
    in_bay_area = models.BooleanField(
        _("列入粤港澳大湾区"),
        default=False,
        help_text=_(
            "年度报告“粤港澳大湾区交流合作”一章列入此活动；与香港、澳门合作方的活动总会列入。"
        ),
    )
    method_note = models.TextField(
        _("计算说明"), blank=True, help_text=_("如：2.5万互动 × 1课时 ÷ 每日8课时。")
    )

    class Meta:
        verbose_name = _("交流活动")
        verbose_name_plural = _("交流活动")
        ordering = ["-start_on", "title"]
        constraints = [
            *dates_in_bounds("activity", "start_on", "end_on"),
            models.CheckConstraint(
                condition=Q(end_on__isnull=True) | Q(end_on__gte=F("start_on")),
                name="activity_end_on_after_start_on",
                violation_error_message=_("结束日期不能早于开始日期。"),
            ),
            models.CheckConstraint(
                condition=Q(is_estimate=False) | ~Q(method_note=""),
                name="activity_estimate_has_method_note",
                violation_error_message=_("估算口径的活动须写明计算说明。"),
            ),
        ]
        indexes = [
            models.Index(fields=["school", "start_on"], name="activity_school_start_idx"),
            models.Index(fields=["school", "activity_type"], name="activity_school_type_idx"),
            # The estimate-based activities of a year, and those running into the next one,
            # which the review warnings name (indicators.facts).
            models.Index(
                fields=["school", "is_estimate", "start_on"], name="activity_school_estimate_idx"
            ),
            models.Index(fields=["school", "end_on"], name="activity_school_end_idx"),
            # An activity's natural key (title and start date), by which imports find it.
            models.Index(fields=["school", "title", "start_on"], name="activity_natural_key_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        self.country_code = (self.country_code or "").upper()
        longest = (
            self.participations.aggregate(longest=Max("days"))["longest"]
            if self.pk is not None and self.end_on is not None
            else None
        )
        problem = days_beyond(longest, start_on=self.start_on, end_on=self.end_on)
        if problem:
            raise ValidationError(
                {
                    "end_on": gettext("%(problem)s请先修改参与记录的天数，或更正活动的日期。")
                    % {"problem": problem}
                }
            )

    @property
    def length_in_days(self) -> int | None:
        """How many days the activity lasts, both ends counted; None without an end date."""
        return length_in_days(self.start_on, self.end_on)


def length_in_days(start_on: dt.date | None, end_on: dt.date | None) -> int | None:
    """Days from ``start_on`` to ``end_on``, both counted (a one-day activity lasts 1)."""
    if not isinstance(start_on, dt.date) or not isinstance(end_on, dt.date):
        return None  # no end date, or a date not yet valid
    return (end_on - start_on).days + 1


def days_beyond(days: Decimal | None, *, start_on: dt.date | None, end_on: dt.date | None) -> str:
    """Why a participation row of ``days`` cannot belong to an activity of these dates, or "".

    A person takes part for at most the activity's length; an activity without an end date
    has no length to compare with (it is not checked)."""
    length = length_in_days(start_on, end_on)
    if not isinstance(days, Decimal | int) or length is None or length < 1 or days <= length:
        return ""  # no days, or dates the activity's own checks refuse
    return gettext(
        "参与记录的天数为 %(days)s 天，超过了活动的时长（%(start)s 至 %(end)s，共 %(length)s 天）。"
    ) % {
        "days": f"{Decimal(days).normalize():f}",
        "start": start_on,
        "end": end_on,
        "length": length,
    }


class PersonCategory(models.TextChoices):
    FULL_TIME_TEACHER = "full_time_teacher", _("专任教师")
    ADMINISTRATOR = "administrator", _("管理人员")
    STUDENT = "student", _("在校生")
    OVERSEAS_PERSON = "overseas_person", _("国（境）外人员")
    ENTERPRISE_STAFF = "enterprise_staff", _("企业人员")


class ParticipationRole(models.TextChoices):
    TRAINEE = "trainee", _("学员")
    INSTRUCTOR = "instructor", _("授课/指导")
    LEADER = "leader", _("带队")
    MEMBER = "member", _("访问成员")
    INTERN = "intern", _("实习生")


class Participation(TenantModel):
    """参与记录: a group of people of one category who took part for the same time.

    Time is kept as it was recorded, in days or in class-hours (exactly one); person-days are
    computed, with the class-hours in a day taken from the indicator or the school.
    """

    activity = models.ForeignKey(
        Activity, verbose_name=_("活动"), on_delete=models.CASCADE, related_name="participations"
    )
    person_category = models.CharField(_("人员类别"), max_length=20, choices=PersonCategory.choices)
    role = models.CharField(_("角色"), max_length=20, choices=ParticipationRole.choices)
    headcount = models.PositiveIntegerField(
        _("人数"), default=1, validators=[MinValueValidator(1), *HEADCOUNT_VALIDATORS]
    )
    days = models.DecimalField(
        _("天数"),
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    hours = models.DecimalField(
        _("课时数"),
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    note = models.CharField(_("说明"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("参与记录")
        verbose_name_plural = _("参与记录")
        ordering = ["activity", "id"]
        constraints = [
            headcount_in_bounds("participation"),
            models.CheckConstraint(
                condition=Q(headcount__gte=1),
                name="participation_headcount_at_least_one",
                violation_error_message=_("人数至少为 1。"),
            ),
            models.CheckConstraint(
                condition=Q(days__isnull=False, hours__isnull=True)
                | Q(days__isnull=True, hours__isnull=False),
                name="participation_days_or_hours",
                violation_error_message=_("天数和课时数须填写其中一项，且只能填写一项。"),
            ),
            models.CheckConstraint(
                condition=Q(days__isnull=True) | Q(days__gt=0),
                name="participation_days_positive",
                violation_error_message=_("天数须大于 0。"),
            ),
            models.CheckConstraint(
                condition=Q(hours__isnull=True) | Q(hours__gt=0),
                name="participation_hours_positive",
                violation_error_message=_("课时数须大于 0。"),
            ),
        ]
        indexes = [
            # Covers the indicator query, which then never reads the table itself.
            models.Index(
                fields=["activity", "person_category", "role", "headcount", "days", "hours"],
                name="participation_facts_idx",
            )
        ]

    def __str__(self) -> str:
        amount = f"{self.days} 天" if self.days is not None else f"{self.hours} 课时"
        # The label straight from the enumeration: get_…_display() hashes every choice.
        category = (
            PersonCategory(self.person_category).label
            if self.person_category in PersonCategory.values
            else self.person_category
        )
        return f"{category} {self.headcount} 人 × {amount}"

    def clean(self) -> None:
        """A row lasts no longer than its activity (loaded once the row has one)."""
        if not isinstance(self.days, Decimal) or self.activity_id is None:
            return
        problem = days_beyond(
            self.days, start_on=self.activity.start_on, end_on=self.activity.end_on
        )
        if problem:
            raise ValidationError({"days": problem})

    def person_days(self, hours_per_day: int | Decimal) -> Fraction:
        return person_days(
            headcount=self.headcount, days=self.days, hours=self.hours, hours_per_day=hours_per_day
        )


class OutcomeKind(models.TextChoices):
    AWARD = "award", _("获奖")
    STANDARD_ADOPTED = "standard_adopted", _("标准被国（境）外采用")
    CERTIFICATION = "certification", _("认证")
    PROJECT_APPROVAL = "project_approval", _("项目立项")
    AUDIENCE_REACH = "audience_reach", _("传播覆盖")
    OTHER = "other", _("其他")


class OutcomeLevel(models.TextChoices):
    INTERNATIONAL = "international", _("国际")
    NATIONAL = "national", _("国家级")
    PROVINCIAL = "provincial", _("省级")
    MUNICIPAL = "municipal", _("市级")
    SCHOOL = "school", _("校级")


class StandardKind(models.TextChoices):
    PROFESSIONAL_TEACHING = "professional_teaching", _("专业教学标准")
    CURRICULUM = "curriculum", _("课程标准")


class OutcomeQuerySet(models.QuerySet["Outcome"]):
    def dated_within(self, first: dt.date, last: dt.date) -> OutcomeQuerySet:
        """Outcomes of the days ``first`` to ``last`` by their own date (取得日期); one without a
        date by its activity's start. A standard adopted in March 2024 under an activity of
        September 2023 is an outcome of 2024."""
        return self.filter(
            Q(achieved_on__gte=first, achieved_on__lte=last)
            | Q(
                achieved_on__isnull=True,
                activity__start_on__gte=first,
                activity__start_on__lte=last,
            )
        )


class Outcome(TenantModel):
    """成果: an award, an adopted standard, a certification, an approval or an audience reached.

    An outcome belongs to the year of its own date, not of its activity
    (``OutcomeQuerySet.dated_within``)."""

    activity = models.ForeignKey(
        Activity, verbose_name=_("活动"), on_delete=models.CASCADE, related_name="outcomes"
    )
    kind = models.CharField(_("成果类型"), max_length=20, choices=OutcomeKind.choices)
    title = models.CharField(_("成果名称"), max_length=300)
    achieved_on = models.DateField(
        _("取得日期"),
        null=True,
        blank=True,
        help_text=_("成果按此日期计入所在年度；不填则按所属活动的开始日期。"),
        validators=DATE_VALIDATORS,
    )
    level = models.CharField(_("级别"), max_length=20, choices=OutcomeLevel.choices, blank=True)
    grade = models.CharField(
        _("等级"), max_length=50, blank=True, help_text=_("如：金奖、一等奖。")
    )
    standard_kind = models.CharField(
        _("标准类别"), max_length=30, choices=StandardKind.choices, blank=True
    )
    quantity = models.DecimalField(
        _("数量"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    unit = models.CharField(_("单位"), max_length=20, blank=True)
    note = models.TextField(_("说明"), blank=True)

    objects = OutcomeQuerySet.as_manager()

    class Meta:
        verbose_name = _("成果")
        verbose_name_plural = _("成果")
        ordering = ["-achieved_on", "title"]
        constraints = [
            *dates_in_bounds("outcome", "achieved_on"),
            models.CheckConstraint(
                condition=~Q(kind="standard_adopted") | ~Q(standard_kind=""),
                name="outcome_standard_has_kind",
                violation_error_message=_("被采用的标准须注明是专业教学标准还是课程标准。"),
            ),
            models.CheckConstraint(
                condition=Q(quantity__isnull=True) | ~Q(unit=""),
                name="outcome_quantity_has_unit",
                violation_error_message=_("填写数量时须注明单位。"),
            ),
        ]

    def __str__(self) -> str:
        return self.title


# Tallies: figures kept per school and month, derived from the records above (tallies.py).
# Only a refresh writes them, a month at a time and holding the school's refresh lock, so
# their keys need no unique index (which would slow every refresh).


class StaleMonth(models.Model):
    """A school's month whose tallies may no longer match its records.

    Written only by the database triggers of ``triggers.py`` on every write that can change a
    tally, and removed by the refresh that brings the month's tallies up to date. Writers only
    ever add marks (on PostgreSQL one per transaction and month, ``xact`` being the
    transaction), so a writer never waits for a refresh, and a mark added while a refresh runs
    outlives it.

    The school is not a foreign key in the database: a mark may be written while every table
    is emptied at once, in any order (a test database between tests). A school deleted the
    usual way takes its marks with it; a mark left over only costs a refresh.
    """

    school = models.ForeignKey(
        School, on_delete=models.CASCADE, db_constraint=False, db_index=False, related_name="+"
    )
    month = models.DateField(_("月份"))
    xact = models.BigIntegerField(null=True, editable=False)

    class Meta:
        verbose_name = _("待重新统计的月份")
        verbose_name_plural = _("待重新统计的月份")
        indexes = [
            models.Index(fields=["school", "month", "xact"], name="stalemonth_school_month_idx")
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m}"


class ActivityTally(models.Model):
    """How many activities of one type a school held in a month (cancelled ones left out)."""

    school = models.ForeignKey(
        School, on_delete=models.CASCADE, db_index=False, related_name="+"
    )  # the (school, month) index serves
    month = models.DateField(_("月份"))
    activity_type = models.CharField(_("活动类型"), max_length=40, choices=ActivityType.choices)
    activities = models.PositiveIntegerField(_("活动数"))

    class Meta:
        verbose_name = _("活动月度统计")
        verbose_name_plural = _("活动月度统计")
        indexes = [models.Index(fields=["school", "month"], name="activitytally_month_idx")]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.activity_type}: {self.activities}"


# What a participation tally is keyed by, beside the school and the month, and what it sums.
PARTICIPATION_KEY = (
    "activity_type",
    "direction",
    "mode",
    "is_estimate",
    "evidence_approved",
    "partner_regions",
    "partner_types",
    "person_category",
    "role",
)
PARTICIPATION_SUMS = ("headcount", "day_hundredths", "hour_hundredths", "row_count")


class ParticipationTally(models.Model):
    """The participation rows of a school's month that share everything indicator filters look
    at (their activity's traits and whether it has approved evidence, their category and role),
    summed exactly in integers:
    ``day_hundredths`` = Σ headcount × days × 100 over rows kept in days, ``hour_hundredths``
    = Σ headcount × class-hours × 100 over rows kept in class-hours. Cancelled activities are
    left out. Partner regions and types are the activity's partners' sorted values, joined
    with commas."""

    school = models.ForeignKey(
        School, on_delete=models.CASCADE, db_index=False, related_name="+"
    )  # the (school, month) index serves
    month = models.DateField(_("月份"))
    activity_type = models.CharField(_("活动类型"), max_length=40, choices=ActivityType.choices)
    direction = models.CharField(_("方向"), max_length=10, choices=Direction.choices)
    mode = models.CharField(_("方式"), max_length=10, choices=Mode.choices)
    is_estimate = models.BooleanField(_("估算口径"))
    evidence_approved = models.BooleanField(_("有已通过审核的佐证材料"))
    partner_regions = models.CharField(_("合作方地区类别"), max_length=200)
    partner_types = models.CharField(_("合作方机构类型"), max_length=400)
    person_category = models.CharField(_("人员类别"), max_length=20, choices=PersonCategory.choices)
    role = models.CharField(_("角色"), max_length=20, choices=ParticipationRole.choices)
    headcount = models.BigIntegerField(_("人数"))
    day_hundredths = models.BigIntegerField(_("人数×天数×100"))
    hour_hundredths = models.BigIntegerField(_("人数×课时数×100"))
    row_count = models.BigIntegerField(_("参与记录数"))

    class Meta:
        verbose_name = _("参与记录月度统计")
        verbose_name_plural = _("参与记录月度统计")
        indexes = [
            models.Index(fields=["school", "month"], name="participationtally_month_idx"),
            # The whole tally in the order a year's figures sum it: SQLite reads it without
            # sorting (tallies.participation_totals).
            models.Index(
                fields=["school", *PARTICIPATION_KEY, "month", *PARTICIPATION_SUMS],
                name="participationtally_key_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.activity_type} {self.person_category} {self.role}"


class ActivityLikeness(models.Model):
    """What an activity is compared by when activities that look alike are looked for
    (``lookalikes``): a 64-bit hash of its dates, its estimate flag, its partners and its
    participation rows, kept per month with the tallies and made again with them. Activities
    that look alike share it; the few that share it are then compared in full, so a year of
    many activities is never read row by row. Cancelled activities and activities without
    participation rows have none."""

    school = models.ForeignKey(
        School, on_delete=models.CASCADE, db_index=False, related_name="+"
    )  # the (school, month, likeness) index serves
    month = models.DateField(_("月份"))
    # A deleted activity marks its month stale; the month's refresh takes its row away.
    activity = models.ForeignKey(
        Activity,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
    )
    likeness = models.BigIntegerField(_("比对值"))

    class Meta:
        verbose_name = _("活动比对值")
        verbose_name_plural = _("活动比对值")
        indexes = [
            models.Index(fields=["school", "month", "likeness"], name="activitylikeness_idx")
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.activity_id}: {self.likeness}"


class TallyVersion(models.Model):
    """A token made anew each time a school's tallies of a year are made again (``tallies``),
    so a sum of them kept in memory is known to be current while the tokens of its years are the
    same: an edit in this year leaves last year's sums kept. A year without a token has no
    tallies."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("年度"))
    token = models.UUIDField(_("版本"))

    class Meta:
        verbose_name = _("月度统计版本")
        verbose_name_plural = _("月度统计版本")
        constraints = [
            models.UniqueConstraint(fields=["school", "year"], name="tally_version_school_year")
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.token}"
