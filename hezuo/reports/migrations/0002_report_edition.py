from django.db import migrations, models

FIELD = {
    "choices": [("submission", "报送版"), ("checking", "核对版")],
    "help_text": "报送版：用于报送，不含数据来源注释与核对内容；核对版：每个数字附数据来源，供核对。",
    "max_length": 12,
    "verbose_name": "版本类型",
}


class Migration(migrations.Migration):
    """Versions made before there were two editions carry their notes: they are 核对版. New
    versions are 报送版 unless asked otherwise."""

    dependencies = [
        ("reports", "0001_reports_templates_narratives"),
    ]

    operations = [
        migrations.AddField(
            model_name="report",
            name="edition",
            field=models.CharField(default="checking", **FIELD),
        ),
        migrations.AlterField(
            model_name="report",
            name="edition",
            field=models.CharField(default="submission", **FIELD),
        ),
    ]
