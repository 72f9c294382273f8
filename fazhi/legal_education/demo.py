"""Demo records for the legal-education area: activities over two years and the standing rosters
(法律明白人, 联络员, 示范户, 阵地). A couple of villages fall short of three 法律明白人 on purpose, so
that the target indicator has something to show."""

import datetime as dt
from decimal import Decimal

from simple_history.utils import bulk_create_with_history

from fazhi.legal_education.models import Activity, CultureVenue, LegalLiterate, LiaisonOfficer, ModelHousehold

# (kind, weight, themes, organisers) written for the demo.
ACTIVITY_KINDS = [
    (
        "market_day",
        8,
        ["法治赶场：民法典与百姓生活", "法治赶场：防范电信网络诈骗", "法治赶场：农村土地承包政策解答"],
        ["司法所", "派出所", "市场监管所"],
    ),
    (
        "to_village",
        9,
        [
            "送法下村：婚姻家庭与赡养义务",
            "送法下村：宅基地管理政策宣讲",
            "送法下村：森林防火与野外用火",
            "送法下村：农民工工资支付保障",
        ],
        ["司法所", "自然资源所", "综合行政执法大队", "社会事务办"],
    ),
    (
        "school",
        4,
        ["法治进校园：预防校园欺凌", "法治进校园：青少年禁毒知识讲座", "法治副校长上法治课"],
        ["派出所", "司法所"],
    ),
    (
        "enterprise",
        2,
        ["法治进企业：劳动合同与工伤保险", "法治进企业：安全生产责任落实"],
        ["社会事务办", "综合行政执法大队"],
    ),
    ("community", 3, ["法治进社区：物业管理条例宣讲", "法治进社区：老年人防诈骗"], ["司法所", "派出所"]),
    ("other", 2, ["“法律明白人”以案释法座谈", "农村“法治夜校”开讲"], ["司法所"]),
]
# Theme days: (kind, month, day, themes, organisers).
THEME_DAYS = [
    ("consumer_day", 3, 15, ["3·15消费者权益日宣传", "放心消费 维权有道"], ["市场监管所"]),
    ("security_day", 4, 15, ["全民国家安全教育日宣传"], ["派出所", "党政办公室"]),
    ("anti_drug_day", 6, 26, ["6·26国际禁毒日集中宣传", "珍爱生命 远离毒品"], ["派出所", "社会事务办"]),
    (
        "constitution_week",
        12,
        2,
        ["宪法宣传周集中宣传", "弘扬宪法精神 建设法治乡村"],
        ["司法所", "党政办公室"],
    ),
    ("constitution_day", 12, 4, ["12·4国家宪法日宪法宣誓与宣讲"], ["司法所"]),
]
PLACES = ["场镇农贸市场", "村便民服务中心", "中心小学", "村文化广场", "社区活动室", "镇文化站"]
OCCUPATIONS = ["村干部", "网格员", "人民调解员", "村民小组长", "退休教师", "党员", "致富带头人", "乡村医生"]
LIAISON_UNITS = [
    ("司法所", "所长"),
    ("派出所", "副所长"),
    ("中心小学", "德育主任"),
    ("卫生院", "办公室主任"),
    ("市场监管所", "干事"),
    ("综合行政执法大队", "队员"),
    ("农业服务中心", "干事"),
    ("财政所", "会计"),
]
DEEDS = [
    "家庭成员常年学习法律知识，带头签订土地流转合同，帮助邻里调解纠纷",
    "户主担任村民小组长，依法办理宅基地审批，主动向村民宣讲法律政策",
    "子女在外务工遇欠薪，通过法律援助依法维权，事后在村里现身说法",
    "家风和睦，赡养老人，积极参与村规民约修订",
]
VENUES = [
    ("square", "法治文化广场", (600, 2500)),
    ("corridor", "法治文化长廊", (80, 300)),
    ("trail", "法治文化步道", (300, 1200)),
    ("library", "法治书屋", (20, 60)),
]


