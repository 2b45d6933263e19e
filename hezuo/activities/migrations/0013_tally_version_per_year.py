"""A tallies' version per school and year, so that sums kept of one year stay kept while
another year's tallies are made again (hezuo/activities/tallies.py). Each year that has tallies
gets its token now; a year without one has none."""

import uuid

import django.db.models.deletion
from django.db import migrations, models


def version_every_year(apps: object, schema_editor: object) -> None:
    version = apps.get_model("activities", "TallyVersion")  # type: ignore[attr-defined]
    counted: set[tuple[int, int]] = set()
    for name in ("ActivityTally", "ParticipationTally"):
        tally = apps.get_model("activities", name)  # type: ignore[attr-defined]
        for school_id, month in (
            tally.objects.order_by().values_list("school_id", "month").distinct()
        ):
            counted.add((school_id, month.year))
    version.objects.all().delete()
    version.objects.bulk_create(
        [
            version(school_id=school_id, year=year, token=uuid.uuid4())
            for school_id, year in sorted(counted)
        ]
    )


def forget_versions(apps: object, schema_editor: object) -> None:
    """Back to one version per school: none (sums are then summed at each read until the next
    refresh makes one)."""
    apps.get_model("activities", "TallyVersion").objects.all().delete()  # type: ignore[attr-defined]


class Migration(migrations.Migration):
    dependencies = [
        ("activities", "0012_warning_indexes"),
        ("core", "0002_completion_needs_approved_evidence"),
    ]

    operations = [
        migrations.AlterField(
            model_name="tallyversion",
            name="school",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE, related_name="+", to="core.school"
            ),
        ),
        migrations.AddField(
            model_name="tallyversion",
            name="year",
            field=models.PositiveSmallIntegerField(default=0, verbose_name="年度"),
            preserve_default=False,
        ),
        migrations.RunPython(version_every_year, forget_versions),
        migrations.AddConstraint(
            model_name="tallyversion",
            constraint=models.UniqueConstraint(
                fields=("school", "year"), name="tally_version_school_year"
            ),
        ),
    ]
