"""Activity likeness: what an activity is compared by when activities that look alike are looked
for, kept per month with the tallies (hezuo/activities/lookalikes.py). An activity's end date is
compared, so changing it now marks its month stale: the triggers are made again (dropped first,
as creating a table beside them does not touch them but their definition changed), and every
month with an activity starts stale, so the first read makes its likenesses."""

import django.db.models.deletion
from django.db import migrations, models

from hezuo.activities.triggers import create_triggers, drop_triggers


class Migration(migrations.Migration):
    dependencies = [
        ("activities", "0007_activity_in_bay_area"),
        ("core", "0002_completion_needs_approved_evidence"),
    ]

    operations = [
        migrations.RunPython(drop_triggers, create_triggers, elidable=False),
        migrations.CreateModel(
            name="ActivityLikeness",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("month", models.DateField(verbose_name="月份")),
                ("likeness", models.BigIntegerField(verbose_name="比对值")),
                (
                    "activity",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="activities.activity",
                    ),
                ),
                (
                    "school",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="core.school",
                    ),
                ),
            ],
            options={
                "verbose_name": "活动比对值",
                "verbose_name_plural": "活动比对值",
                "indexes": [
                    models.Index(
                        fields=["school", "month", "likeness"], name="activitylikeness_idx"
                    )
                ],
            },
        ),
        migrations.RunPython(create_triggers, drop_triggers, elidable=False),
    ]
