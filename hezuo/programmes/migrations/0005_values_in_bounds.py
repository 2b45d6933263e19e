"""Dates from 1990 to 2100 and at most a million people in a row (hezuo.core.bounds), in the
models' validators and as check constraints; an upgrade over records outside stops and names
them."""

import datetime

import django.core.validators
from django.db import migrations, models

from hezuo.core.bounds import records_out_of_bounds


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0005_user_sessions_epoch"),
        ("core", "0003_school_password_sign_in"),
        ("partners", "0002_partner_website_assumes_https"),
        ("programmes", "0004_programme_in_bay_area"),
    ]

    operations = [
        migrations.RunPython(
            records_out_of_bounds(
                "programmes.Programme", ("approval_valid_until",), headcount=False
            ),
            migrations.RunPython.noop,
        ),
        migrations.AlterField(
            model_name="programme",
            name="approval_valid_until",
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
                verbose_name="批准书有效期至",
            ),
        ),
        migrations.AddConstraint(
            model_name="programme",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("approval_valid_until__isnull", True),
                    models.Q(
                        ("approval_valid_until__gte", datetime.date(1990, 1, 1)),
                        ("approval_valid_until__lte", datetime.date(2100, 12, 31)),
                    ),
                    _connector="OR",
                ),
                name="programme_approval_valid_until_in_bounds",
                violation_error_message="日期应在 1990-01-01 至 2100-12-31 之间。",
            ),
        ),
    ]
