"""The participation tallies in the order a year's figures sum them, so SQLite reads them without
sorting (hezuo/activities/tallies.py, participation_totals)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("activities", "0009_tally_evidence_approved"),
        ("core", "0002_completion_needs_approved_evidence"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="participationtally",
            index=models.Index(
                fields=[
                    "school",
                    "activity_type",
                    "direction",
                    "mode",
                    "is_estimate",
                    "evidence_approved",
                    "partner_regions",
                    "partner_types",
                    "person_category",
                    "role",
                    "month",
                    "headcount",
                    "day_hundredths",
                    "hour_hundredths",
                    "row_count",
                ],
                name="participationtally_key_idx",
            ),
        ),
    ]