def _figures(fake, kind: str) -> dict:
    big = kind in ("market_day", "constitution_week", "constitution_day", "anti_drug_day")
    audience = fake.between(150, 800) if big else fake.between(30, 260)
    return {
        "audience": audience,
        "banners": fake.between(1, 6) if big else fake.between(0, 2),
        "brochures": audience * fake.between(1, 3) + fake.between(0, 50),
        "consultations": fake.between(audience // 20, audience // 6),
    }


def seed(ctx) -> None:
    fake = ctx.fake
    for t in ctx.townships:
        _rosters(ctx, t)
        for year in ctx.years:
            activities = []
            for d in ctx.dates(year, t.n(fake.between(20, 36), year)):
                kind, _, themes, organisers = fake.weighted([(item, item[1]) for item in ACTIVITY_KINDS])
                local = kind in ("to_village", "community", "market_day") or fake.chance(0.3)
                activities.append(
                    Activity(
                        org=t.org,
                        held_on=d,
                        theme=fake.pick(themes),
                        kind=kind,
                        village=fake.pick(t.villages) if local else None,
                        place=fake.pick(PLACES),
                        organiser=fake.pick(organisers),
                        created_by=t.clerk,
                        updated_by=t.clerk,
                        **_figures(fake, kind),
                    )
                )
            for kind, month, day, themes, organisers in THEME_DAYS:
                held = dt.date(year, month, day) + dt.timedelta(days=fake.between(-2, 2))
                if held > ctx.today:
                    continue
                activities.append(
                    Activity(
                        org=t.org,
                        held_on=held,
                        theme=fake.pick(themes),
                        kind=kind,
                        place=fake.pick(PLACES[:2]),
                        organiser=fake.pick(organisers),
                        notes="联合县级部门在场镇设点集中宣传" if fake.chance(0.5) else "",
                        created_by=t.clerk,
                        updated_by=t.clerk,
                        **_figures(fake, kind),
                    )
                )
            bulk_create_with_history(activities, Activity, default_user=t.clerk)


def _rosters(ctx, t) -> None:
    fake = ctx.fake
    literates = []
    short = set(fake.rng.sample(range(len(t.villages)), k=min(2, len(t.villages))))
    for i, v in enumerate(t.villages):
        count = fake.between(1, 2) if i in short else fake.between(3, 5)
        for _ in range(count):
            literates.append(
                LegalLiterate(
                    org=t.org,
                    name=fake.name(),
                    village=v,
                    gender="female" if fake.chance(0.35) else "male",
                    phone=fake.phone(),
                    id_number=fake.id_number(),
                    occupation=fake.pick(OCCUPATIONS),
                    appointed_on=dt.date(fake.between(2020, 2024), fake.between(1, 12), 1),
                    trained_hours=fake.between(4, 20),
                    created_by=t.reviewer,
                    updated_by=t.reviewer,
                )
            )
        # One who left: kept on the roster as not active, so it never counts towards the target.
        if fake.chance(0.25):
            literates.append(
                LegalLiterate(
                    org=t.org,
                    name=fake.name(),
                    village=v,
                    gender="male",
                    phone=fake.phone(),
                    occupation="外出务工",
                    appointed_on=dt.date(2020, 6, 1),
                    active=False,
                    notes="外出务工，已不在村",
                    created_by=t.reviewer,
                    updated_by=t.reviewer,
                )
            )
    bulk_create_with_history(literates, LegalLiterate, default_user=t.reviewer)
    bulk_create_with_history(
        [
            LiaisonOfficer(
                org=t.org,
                name=fake.name(),
                unit=f"{t.org.name}{unit}" if unit != "中心小学" else f"{t.org.name[:2]}中心小学",
                position=position,
                phone=fake.phone(),
                appointed_on=dt.date(fake.between(2021, 2024), 3, 1),
                created_by=t.clerk,
                updated_by=t.clerk,
            )
            for unit, position in LIAISON_UNITS[: fake.between(5, len(LIAISON_UNITS))]
        ],
        LiaisonOfficer,
        default_user=t.clerk,
    )
    households = []
    for v in t.villages:
        for _ in range(fake.between(1, 3)):
            households.append(
                ModelHousehold(
                    org=t.org,
                    head=fake.name(),
                    village=v,
                    members=fake.between(2, 6),
                    recognised_on=dt.date(fake.between(2019, ctx.today.year - 1), 12, fake.between(1, 28)),
                    level="county" if fake.chance(0.8) else fake.pick(["city", "province"]),
                    deeds=fake.pick(DEEDS),
                    created_by=t.clerk,
                    updated_by=t.clerk,
                )
            )
    bulk_create_with_history(households, ModelHousehold, default_user=t.clerk)
    venues = [
        CultureVenue(
            org=t.org,
            name=f"{t.org.name}法治文化广场",
            kind="square",
            built_on=dt.date(2019, 10, 1),
            area=Decimal(fake.between(1500, 3000)),
            created_by=t.clerk,
            updated_by=t.clerk,
        )
    ]
    for v in fake.rng.sample(t.villages, k=min(len(t.villages), fake.between(2, 4))):
        kind, label, (low, high) = fake.pick(VENUES[1:] if fake.chance(0.7) else VENUES)
        venues.append(
            CultureVenue(
                org=t.org,
                name=f"{v.name}{label}",
                kind=kind,
                village=v,
                built_on=dt.date(fake.between(2018, 2024), fake.between(1, 12), 1),
                area=Decimal(fake.between(low, high)),
                created_by=t.clerk,
                updated_by=t.clerk,
            )
        )
    bulk_create_with_history(venues, CultureVenue, default_user=t.clerk)
