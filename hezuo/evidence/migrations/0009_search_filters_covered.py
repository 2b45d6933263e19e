"""Search's filter indexes each hold every filter, so that any combination of them is counted
from one index without reading the items."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("evidence", "0008_tally_marks"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="evidence", name="evidence_school_kind"),
        migrations.RemoveIndex(model_name="evidence", name="evidence_school_dated_on"),
        migrations.RemoveIndex(model_name="evidence", name="evidence_school_review"),
        migrations.AddIndex(
            model_name="evidence",
            index=models.Index(
                fields=["school", "kind", "dated_on", "review_status"],
                name="evidence_filter_kind",
            ),
        ),
        migrations.AddIndex(
            model_name="evidence",
            index=models.Index(
                fields=["school", "dated_on", "kind", "review_status"],
                name="evidence_filter_dated_on",
            ),
        ),
        migrations.AddIndex(
            model_name="evidence",
            index=models.Index(
                fields=["school", "review_status", "dated_on", "kind"],
                name="evidence_filter_review",
            ),
        ),
    ]
