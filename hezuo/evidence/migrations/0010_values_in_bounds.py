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
        ("activities", "0014_values_in_bounds"),
        ("agreements", "0004_values_in_bounds"),
        ("construction", "0005_values_in_bounds"),
        ("core", "0003_school_password_sign_in"),
        ("evidence", "0009_search_filters_covered"),
        ("files", "0003_zip_file_type"),
        ("programmes", "0005_values_in_bounds"),
    ]

    operations = [
        migrations.RunPython(
            records_out_of_bounds("evidence.Evidence", ("dated_on",), headcount=False),
            migrations.RunPython.noop,
        ),
        migrations.RunPython(set_triggers_aside, put_triggers_back, elidable=False),
        migrations.AlterField(
            model_name="evidence",
            name="dated_on",
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
                verbose_name="材料日期",
            ),
        ),
        migrations.AddConstraint(
            model_name="evidence",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("dated_on__isnull", True),
                    models.Q(
                        ("dated_on__gte", datetime.date(1990, 1, 1)),
                        ("dated_on__lte", datetime.date(2100, 12, 31)),
                    ),
                    _connector="OR",
                ),
                name="evidence_dated_on_in_bounds",
                violation_error_message="日期应在 1990-01-01 至 2100-12-31 之间。",
            ),
        ),
        migrations.RunPython(put_triggers_back, set_triggers_aside, elidable=False),
    ]
