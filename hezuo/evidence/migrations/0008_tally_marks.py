"""Evidence approved, unapproved, linked to an activity or unlinked marks the activity's month
stale, so its participation tallies say whether it has approved evidence
(hezuo/evidence/triggers.py)."""

from django.db import migrations

from hezuo.evidence.triggers import create_triggers, drop_triggers


class Migration(migrations.Migration):
    dependencies = [
        ("activities", "0009_tally_evidence_approved"),
        ("evidence", "0007_evidence_search_filter_indexes"),
    ]

    operations = [
        migrations.RunPython(create_triggers, drop_triggers, elidable=False),
    ]
