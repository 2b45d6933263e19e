"""Task point years stay inside their project's period, enforced by the database
(the triggers are in hezuo/construction/triggers.py)."""

from django.db import migrations

from hezuo.construction.triggers import create_triggers, drop_triggers


class Migration(migrations.Migration):
    dependencies = [("construction", "0002_relations")]

    operations = [migrations.RunPython(create_triggers, drop_triggers, elidable=False)]
