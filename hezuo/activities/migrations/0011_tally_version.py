"""A token made anew each time a school's tallies are made again: sums of them kept in memory
are current while it is the same (hezuo/activities/tallies.py)."""

import uuid

import django.db.models.deletion
from django.db import migrations, models


def version_every_school(apps: object, schema_editor: object) -> None:
    """Tallies already current get their version now, not at their next refresh."""
    school = apps.get_model("core", "School")  # type: ignore[attr-defined]
    version = apps.get_model("activities", "TallyVersion")  # type: ignore[attr-defined]
    version.objects.bulk_create(
        [
            version(school_id=pk, token=uuid.uuid4())
            for pk in school.objects.values_list("pk", flat=True)
        ]
    )


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
        migrations.RunPython(version_every_school, migrations.RunPython.noop),
    ]
