from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("programmes", "0003_programme_started_year"),
    ]

    operations = [
        migrations.AddField(
            model_name="programme",
            name="in_bay_area",
            field=models.BooleanField(
                default=False,
                help_text="年度报告“粤港澳大湾区交流合作”一章列入此项目。",
                verbose_name="列入粤港澳大湾区",
            ),
        ),
    ]
