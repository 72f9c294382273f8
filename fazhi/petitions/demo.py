"""Demo petitions at every step (late ones and ones waiting at a gate) and leaders' reception days."""

import datetime as dt

from simple_history.utils import bulk_create_with_history

from fazhi.petitions.models import Petition, ReceptionDay

SUBJECTS = {
    "land": "反映{v}土地征收补偿款分配不公，要求公开分配方案",
    "rural": "反映{v}高标准农田建设后灌溉渠堵塞，影响耕种",
    "labour": "反映在{v}附近工地务工的工资被拖欠三个月",
    "construction": "反映{v}村道硬化工程质量差，路面开裂",
    "environment": "反映{v}养殖场污水直排，影响饮用水",
    "civil": "申请将家庭纳入最低生活保障，认为评议不公",
    "law": "对本人与邻居宅基地纠纷的处理结果不服",
    "other": "建议在{v}增设公交停靠站",
}
RESULTS = ["support", "partial", "reject", "explain", "settled"]


def _step_for(age: int, fake) -> str:
    if age <= 3:
        return "registered"
    if age <= 12:
        return fake.pick(["registered", "notified", "notified"])
    if age <= 60:
        return fake.pick(["handling", "handling", "opinion", "closed", "closed"])
    if fake.chance(0.04):
        return "review"
    return "closed" if fake.chance(0.93) else "opinion"


def _petition(fake, ctx, t, year, n, received, step) -> Petition:
    category = fake.pick(list(SUBJECTS))
    village = fake.pick(t.villages)
    channel = fake.pick(["visit", "visit", "visit", "letter", "online", "online", "phone", "referred"])
    p = Petition(
        org=t.org,
        number=f"{t.org.name[:2]}信〔{year}〕{n}号",
        received_on=received,
        channel=channel,
        petitioner=fake.name(),
        petitioner_id_number=fake.id_number() if fake.chance(0.6) else "",
        petitioner_phone=fake.phone(),
        people=1 if fake.chance(0.9) else fake.between(2, 8),
        village=village,
        subject=SUBJECTS[category].format(v=village.name),
        nature="suggestion" if category == "other" else fake.pick(["claim", "claim", "claim", "accusation"]),
        category=category,
        leader_in_charge=fake.name() if fake.chance(0.3) else "",
        step=step,
        created_by=t.clerk,
        updated_by=t.clerk,
    )
    if step == "registered":
        return p
    # A few notices and conclusions are late, as in real ledgers.
    # A few notices and conclusions are late, more of them where the township is behind.
    late_share = 1 - t.diligence
    notice_days = fake.between(16, 20) if fake.chance(late_share * 0.2) else fake.between(0, 12)
    p.notified_on = min(received + dt.timedelta(days=notice_days), ctx.today)
    p.route = (
        "handle"
        if fake.chance(0.85) or step not in ("notified", "closed")
        else fake.pick(["transfer", "legal"])
    )
    if p.route != "handle":
        if step == "closed":
            p.closed_on = p.notified_on
            p.satisfaction = "unknown"
        return p
    if step == "notified":
        return p
    p.handler = fake.pick(["党政办", "农业农村办", "社会事务办", "综合行政执法队", "司法所", "自然资源所"])
    if fake.chance(0.08):
        p.extended_days = fake.pick([15, 20, 30])
        p.extension_reason = "涉及多个部门，需补充调查核实"
        p.extension_approved_by = t.leader.full_name
    if step == "handling":
        return p
    handling_days = fake.between(62, 75) if fake.chance(late_share * 0.35) else fake.between(10, 55)
    p.concluded_on = min(p.notified_on + dt.timedelta(days=handling_days), ctx.today)
    p.result = fake.pick(RESULTS)
    p.opinion = "经调查核实，依据有关法律法规和政策，提出处理意见并向信访人送达信访处理意见书"
    if p.result == "settled" and fake.chance(0.5):
        p.dispute_ref = f"（{year}）{t.org.name[:2]}调字第{fake.between(1, 90)}号"
    if step == "opinion":
        return p
    if step == "review" or (step == "closed" and fake.chance(0.05)):
        p.review_kind = "review"
        p.review_requested_on = min(p.concluded_on + dt.timedelta(days=fake.between(5, 28)), ctx.today)
        p.review_organ = "县人民政府信访工作机构"
        if step == "closed":
            p.review_concluded_on = min(
                p.review_requested_on + dt.timedelta(days=fake.between(10, 30)), ctx.today
            )
            p.review_result = "维持原处理意见"
    if step == "closed":
        p.closed_on = max(p.concluded_on, p.review_concluded_on or p.concluded_on)
        p.satisfaction = fake.pick(["satisfied", "satisfied", "basic", "dissatisfied", "unknown"])
    return p


def seed(ctx) -> None:
    fake = ctx.fake
    for t in ctx.townships:
        petitions = []
        for year in ctx.years:
            for n, received in enumerate(ctx.dates(year, t.n(fake.between(25, 40), year)), start=1):
                step = _step_for((ctx.today - received).days, fake)
                petitions.append(_petition(fake, ctx, t, year, n, received, step))
        # Obligations the to-do list must show: a notice overdue, a handling overdue, one extended.
        year = ctx.today.year
        petitions.append(_petition(fake, ctx, t, year, 900, ctx.today - dt.timedelta(days=24), "registered"))
        late = _petition(fake, ctx, t, year, 901, ctx.today - dt.timedelta(days=80), "handling")
        late.notified_on, late.extended_days, late.extension_reason, late.extension_approved_by = (
            late.received_on + dt.timedelta(days=3),
            0,
            "",
            "",
        )
        petitions.append(late)
        extended = _petition(fake, ctx, t, year, 902, ctx.today - dt.timedelta(days=70), "handling")
        extended.notified_on = extended.received_on + dt.timedelta(days=2)
        extended.extended_days, extended.extension_reason = 30, "涉及历史遗留问题，需调取档案并召开听证"
        extended.extension_approved_by = t.leader.full_name
        petitions.append(extended)
        # Waiting at a gate: a review requested, its result not yet recorded, so it cannot close.
        petitions.append(_petition(fake, ctx, t, year, 903, ctx.today - dt.timedelta(days=75), "review"))
        bulk_create_with_history(petitions, Petition, default_user=t.clerk)

        days = []
        for year in ctx.years:
            for held in ctx.dates(year, t.n(12, year)):
                batches = fake.between(0, 6)
                days.append(
                    ReceptionDay(
                        org=t.org,
                        held_on=held,
                        leader=fake.pick([t.leader.full_name, fake.name(), fake.name()]),
                        position=fake.pick(["党委书记", "镇长", "副镇长", "党委副书记"]),
                        place="镇综治中心群众接待室",
                        batches=batches,
                        visitors=batches + fake.between(0, 6) if batches else 0,
                        issues="土地承包、拖欠工资、低保评议、村道建设" if batches else "",
                        resolved=fake.between(0, batches),
                        follow_up="未当场解决的已交办责任办所限期答复" if batches else "",
                        created_by=t.clerk,
                        updated_by=t.clerk,
                    )
                )
        bulk_create_with_history(days, ReceptionDay, default_user=t.clerk)
