"""Tallies: activity and participation figures kept per school and month, marked stale by
triggers (hezuo/activities/triggers.py) on every write that can change them. Every month that
already has an activity starts stale, so the first read counts it."""

import django.db.models.deletion
from django.db import migrations, models

from hezuo.activities.triggers import create_triggers, drop_triggers


class Migration(migrations.Migration):
    dependencies = [
        ("activities", "0004_activity_natural_key_index"),
        ("core", "0002_completion_needs_approved_evidence"),
        ("partners", "0002_partner_website_assumes_https"),
    ]

    operations = [
        migrations.CreateModel(
            name="ActivityTally",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("month", models.DateField(verbose_name="月份")),
                (
                    "activity_type",
                    models.CharField(
                        choices=[
                            ("visit_reception", "来访接待"),
                            ("outbound_visit", "出访交流"),
                            ("online_meeting", "线上会谈/洽谈"),
                            ("agreement_signing", "协议签署"),
                            ("programme_operation", "合作办学项目运行"),
                            ("international_student_enrolment", "全日制留学生招收（来华留学）"),
                            ("foreign_trainee_training", "非全日制境外人员培训"),
                            ("student_exchange", "学生境外交流/研修"),
                            ("student_internship_abroad", "学生国（境）外实习"),
                            ("teacher_training_received", "教师境外研修（受训）"),
                            ("teacher_training_delivered", "教师赴境外指导/开展培训（输出）"),
                            ("teacher_degree_abroad", "教师境外学历提升"),
                            ("international_post", "国际组织任职"),
                            ("standard_development", "标准开发"),
                            ("international_certification", "国际认证"),
                            ("skills_competition", "国（境）外技能大赛"),
                            ("international_conference", "国际会议/学术交流"),
                            ("overseas_branch_building", "境外办学点建设"),
                            ("international_communication", "国际传播"),
                            ("fair_recruitment_volunteering", "展会/招聘会/志愿服务"),
                            ("people_to_people_exchange", "人文交流项目"),
                            ("other", "其他"),
                        ],
                        max_length=40,
                        verbose_name="活动类型",
                    ),
                ),
                ("activities", models.PositiveIntegerField(verbose_name="活动数")),
                (
                    "school",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="core.school",
                    ),
                ),
            ],
            options={
                "verbose_name": "活动月度统计",
                "verbose_name_plural": "活动月度统计",
                "indexes": [
                    models.Index(fields=["school", "month"], name="activitytally_month_idx")
                ],
            },
        ),
        migrations.CreateModel(
            name="ParticipationTally",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("month", models.DateField(verbose_name="月份")),
                (
                    "activity_type",
                    models.CharField(
                        choices=[
                            ("visit_reception", "来访接待"),
                            ("outbound_visit", "出访交流"),
                            ("online_meeting", "线上会谈/洽谈"),
                            ("agreement_signing", "协议签署"),
                            ("programme_operation", "合作办学项目运行"),
                            ("international_student_enrolment", "全日制留学生招收（来华留学）"),
                            ("foreign_trainee_training", "非全日制境外人员培训"),
                            ("student_exchange", "学生境外交流/研修"),
                            ("student_internship_abroad", "学生国（境）外实习"),
                            ("teacher_training_received", "教师境外研修（受训）"),
                            ("teacher_training_delivered", "教师赴境外指导/开展培训（输出）"),
                            ("teacher_degree_abroad", "教师境外学历提升"),
                            ("international_post", "国际组织任职"),
                            ("standard_development", "标准开发"),
                            ("international_certification", "国际认证"),
                            ("skills_competition", "国（境）外技能大赛"),
                            ("international_conference", "国际会议/学术交流"),
                            ("overseas_branch_building", "境外办学点建设"),
                            ("international_communication", "国际传播"),
                            ("fair_recruitment_volunteering", "展会/招聘会/志愿服务"),
                            ("people_to_people_exchange", "人文交流项目"),
                            ("other", "其他"),
                        ],
                        max_length=40,
                        verbose_name="活动类型",
                    ),
                ),
                (
                    "direction",
                    models.CharField(
                        choices=[
                            ("inbound", "引进/来访"),
                            ("outbound", "输出/出访"),
                            ("both", "双向"),
                        ],
                        max_length=10,
                        verbose_name="方向",
                    ),
                ),
                (
                    "mode",
                    models.CharField(
                        choices=[("offline", "线下"), ("online", "线上"), ("hybrid", "混合")],
                        max_length=10,
                        verbose_name="方式",
                    ),
                ),
                ("is_estimate", models.BooleanField(verbose_name="估算口径")),
                (
                    "partner_regions",
                    models.CharField(max_length=200, verbose_name="合作方地区类别"),
                ),
                ("partner_types", models.CharField(max_length=400, verbose_name="合作方机构类型")),
                (
                    "person_category",
                    models.CharField(
                        choices=[
                            ("full_time_teacher", "专任教师"),
                            ("administrator", "管理人员"),
                            ("student", "在校生"),
                            ("overseas_person", "国（境）外人员"),
                            ("enterprise_staff", "企业人员"),
                        ],
                        max_length=20,
                        verbose_name="人员类别",
                    ),
                ),
                (
                    "role",
                    models.CharField(
                        choices=[
                            ("trainee", "学员"),
                            ("instructor", "授课/指导"),
                            ("leader", "带队"),
                            ("member", "访问成员"),
                            ("intern", "实习生"),
                        ],
                        max_length=20,
                        verbose_name="角色",
                    ),
                ),
                ("headcount", models.BigIntegerField(verbose_name="人数")),
                ("day_hundredths", models.BigIntegerField(verbose_name="人数×天数×100")),
                ("hour_hundredths", models.BigIntegerField(verbose_name="人数×课时数×100")),
                ("row_count", models.BigIntegerField(verbose_name="参与记录数")),
                (
                    "school",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="core.school",
                    ),
                ),
            ],
            options={
                "verbose_name": "参与记录月度统计",
                "verbose_name_plural": "参与记录月度统计",
                "indexes": [
                    models.Index(fields=["school", "month"], name="participationtally_month_idx")
                ],
            },
        ),
        migrations.CreateModel(
            name="StaleMonth",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("month", models.DateField(verbose_name="月份")),
                ("xact", models.BigIntegerField(editable=False, null=True)),
                (
                    "school",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="core.school",
                    ),
                ),
            ],
            options={
                "verbose_name": "待重新统计的月份",
                "verbose_name_plural": "待重新统计的月份",
                "indexes": [
                    models.Index(
                        fields=["school", "month", "xact"], name="stalemonth_school_month_idx"
                    )
                ],
            },
        ),
        migrations.RunPython(create_triggers, drop_triggers, elidable=False),
    ]
