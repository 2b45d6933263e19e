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
        ("agreements", "0003_expiry_notices"),
        ("core", "0003_school_password_sign_in"),
        ("files", "0003_zip_file_type"),
        ("partners", "0002_partner_website_assumes_https"),
    ]

    operations = [
        migrations.RunPython(
            records_out_of_bounds(
                "agreements.Agreement", ("signed_on", "valid_from", "valid_until"), headcount=False
            ),
            migrations.RunPython.noop,
        ),
        migrations.AlterField(
            model_name="agreement",
            name="signed_on",
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
                verbose_name="签署日期",
            ),
        ),
        migrations.AlterField(
            model_name="agreement",
            name="valid_from",
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
                verbose_name="生效日期",
            ),
        ),
        migrations.AlterField(
            model_name="agreement",
            name="valid_until",
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
                verbose_name="有效期至",
            ),
        ),
        migrations.AddConstraint(
            model_name="agreement",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("signed_on__isnull", True),
                    models.Q(
                        ("signed_on__gte", datetime.date(1990, 1, 1)),
                        ("signed_on__lte", datetime.date(2100, 12, 31)),
                    ),
                    _connector="OR",
                ),
                name="agreement_signed_on_in_bounds",
                violation_error_message="日期应在 1990-01-01 至 2100-12-31 之间。",
            ),
        ),
        migrations.AddConstraint(
            model_name="agreement",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("valid_from__isnull", True),
                    models.Q(
                        ("valid_from__gte", datetime.date(1990, 1, 1)),
                        ("valid_from__lte", datetime.date(2100, 12, 31)),
                    ),
                    _connector="OR",
                ),
                name="agreement_valid_from_in_bounds",
                violation_error_message="日期应在 1990-01-01 至 2100-12-31 之间。",
            ),
        ),
        migrations.AddConstraint(
            model_name="agreement",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("valid_until__isnull", True),
                    models.Q(
                        ("valid_until__gte", datetime.date(1990, 1, 1)),
                        ("valid_until__lte", datetime.date(2100, 12, 31)),
                    ),
                    _connector="OR",
                ),
                name="agreement_valid_until_in_bounds",
                violation_error_message="日期应在 1990-01-01 至 2100-12-31 之间。",
            ),
        ),
    ]
