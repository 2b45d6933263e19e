"""Seed 000 as records: 中山火炬职业技术学院, "3.4.1 2021年合作办学情况报告".

Every figure of the report is reproduced from participation rows: 570 人日 of online student
exchange, 657 人日 of teachers' online training with 澳门科技大学, 3126 人日 of internships for
"走出去" firms, and the 3125 人日 video audience kept as an estimate with its method. Where the
report gives a total but not its parts, the parts below are illustrative and add up to it.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

from hezuo.accounts.access import Access
from hezuo.accounts.models import DepartmentKind
from hezuo.accounts.services import department_create
from hezuo.activities.models import (
    ActivityType,
    Direction,
    Mode,
    OutcomeKind,
    OutcomeLevel,
    ParticipationRole,
    PersonCategory,
)
from hezuo.activities.services import ParticipationInput, activity_create, outcome_create
from hezuo.agreements.models import AgreementKind, AgreementStatus
from hezuo.agreements.services import agreement_create
from hezuo.assistance.models import Approximation, AssistanceItem, AssistanceKind
from hezuo.assistance.services import assistance_create, assistance_record_add
from hezuo.demo import torch_evidence
from hezuo.partners.models import PartnerStatus, PartnerType
from hezuo.partners.services import partner_create
from hezuo.programmes.models import ProgrammeForm, ProgrammeLevel, ProgrammeStatus
from hezuo.programmes.services import programme_create

SLUG = "zhongshan-torch"
SCHOOL = {
    "name": "中山火炬职业技术学院",
    "name_en": "Zhongshan Torch Polytechnic",
    "slug": SLUG,
    "code": "4144013710",
    "province": "44",
}
OFFICE = "国际交流与合作处"
LIAISON_DEPARTMENT = "包装学院"


def load(access: Access) -> None:
    departments = {
        name: department_create(access=access, name=name, kind=kind)
        for name, kind in [
            (OFFICE, DepartmentKind.FUNCTIONAL),
            ("包装学院", DepartmentKind.COLLEGE),
            ("财经商贸学院", DepartmentKind.COLLEGE),
            ("电子工程学院", DepartmentKind.COLLEGE),
            ("装备制造学院", DepartmentKind.COLLEGE),
        ]
    }
    office = departments[OFFICE]

    def partner(name: str, local: str, country: str, kind: PartnerType, **extra: object):  # type: ignore[no-untyped-def]
        return partner_create(
            access=access,
            name_zh=name,
            name_local=local,
            country_code=country,
            org_type=kind,
            **extra,  # type: ignore[arg-type]
        )

    sligo = partner(
        "爱尔兰斯莱戈理工学院",
        "Institute of Technology, Sligo",
        "IE",
        PartnerType.UNIVERSITY,
        status=PartnerStatus.INTENT,
    )
    agent = partner(
        "宏瑞国际教育",
        "",
        "CN",
        PartnerType.AGENT,
        notes="爱尔兰斯莱戈理工学院中国特别代表。",
    )
    nait = partner(
        "加拿大北方应用艺术与技术学院",
        "Northern Alberta Institute of Technology",
        "CA",
        PartnerType.UNIVERSITY,
    )
    chaoyang = partner(
        "台湾朝阳科技大学", "Chaoyang University of Technology", "TW", PartnerType.UNIVERSITY
    )
    lunghwa = partner(
        "龙华科技大学",
        "Lunghwa University of Science and Technology",
        "TW",
        PartnerType.UNIVERSITY,
    )
    must = partner(
        "澳门科技大学",
        "Macau University of Science and Technology",
        "MO",
        PartnerType.UNIVERSITY,
    )
    naric = partner(
        "英国国家学历学位评估认证中心（UK NARIC）",
        "UK NARIC",
        "GB",
        PartnerType.ACCREDITATION_BODY,
    )
    eal = partner("英国 EAL 认证中心", "EAL", "GB", PartnerType.ACCREDITATION_BODY)
    people_centre = partner("教育部中外人文交流中心", "", "CN", PartnerType.PUBLIC_BODY)
    robot_firm = partner("中山安信通机器人制造有限公司", "", "CN", PartnerType.ENTERPRISE)
    going_global = partner(
        "“走出去”企业境外实习基地（汇总）",
        "",
        "CN",
        PartnerType.GOING_GLOBAL_ENTERPRISE,
        notes="原报告只给出实习总量，未列企业名称；此处按汇总记录。",
    )

    # 一、合作办学
    sligo_programme = programme_create(
        access=access,
        name="中爱合作办学项目（产品设计专业）",
        form=ProgrammeForm.SINO_FOREIGN_PROGRAMME,
        partners=[sligo, agent],
        department=departments["包装学院"],
        major="产品设计",
        level=ProgrammeLevel.HIGHER_VOCATIONAL,
        status=ProgrammeStatus.PREPARING,
        started_year=2021,
        notes="2021年5月经与宏瑞国际教育多次交流探讨后达成初步合作意向，启动中外合作办学项目。",
    )
    nait_programme = programme_create(
        access=access,
        name="与加拿大北方应用艺术与技术学院合作举办应用电子技术专业专科教育项目",
        form=ProgrammeForm.SINO_FOREIGN_PROGRAMME,
        partners=[nait],
        department=departments["电子工程学院"],
        major="应用电子技术",
        level=ProgrammeLevel.HIGHER_VOCATIONAL,
        status=ProgrammeStatus.ENROLLING,
        is_filed_with_moe=True,
        notes="已获得中华人民共和国中外合作办学项目批准书；批准书编号待按原件补录。",
    )
    programme_create(
        access=access,
        name="与台湾朝阳科技大学合作办学",
        form=ProgrammeForm.HMT_COOPERATION,
        partners=[chaoyang],
        status=ProgrammeStatus.ENROLLING,
        notes="合作办学模式长期有效；因受疫情影响，2021年未派师生出境学习。",
    )
    programme_create(
        access=access,
        name="与龙华科技大学合作办学",
        form=ProgrammeForm.HMT_COOPERATION,
        partners=[lunghwa],
        status=ProgrammeStatus.ENROLLING,
    )
    programme_create(
        access=access,
        name="UK NARIC 国际专业标准评估认证（包装策划与设计、光电技术应用）",
        form=ProgrammeForm.CERTIFICATION,
        partners=[naric],
        status=ProgrammeStatus.APPLYING,
        started_year=2021,
    )
    eal_programme = programme_create(
        access=access,
        name="EAL 现代学徒制班",
        form=ProgrammeForm.CERTIFICATION,
        partners=[eal],
        status=ProgrammeStatus.ENROLLING,
        in_bay_area=True,  # seed 000 tells of it in 三、积极拓展粤港澳大湾区项目
    )
    programme_create(
        access=access,
        name="中外人文交流全媒体产教融合项目",
        form=ProgrammeForm.PEOPLE_TO_PEOPLE,
        partners=[people_centre],
        department=departments["财经商贸学院"],
        status=ProgrammeStatus.APPROVED,
        started_year=2021,
    )
    programme_create(
        access=access,
        name="天机机器人学院",
        form=ProgrammeForm.INDUSTRY_COLLEGE,
        partners=[robot_firm],
        department=departments["装备制造学院"],
        major="智能机电技术",
        status=ProgrammeStatus.PREPARING,
        started_year=2021,
        in_bay_area=True,
        notes="完成智能机电技术人才培养文案的制定，计划2022年9月正式招生，服务中山、澳门两地产业。",
    )

    intent = agreement_create(
        access=access,
        title="中爱合作办学项目合作意向",
        kind=AgreementKind.LETTER_OF_INTENT,
        partners=[sligo],
        status=AgreementStatus.DRAFT,
    )
    mou = agreement_create(
        access=access,
        title="长期学术合作关系备忘录",
        kind=AgreementKind.MOU,
        partners=[chaoyang],
        status=AgreementStatus.IN_FORCE,
        signed_on=dt.date(2019, 6, 18),
        valid_from=dt.date(2019, 6, 18),
    )
    lunghwa_agreement = agreement_create(
        access=access,
        title="龙华科技大学合作办学协议",
        kind=AgreementKind.COOPERATIVE_EDUCATION,
        partners=[lunghwa],
        status=AgreementStatus.IN_FORCE,
        signed_on=dt.date(2018, 11, 2),
        valid_from=dt.date(2018, 11, 2),
    )
    agreement_create(
        access=access,
        title="应用电子技术专业中外合作办学协议",
        kind=AgreementKind.COOPERATIVE_EDUCATION,
        partners=[nait],
        status=AgreementStatus.IN_FORCE,
        signed_on=dt.date(2017, 1, 20),
        valid_from=dt.date(2017, 2, 1),
        valid_until=dt.date(2027, 1, 31),
        department=departments["电子工程学院"],
    )

    # 二、线上线下积极开展国际交流合作
    visit = activity_create(
        access=access,
        title="爱尔兰斯莱戈理工学院中国特别代表刘旭到访学校",
        activity_type=ActivityType.VISIT_RECEPTION,
        direction=Direction.INBOUND,
        mode=Mode.OFFLINE,
        start_on=dt.date(2021, 5, 12),
        place="学校本部",
        partners=[sligo, agent],
        department=office,
        programme=sligo_programme,
    )
    video_meeting = activity_create(
        access=access,
        title="中爱合作办学项目视频会议",
        activity_type=ActivityType.ONLINE_MEETING,
        direction=Direction.BOTH,
        mode=Mode.ONLINE,
        start_on=dt.date(2021, 6, 9),
        country_code="IE",
        partners=[sligo],
        department=departments["包装学院"],
        programme=sligo_programme,
    )
    student = PersonCategory.STUDENT
    activity_create(
        access=access,
        title="台湾朝阳科技大学线上研习营",
        activity_type=ActivityType.STUDENT_EXCHANGE,
        direction=Direction.INBOUND,
        mode=Mode.ONLINE,
        start_on=dt.date(2021, 7, 12),
        end_on=dt.date(2021, 7, 23),
        country_code="TW",
        partners=[chaoyang],
        department=office,
        participations=[
            ParticipationInput(student, ParticipationRole.TRAINEE, 30, days=D("10")),
        ],
    )
    activity_create(
        access=access,
        title="龙华科技大学线上交流课程",
        activity_type=ActivityType.STUDENT_EXCHANGE,
        direction=Direction.INBOUND,
        mode=Mode.ONLINE,
        start_on=dt.date(2021, 10, 11),
        end_on=dt.date(2021, 11, 19),
        country_code="TW",
        partners=[lunghwa],
        department=office,
        participations=[
            ParticipationInput(
                student,
                ParticipationRole.TRAINEE,
                45,
                hours=D("48"),
                note="每人 48 课时，按每日 8 课时折算",
            ),
        ],
    )
    activity_create(
        access=access,
        title="UK NARIC 国际专业标准评估认证启动",
        activity_type=ActivityType.INTERNATIONAL_CERTIFICATION,
        direction=Direction.INBOUND,
        mode=Mode.HYBRID,
        start_on=dt.date(2021, 4, 1),
        country_code="GB",
        partners=[naric],
        department=departments["包装学院"],
        summary="包装策划与设计专业及光电技术应用专业启动 UK NARIC 国际专业标准评估认证。",
    )
    people_project = activity_create(
        access=access,
        title="中外人文交流产教融合项目申报",
        activity_type=ActivityType.PEOPLE_TO_PEOPLE_EXCHANGE,
        direction=Direction.BOTH,
        mode=Mode.OFFLINE,
        start_on=dt.date(2021, 9, 1),
        partners=[people_centre],
        department=departments["财经商贸学院"],
    )
    outcome_create(
        access=access,
        activity=people_project,
        kind=OutcomeKind.PROJECT_APPROVAL,
        title="“中外人文交流全媒体产教融合项目”获教育部中外人文交流中心立项",
        level=OutcomeLevel.NATIONAL,
        achieved_on=dt.date(2021, 12, 1),
    )
    broadcast = activity_create(
        access=access,
        title="外教 Paul 视频经新华社海外账号播出",
        activity_type=ActivityType.INTERNATIONAL_COMMUNICATION,
        direction=Direction.OUTBOUND,
        mode=Mode.ONLINE,
        start_on=dt.date(2021, 6, 14),
        department=office,
        summary=(
            "视频时长 47 分钟，内容包括老外打疫苗、在中山养育二娃、端午节扒龙舟、探秘深中通道等，"
            "经新华社 Facebook 和 YouTube 等账号播出。"
        ),
        is_estimate=True,
        method_note=(
            "海外互动量超 2.5 万，按 2.5 万人保守计算；47 分钟约为 1 课时，每日 8 课时："
            "25000 人 × 1 课时 ÷ 8 课时/天 = 3125 人日（国（境）外人员学习量，自定口径）。"
        ),
        participations=[
            ParticipationInput(
                PersonCategory.OVERSEAS_PERSON,
                ParticipationRole.TRAINEE,
                25000,
                hours=D("1"),
                note="海外互动人数（估算）",
            ),
        ],
    )
    outcome_create(
        access=access,
        activity=broadcast,
        kind=OutcomeKind.AUDIENCE_REACH,
        title="新华社 Facebook、YouTube 等账号播出，总覆盖人数超 151 万",
        quantity=D("1510000"),
        unit="人",
        level=OutcomeLevel.INTERNATIONAL,
        achieved_on=dt.date(2021, 6, 30),
    )

    # 三、积极拓展粤港澳大湾区项目
    activity_create(
        access=access,
        title="EAL 现代学徒制班课程教学",
        activity_type=ActivityType.PROGRAMME_OPERATION,
        direction=Direction.INBOUND,
        mode=Mode.OFFLINE,
        start_on=dt.date(2021, 9, 1),
        partners=[eal],
        programme=eal_programme,
        department=departments["装备制造学院"],
    )
    teacher = PersonCategory.FULL_TIME_TEACHER
    activity_create(
        access=access,
        title="42名专业教师赴澳门科技大学研习（线下，因疫情未能成行）",
        activity_type=ActivityType.TEACHER_TRAINING_RECEIVED,
        direction=Direction.OUTBOUND,
        mode=Mode.OFFLINE,
        start_on=dt.date(2021, 7, 5),
        country_code="MO",
        partners=[must],
        department=office,
        is_cancelled=True,
        participations=[ParticipationInput(teacher, ParticipationRole.TRAINEE, 42, days=D("15"))],
    )
    macau_training = activity_create(
        access=access,
        title="专业教师与澳门科技大学线上交流培训",
        activity_type=ActivityType.TEACHER_TRAINING_RECEIVED,
        direction=Direction.INBOUND,
        mode=Mode.ONLINE,
        start_on=dt.date(2021, 7, 5),
        end_on=dt.date(2021, 12, 17),
        country_code="MO",
        partners=[must],
        department=office,
        summary="原计划赴澳门科技大学研习，因疫情改为线上，共 42 名专业教师参加。",
        participations=[
            ParticipationInput(teacher, ParticipationRole.TRAINEE, 39, days=D("16")),
            ParticipationInput(
                teacher, ParticipationRole.TRAINEE, 3, days=D("11"), note="后期加入"
            ),
        ],
    )
    activity_create(
        access=access,
        title="在校生服务“走出去”企业国（境）外实习",
        activity_type=ActivityType.STUDENT_INTERNSHIP_ABROAD,
        direction=Direction.OUTBOUND,
        mode=Mode.OFFLINE,
        start_on=dt.date(2021, 1, 4),
        end_on=dt.date(2021, 12, 31),
        partners=[going_global],
        department=departments["装备制造学院"],
        in_bay_area=True,  # as seed 000 reports it
        participations=[
            ParticipationInput(student, ParticipationRole.INTERN, 17, days=D("180")),
            ParticipationInput(student, ParticipationRole.INTERN, 3, days=D("22")),
        ],
    )
    activity_create(
        access=access,
        title="第二十六届澳门国际贸易投资展览会及澳门校园招聘",
        activity_type=ActivityType.FAIR_RECRUITMENT_VOLUNTEERING,
        direction=Direction.OUTBOUND,
        mode=Mode.OFFLINE,
        start_on=dt.date(2021, 10, 20),
        end_on=dt.date(2021, 10, 23),
        country_code="MO",
        department=office,
    )
    activity_create(
        access=access,
        title="火炬开发区会展中心疫苗接种翻译志愿服务",
        activity_type=ActivityType.FAIR_RECRUITMENT_VOLUNTEERING,
        direction=Direction.OUTBOUND,
        mode=Mode.OFFLINE,
        start_on=dt.date(2021, 4, 10),
        country_code="CN",
        department=office,
        in_bay_area=True,
    )

    # 四、结对帮扶力度加大
    yangjiang = assistance_create(
        access=access,
        counterpart="阳江职业技术学院",
        kind=AssistanceKind.PROVINCIAL_PAIRING,
        start_on=dt.date(2019, 1, 1),
        notes="依据《广东省教育厅关于实施一流高职院校结对帮扶计划的通知》。",
    )
    for item, quantity, unit, approx, detail in [
        (
            AssistanceItem.SECONDED_CADRES,
            "2",
            "人",
            Approximation.EXACT,
            "挂任教学诊断与改进工作领导小组办公室主任（兼教务处副处长）、产学研结合工作领导小组办公室主任",
        ),
        (
            AssistanceItem.FUNDS,
            "117",
            "万元",
            Approximation.OVER,
            "环境污染防治技术及应用实训室、跨境电商实训室、风筝实训室和博物馆等项目",
        ),
        (AssistanceItem.TRAINING, "2300", "人", Approximation.NEARLY, "管理干部、骨干教师和学生"),
        (AssistanceItem.SHARED_JOBS, "1800", "个", Approximation.ABOUT, ""),
        (
            AssistanceItem.ONLINE_TRAINING,
            "2000",
            "人",
            Approximation.OVER,
            "“创新创业项目 PPT 制作与优化”在线培训",
        ),
        (AssistanceItem.COMPETITION_COACHING, "6", "队", Approximation.EXACT, ""),
        (AssistanceItem.COMPETITION_AWARD, "1", "项", Approximation.EXACT, "广东省赛银奖"),
        (AssistanceItem.COMPETITION_AWARD, "2", "项", Approximation.EXACT, "广东省赛铜奖"),
        (
            AssistanceItem.RESEARCH,
            "1",
            "项",
            Approximation.EXACT,
            "2021年广东省教育厅高校科研平台和项目",
        ),
    ]:
        assistance_record_add(
            access=access,
            assistance=yangjiang,
            year=2021,
            item=item,
            quantity=D(quantity),
            unit=unit,
            approximation=approx,
            detail=detail,
        )
    for counterpart, kind, title in [
        (
            "贵州省六盘水幼儿师范高等专科学校",
            AssistanceKind.EAST_WEST,
            "与贵州省六盘水幼儿师范高等专科学校结对帮扶协议",
        ),
        (
            "广东省茂名市化州市教育局",
            AssistanceKind.PROVINCIAL_PAIRING,
            "与广东省茂名市化州市教育局结对帮扶协议",
        ),
    ]:
        signed = agreement_create(
            access=access,
            title=title,
            kind=AgreementKind.ASSISTANCE,
            partners=[],
            status=AgreementStatus.SIGNED,
            signed_on=dt.date(2021, 12, 20),
        )
        assistance_create(
            access=access,
            counterpart=counterpart,
            kind=kind,
            start_on=dt.date(2021, 12, 20),
            agreement=signed,
        )

    torch_evidence.load(
        access,
        office=office,
        sligo_programme=sligo_programme,
        nait_programme=nait_programme,
        visit=visit,
        video_meeting=video_meeting,
        macau_training=macau_training,
        intent=intent,
        mou=mou,
        lunghwa_agreement=lunghwa_agreement,
    )
