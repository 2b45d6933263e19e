"""列入粤港澳大湾区: the office puts an activity in the annual report's Bay-Area chapter. Adding
the column rebuilds activities_activity on SQLite, so the tally triggers are dropped first and
created again after (hezuo/activities/triggers.py)."""

from django.db import migrations, models

from hezuo.activities.triggers import create_triggers, drop_triggers


class Migration(migrations.Migration):
    dependencies = [
        ("activities", "0006_outcome_dated_by_its_own_date"),
    ]

    operations = [
        migrations.RunPython(drop_triggers, create_triggers, elidable=False),
        migrations.AddField(
            model_name="activity",
            name="in_bay_area",
            field=models.BooleanField(
                default=False,
                help_text="年度报告“粤港澳大湾区交流合作”一章列入此活动；与香港、澳门合作方的活动总会列入。",
                verbose_name="列入粤港澳大湾区",
            ),
        ),
        migrations.RunPython(create_triggers, drop_triggers, elidable=False),
    ]
