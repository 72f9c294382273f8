"""Demo records for the mediation area: the network and two years of disputes."""

import datetime as dt
from decimal import Decimal

from simple_history.utils import bulk_create_with_history

from fazhi.mediation.models import Dispute, GridWorker, MediationOrg, Mediator, Screening
from fazhi.mediation.rules import add_months

KIND_WEIGHTS = [
    ("family", 18),
    ("neighbour", 25),
    ("damage", 10),
    ("labour", 8),
    ("land", 12),
    ("demolition", 3),
    ("forest_water", 6),
    ("contract", 6),
    ("property", 3),
    ("environment", 2),
    ("traffic", 4),
    ("other", 3),
]
SUMMARIES = {
    "family": "{a}与{b}因赡养老人费用分担发生争执",
    "neighbour": "{a}与{b}因宅基地边界及排水沟走向发生争执",
    "damage": "{a}饲养的家禽毁坏{b}承包地庄稼，双方就赔偿数额协商未果",
    "labour": "{a}在{b}承包的工地务工，工程结束后工资未结清",
    "land": "{a}与{b}就土地承包经营权流转期限和租金产生分歧",
    "demolition": "{a}对房屋征收补偿面积认定有异议，与项目方协商不成",
    "forest_water": "{a}与{b}因山林权属界线不清发生争议",
    "contract": "{a}向{b}购买农机具后发现质量问题，要求退货",
    "property": "{a}与物业公司就停车收费及漏水维修责任发生争执",
    "environment": "{a}反映{b}经营的养殖场异味影响居住",
    "traffic": "{a}驾驶电动车与{b}的三轮车相撞，双方就医疗费赔偿发生争议",
    "other": "{a}与{b}因借款归还期限发生争执",
}


def seed(ctx) -> None:
    fake = ctx.fake
    for t in ctx.townships:
        town = MediationOrg.objects.create(
            org=t.org,
            name=f"{t.org.name}人民调解委员会",
            kind="township",
            director=fake.name(),
            members=7,
            established_on=dt.date(2011, 3, 1),
        )
        orgs = [town]
        for v in t.villages:
            orgs.append(
                MediationOrg.objects.create(
                    org=t.org,
                    name=f"{v.name}人民调解委员会",
                    kind="village",
                    village=v,
                    director=fake.name(),
                    members=fake.between(3, 7),
                    established_on=dt.date(2012, 5, 1),
                )
            )
        orgs.append(
            MediationOrg.objects.create(
                org=t.org, name=f"{t.org.name}警调联动调解室", kind="police", director=fake.name(), members=3
            )
        )
        mediators = []
        for o in orgs:
            for i in range(fake.between(2, 4)):
                mediators.append(
                    Mediator(
                        org=t.org,
                        name=fake.name(),
                        organisation=o,
                        role="主任" if i == 0 else "调解员",
                        full_time=o.kind == "township" and i < 2,
                        phone=fake.phone(),
                        id_number=fake.id_number(),
                        appointed_on=dt.date(fake.between(2015, 2023), fake.between(1, 12), 1),
                        training_hours=fake.between(4, 24),
                        created_by=t.reviewer,
                        updated_by=t.reviewer,
                    )
                )
        mediators = bulk_create_with_history(mediators, Mediator, default_user=t.reviewer)
        GridWorker.objects.bulk_create(
            GridWorker(
                org=t.org,
                name=fake.name(),
                grid=g,
                full_time=fake.chance(0.4),
                phone=fake.phone(),
                started_on=dt.date(fake.between(2018, 2024), 3, 1),
                created_by=t.clerk,
                updated_by=t.clerk,
            )
            for g in t.grids
        )
        for year in ctx.years:
            screenings = [
                Screening(
                    org=t.org,
                    held_on=d,
                    village=fake.pick(t.villages),
                    scope=fake.pick(["全村", "重点人群", "第一网格", "在建工地周边"]),
                    found=fake.between(0, 3),
                    leader=fake.name(),
                    created_by=t.clerk,
                    updated_by=t.clerk,
                )
                for d in ctx.dates(year, t.n(fake.between(20, 36), year))
            ]
            bulk_create_with_history(screenings, Screening, default_user=t.clerk)
            disputes = []
            for n, d in enumerate(ctx.dates(year, t.n(fake.between(60, 110), year)), start=1):
                disputes.append(_dispute(fake, ctx, t, year, n, d, mediators))
            bulk_create_with_history(disputes, Dispute, default_user=t.clerk)


def _dispute(fake, ctx, t, year, n, registered, mediators) -> Dispute:
    kind = fake.weighted(KIND_WEIGHTS)
    a, b = fake.name(), fake.name()
    age = (ctx.today - registered).days
    if age < 10:
        status = fake.pick(["accepted", "mediating"])
    elif age < 45 and fake.chance(0.3):
        status = "mediating"
    else:
        status = fake.weighted([("succeeded", 88), ("failed", 8), ("terminated", 4)])
    amount = Decimal(fake.pick([0, 0, 500, 1200, 3000, 8000, 15000, 32000, 60000, 150000]))
    d = Dispute(
        org=t.org,
        number=f"（{year}）{t.org.name[:2]}调字第{n}号",
        registered_on=registered,
        source=fake.weighted(
            [
                ("screening", 30),
                ("application", 35),
                ("visit", 15),
                ("police", 10),
                ("court", 4),
                ("petition", 6),
            ],
        ),
        kind=kind,
        village=fake.pick(t.villages),
        applicant=a,
        respondent=b,
        applicant_id_number=fake.id_number() if fake.chance(0.7) else "",
        applicant_phone=fake.phone(),
        summary=SUMMARIES[kind].format(a=a, b=b),
        amount=amount,
        mediator=fake.pick(mediators),
        status=status,
        is_major=amount >= 60000 or kind == "demolition",
        prevented_crime=kind in ("neighbour", "family") and fake.chance(0.03),
        created_by=t.clerk,
        updated_by=t.clerk,
    )
    if status in ("succeeded", "failed", "terminated"):
        d.closed_on = min(registered + dt.timedelta(days=fake.between(1, 40)), ctx.today)
    if status == "succeeded":
        d.agreement = "written" if amount > 0 or fake.chance(0.5) else "oral"
        d.agreement_signed_sealed = d.agreement == "written"
        d.agreement_effective_on = d.closed_on
        d.performed = fake.chance(0.9)
        d.recovered = amount
        if d.agreement == "written" and amount >= 15000 and fake.chance(0.5):
            d.confirmation_applied_on = min(d.closed_on + dt.timedelta(days=fake.between(2, 20)), ctx.today)
    if status == "failed":
        d.referred_to = fake.pick(["引导诉讼", "申请劳动仲裁", "转交相关部门处理"])
    if status == "mediating" and add_months(registered, 1) < ctx.today:
        d.summary += "，双方分歧较大，仍在调解"
    return d
