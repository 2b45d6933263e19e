"""Dates from 1990 to 2100 and at most a million people in a row (hezuo.core.bounds), in the
models' validators and as check constraints; an upgrade over records outside stops and names
them. Adding the constraints rebuilds the tables on SQLite, so the database's triggers
are set aside first and put back after (hezuo.core.triggers)."""

import datetime

import django.core.validators
from django.db import migrations, models

from hezuo.core.bounds import records_out_of_bounds
from hezuo.core.triggers import put_triggers_back, set_triggers_aside


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0005_user_sessions_epoch"),
        ("activities", "0013_tally_version_per_year"),
        ("core", "0003_school_password_sign_in"),
        ("partners", "0002_partner_website_assumes_https"),
        ("programmes", "0004_programme_in_bay_area"),
    ]

    operations = [
        migrations.RunPython(
            records_out_of_bounds("activities.Activity", ("start_on", "end_on"), headcount=False),
            migrations.RunPython.noop,
        ),
        migrations.RunPython(
            records_out_of_bounds("activities.Participation", (), headcount=True),
            migrations.RunPython.noop,
        ),
        migrations.RunPython(
            records_out_of_bounds("activities.Outcome", ("achieved_on",), headcount=False),
            migrations.RunPython.noop,
        ),
        migrations.RunPython(set_triggers_aside, put_triggers_back, elidable=False),
        migrations.AlterField(
            model_name="activity",
            name="end_on",
            field=models.DateField(
                blank=True,
                null=True,
                validators=[
                    django.core.validators.MinValueValidator(
                        datetime.date(1990, 1, 1),
                        message="日期应在 1990-01-01 至 2100-12-31 之间。",
                    ),
                    django.core.validators.MaxValueValidator(
                        datetime.date(2100, 12, 31),
                        message="日期应在 1990-01-01 至 2100-12-31 之间。",
                    ),
                ],
                verbose_name="结束日期",
            ),
        ),
        migrations.AlterField(
            model_name="activity",
            name="start_on",
            field=models.DateField(
                validators=[
                    django.core.validators.MinValueValidator(
                        datetime.date(1990, 1, 1),
                        message="日期应在 1990-01-01 至 2100-12-31 之间。",
                    ),
                    django.core.validators.MaxValueValidator(
                        datetime.date(2100, 12, 31),
                        message="日期应在 1990-01-01 至 2100-12-31 之间。",
                    ),
                ],
                verbose_name="开始日期",
            ),
        ),
        migrations.AlterField(
            model_name="outcome",
            name="achieved_on",
            field=models.DateField(
                blank=True,
                help_text="成果按此日期计入所在年度；不填则按所属活动的开始日期。",
                null=True,
                validators=[
                    django.core.validators.MinValueValidator(
                        datetime.date(1990, 1, 1),
                        message="日期应在 1990-01-01 至 2100-12-31 之间。",
                    ),
                    django.core.validators.MaxValueValidator(
                        datetime.date(2100, 12, 31),
                        message="日期应在 1990-01-01 至 2100-12-31 之间。",
                    ),
                ],
                verbose_name="取得日期",
            ),
        ),
        migrations.AlterField(
            model_name="participation",
            name="headcount",
            field=models.PositiveIntegerField(
                default=1,
                validators=[
                    django.core.validators.MinValueValidator(1),
                    django.core.validators.MaxValueValidator(
                        1000000, message="人数不能超过 1,000,000。"
                    ),
                ],
                verbose_name="人数",
            ),
        ),
        migrations.AddConstraint(
            model_name="activity",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("start_on__isnull", True),
                    models.Q(
                        ("start_on__gte", datetime.date(1990, 1, 1)),
                        ("start_on__lte", datetime.date(2100, 12, 31)),
                    ),
                    _connector="OR",
                ),
                name="activity_start_on_in_bounds",
                violation_error_message="日期应在 1990-01-01 至 2100-12-31 之间。",
            ),
        ),
        migrations.AddConstraint(
            model_name="activity",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("end_on__isnull", True),
                    models.Q(
                        ("end_on__gte", datetime.date(1990, 1, 1)),
                        ("end_on__lte", datetime.date(2100, 12, 31)),
                    ),
                    _connector="OR",
                ),
                name="activity_end_on_in_bounds",
                violation_error_message="日期应在 1990-01-01 至 2100-12-31 之间。",
            ),
        ),
        migrations.AddConstraint(
            model_name="outcome",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("achieved_on__isnull", True),
                    models.Q(
                        ("achieved_on__gte", datetime.date(1990, 1, 1)),
                        ("achieved_on__lte", datetime.date(2100, 12, 31)),
                    ),
                    _connector="OR",
                ),
                name="outcome_achieved_on_in_bounds",
                violation_error_message="日期应在 1990-01-01 至 2100-12-31 之间。",
            ),
        ),
        migrations.AddConstraint(
            model_name="participation",
            constraint=models.CheckConstraint(
                condition=models.Q(("headcount__lte", 1000000)),
                name="participation_headcount_in_bounds",
                violation_error_message="人数不能超过 1,000,000。",
            ),
        ),
        migrations.RunPython(put_triggers_back, set_triggers_aside, elidable=False),
    ]
