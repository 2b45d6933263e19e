"""A token made anew each time a school's tallies are made again: sums of them kept in memory
are current while it is the same (hezuo/activities/tallies.py)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("activities", "0010_tally_key_index"),
        ("core", "0002_completion_needs_approved_evidence"),
    ]

    operations = [
        migrations.CreateModel(
            name="TallyVersion",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("token", models.UUIDField(verbose_name="版本")),
                (
                    "school",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="core.school",
                    ),
                ),
            ],
            options={
                "verbose_name": "月度统计版本",
                "verbose_name_plural": "月度统计版本",
            },
        ),
    ]
