"""Participation tallies say whether their activity has approved evidence, so the review warning
about records without it is counted from the tallies. The tallies are made again: every month
with an activity starts stale and its tallies are emptied."""

from django.db import migrations, models

from hezuo.activities.triggers import MARK_EVERY_MONTH
from hezuo.core.triggers import run_for_database


def count_again(apps: object, schema_editor: object) -> None:
    run_for_database(
        schema_editor,
        {
            vendor: ["DELETE FROM activities_participationtally", sql]
            for vendor, sql in MARK_EVERY_MONTH.items()
        },
    )


class Migration(migrations.Migration):
    dependencies = [
        ("activities", "0008_activity_likeness"),
    ]

    operations = [
        migrations.RunPython(count_again, migrations.RunPython.noop, elidable=False),
        migrations.AddField(
            model_name="participationtally",
            name="evidence_approved",
            field=models.BooleanField(default=False, verbose_name="有已通过审核的佐证材料"),
            preserve_default=False,
        ),
    ]
