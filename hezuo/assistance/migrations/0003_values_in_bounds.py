"""Dates from 1990 to 2100 and at most a million people in a row (hezuo.core.bounds), in the
models' validators and as check constraints; an upgrade over records outside stops and names
them."""

import datetime

import django.core.validators
from django.db import migrations, models

from hezuo.core.bounds import records_out_of_bounds


class Migration(migrations.Migration):
    dependencies = [
        ("agreements", "0004_values_in_bounds"),
        ("assistance", "0002_relations"),
        ("core", "0003_school_password_sign_in"),
    ]

    operations = [
        migrations.RunPython(
            records_out_of_bounds("assistance.Assistance", ("start_on", "end_on"), headcount=False),
            migrations.RunPython.noop,
        ),
        migrations.AlterField(
            model_name="assistance",
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
            model_name="assistance",
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
        migrations.AddConstraint(
            model_name="assistance",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("start_on__isnull", True),
                    models.Q(
                        ("start_on__gte", datetime.date(1990, 1, 1)),
                        ("start_on__lte", datetime.date(2100, 12, 31)),
                    ),
                    _connector="OR",
                ),
                name="assistance_start_on_in_bounds",
                violation_error_message="日期应在 1990-01-01 至 2100-12-31 之间。",
            ),
        ),
        migrations.AddConstraint(
            model_name="assistance",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("end_on__isnull", True),
                    models.Q(
                        ("end_on__gte", datetime.date(1990, 1, 1)),
                        ("end_on__lte", datetime.date(2100, 12, 31)),
                    ),
                    _connector="OR",
                ),
                name="assistance_end_on_in_bounds",
                violation_error_message="日期应在 1990-01-01 至 2100-12-31 之间。",
            ),
        ),
    ]
