"""Indexes for the activities the review warnings name: the estimate-based ones of a year, and
those running into the next (hezuo/indicators/facts.py)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0005_user_sessions_epoch"),
        ("activities", "0011_tally_version"),
        ("core", "0002_completion_needs_approved_evidence"),
        ("partners", "0002_partner_website_assumes_https"),
        ("programmes", "0004_programme_in_bay_area"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="activity",
            index=models.Index(
                fields=["school", "is_estimate", "start_on"], name="activity_school_estimate_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="activity",
            index=models.Index(fields=["school", "end_on"], name="activity_school_end_idx"),
        ),
    ]
