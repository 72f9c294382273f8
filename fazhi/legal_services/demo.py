"""Demo records of legal services: one adviser per township covering most villages, the
adviser's services, consultations, 援法议事 and service points."""

import datetime as dt
from decimal import Decimal

from simple_history.utils import bulk_create_with_history

from fazhi.legal_services.models import (
    AdviserAssignment,
    AdviserService,
    Consultation,
    Deliberation,
    LegalAdviser,
    ServicePoint,
)

FIRMS = ["示范县明理律师事务所", "示范县正衡律师事务所", "示范县城关法律服务所", "示范县公信律师事务所"]
SERVICES = {
    "review": ["审查村集体土地流转合同", "审查镇政府采购合同", "审查村规民约修订稿", "审查项目建设协议"],
    "consultation": ["解答村民土地承包经营权咨询", "解答务工人员工资拖欠咨询", "解答赡养纠纷咨询"],
    "mediation": ["参与调解邻里宅基地纠纷", "参与调解婚姻家庭纠纷", "参与调解劳务合同纠纷"],
    "lecture": ["开展民法典专题讲座", "开展防范电信诈骗法治讲座", "为村两委开展依法治村讲座"],
    "decision": ["参与镇重大行政决策合法性论证", "对征地补偿方案提出法律意见"],
    "other": ["协助村委会处理信访事项"],
}
KIND_WEIGHTS = [
    ("review", 4),
    ("consultation", 5),
    ("mediation", 3),
    ("lecture", 2),
    ("decision", 1),
    ("other", 1),
]
TOPICS = [
    "土地承包经营权流转",
    "宅基地使用权",
    "婚姻继承",
    "劳动报酬",
    "交通事故赔偿",
    "赡养扶养",
    "民间借贷",
    "房屋租赁",
    "消费维权",
    "工伤认定",
]
DELIBERATIONS = [
    ("修订村规民约", "修订稿经村民代表会议表决通过"),
    ("集体经济收益分配方案", "方案经讨论修改后公示"),
    ("村道硬化占地补偿", "达成一致意见，签订补偿协议"),
    ("闲置村小学资产处置", "暂缓决定，待补充评估材料"),
    ("农村人居环境整治积分管理办法", "办法经表决通过"),
    ("集体林地承包方案", "方案经讨论通过并报镇备案"),
]
ANSWERERS = ["司法所工作人员", "法律顾问", "人民调解员"]


def seed(ctx) -> None:
    fake = ctx.fake
    last, current = ctx.years[0], ctx.years[-1]
    for t in ctx.townships:
        kw = {"org": t.org, "created_by": t.clerk, "updated_by": t.clerk}
        adviser = LegalAdviser(
            name=fake.name(),
            firm=fake.pick(FIRMS),
            phone=fake.phone(),
            contract_start=dt.date(last, 1, 1),
            contract_end=dt.date(current, 12, 31),
            fee=Decimal(fake.pick(["30000", "36000", "40000"])),
            notes="两年一聘，负责镇政府和各村（社区）法律顾问服务",
            **kw,
        )
        bulk_create_with_history([adviser], LegalAdviser, default_user=t.clerk)
        adviser = LegalAdviser.objects.get(org=t.org)
        covered = t.villages[: max(1, len(t.villages) - fake.between(0, 1))]
        bulk_create_with_history(
            [AdviserAssignment(adviser=adviser, village=v, since=dt.date(last, 1, 1), **kw) for v in covered],
            AdviserAssignment,
            default_user=t.clerk,
        )
        for year in ctx.years:
            services = []
            for d in ctx.dates(year, t.n(fake.between(20, 40), year)):
                kind = fake.weighted(KIND_WEIGHTS)
                services.append(
                    AdviserService(
                        adviser=adviser,
                        served_on=d,
                        kind=kind,
                        village=fake.pick(covered) if kind != "decision" and fake.chance(0.7) else None,
                        summary=fake.pick(SERVICES[kind]),
                        hours=Decimal(fake.pick(["1.0", "1.5", "2.0", "3.0"])),
                        **kw,
                    )
                )
            bulk_create_with_history(services, AdviserService, default_user=t.clerk)
            consultations = [
                Consultation(
                    consulted_on=d,
                    channel=fake.pick(["visit", "visit", "phone", "online", "event"]),
                    village=fake.pick(t.villages) if fake.chance(0.8) else None,
                    person=fake.name()[0] + fake.pick(["先生", "女士"]),
                    topic=f"{fake.pick(TOPICS)}问题",
                    answer="已告知相关法律规定和维权途径",
                    answered_by=fake.pick(ANSWERERS),
                    **kw,
                )
                for d in ctx.dates(year, t.n(fake.between(25, 50), year))
            ]
            bulk_create_with_history(consultations, Consultation, default_user=t.clerk)
            deliberations = []
            for d in ctx.dates(year, t.n(fake.between(4, 9), year)):
                topic, outcome = fake.pick(DELIBERATIONS)
                present = fake.chance(0.75)
                deliberations.append(
                    Deliberation(
                        held_on=d,
                        village=fake.pick(t.villages),
                        topic=topic,
                        participants=fake.between(15, 45),
                        adviser_present=present,
                        adviser=adviser if present else None,
                        outcome=outcome,
                        **kw,
                    )
                )
            bulk_create_with_history(deliberations, Deliberation, default_user=t.clerk)
        points = [
            ServicePoint(
                name=f"{t.org.name}公共法律服务工作站",
                kind="station",
                opened_on=dt.date(last - fake.between(2, 5), fake.between(1, 12), 1),
                hours="工作日 8:30—17:30",
                **kw,
            )
        ]
        points += [
            ServicePoint(
                name=f"{v.name}法律之家",
                kind="law_home",
                village=v,
                opened_on=dt.date(last - fake.between(0, 3), fake.between(1, 12), 1),
                hours=f"每周{fake.pick('一二三四五')}上午",
                **kw,
            )
            for v in fake.rng.sample(t.villages, min(len(t.villages), fake.between(2, 4)))
        ]
        bulk_create_with_history(points, ServicePoint, default_user=t.clerk)
