"""A definition's 核对说明 (note): what the office should check, kept apart from its 依据
(source_ref), the citation a 核对版 report prints under the indicator.

The shipped 国际影响表 catalogue used to write its caveat for the office into ``source_ref``
("指标名称按公开解析器确认的表述…使用前请以当年填表说明核对"), so reports printed it under
every national indicator. The data step gives the definitions it installed the citation as
``source_ref`` and the caveat as ``note`` — only rows still holding exactly the old text, so a
school's own wording stays. Going back puts the old text back on those rows.
"""

from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

# Frozen here, as the catalogue file may change afterwards.
OLD_SOURCE_REF = (
    "高职质量年报国际影响表；指标名称按公开解析器确认的表述，单位与计算口径为通行理解，"
    "使用前请以当年填表说明核对"
)
CITATION = (
    "《高等职业教育质量年度报告》附表“国际影响表”，教育部职业教育与成人教育司部署，"
    "2017—2022年度报告"
)
NOTE = (
    "2017年起高职质量年报附计分卡、资源表、服务贡献表、落实政策表、国际影响表五张表"
    "（公开转载：http://nutuge.net/info/1006/9192.html）；指标名称按公开的年报解析器确认的表述，"
    "单位与计算口径为通行理解，未见官方填表说明原文，使用前请以当年填表说明核对。"
)


def cite_the_source(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    definitions = apps.get_model("indicators", "IndicatorDefinition")
    definitions.objects.filter(source_ref=OLD_SOURCE_REF).update(source_ref=CITATION, note=NOTE)


def restore_the_old_text(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    definitions = apps.get_model("indicators", "IndicatorDefinition")
    definitions.objects.filter(source_ref=CITATION, note=NOTE).update(
        source_ref=OLD_SOURCE_REF, note=""
    )


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0003_hours_per_day_of_the_school"),
    ]

    operations = [
        migrations.AddField(
            model_name="indicatordefinition",
            name="note",
            field=models.TextField(
                blank=True, help_text="供本校核对的说明，不印入任何报告。", verbose_name="核对说明"
            ),
        ),
        migrations.AlterField(
            model_name="indicatordefinition",
            name="source_ref",
            field=models.CharField(
                blank=True,
                help_text="官方文件的名称、发文单位和年度；核对版报告在指标下注明。",
                max_length=300,
                verbose_name="依据",
            ),
        ),
        migrations.RunPython(cite_the_source, restore_the_old_text),
    ]
