"""Demo reconsideration and court cases at every step: answers due and late, hearings waiting for
the attendance record, lost cases waiting for correction, closed and corrected ones."""

import datetime as dt

from simple_history.utils import bulk_create_with_history

from fazhi.litigation import rules
from fazhi.litigation.models import Case

ACTS = [
    ("penalty", "对申请人违法搭建行为作出的罚款决定"),
    ("coercion", "强制拆除申请人在河道管理范围内搭建的棚房"),
    ("expropriation", "集体土地征收补偿安置方案中对申请人房屋面积的认定"),
    ("land", "关于两村山林权属争议的处理决定"),
    ("inaction", "未答复申请人要求查处邻居违法建房的申请"),
    ("disclosure", "对申请人政府信息公开申请作出的答复"),
    ("agreement", "解除与申请人签订的土地流转补偿协议"),
]
RESULTS = ["upheld"] * 7 + ["rejected"] * 4 + ["withdrawn"] * 3 + ["settled"] * 2 + ["revoked"]
# (days before today received, kind, step) — the fixed scenarios every township shows.
SCENARIOS = [
    (3, "reconsideration", "received"),  # answer due within days
    (25, "reconsideration", "received"),  # answer late: the act would be treated as unsupported
    (6, "litigation", "received"),
    (20, "litigation", "answered"),  # hearing ahead
    (60, "reconsideration", "answered"),  # hearing passed, attendance not recorded: blocked
    (70, "litigation", "hearing"),
    (120, "litigation", "closed-lost"),  # correction late
    (60, "reconsideration", "closed-lost"),  # correction due
    (200, "reconsideration", "corrected"),
]


def _case(fake, ctx, t, n, received, kind, step) -> Case:
    act_kind, act = fake.pick(ACTS)
    year = received.year
    c = Case(
        org=t.org,
        number=(f"某县府复〔{year}〕{n}号" if kind == "reconsideration" else f"（{year}）某0102行初{n}号"),
        kind=kind,
        trial_level="first" if kind == "litigation" else "",
        received_on=received,
        organ="某县人民政府" if kind == "reconsideration" else "某县人民法院",
        claimant=fake.name(),
        act=act,
        act_kind=act_kind,
        department=fake.pick(["综合行政执法队", "党政办", "自然资源所", "社会事务办"]),
        step=step,
        created_by=t.clerk,
        updated_by=t.clerk,
    )
    if step == "received":
        return c
    due = rules.answer_due(c).date
    c.answered_on = (
        min(due - dt.timedelta(days=fake.between(0, 3)), ctx.today)
        if fake.chance(0.9)
        else due + dt.timedelta(days=2)
    )
    c.answered_on = max(c.answered_on, received)
    c.materials_submitted = True
    c.answer_summary = "被申请（被诉）行政行为认定事实清楚，证据确凿，适用依据正确，程序合法"
    c.hearing_on = received + dt.timedelta(days=fake.between(30, 50))
    if step == "answered":
        return c
    c.hearing_on = min(c.hearing_on, ctx.today)
    if fake.chance(0.8):
        c.attended_by = t.leader.full_name if fake.chance(0.4) else fake.name()
        c.attended_role = fake.pick(["head", "deputy", "deputy", "in_charge"])
    else:
        c.absence_reason = "负责人参加县委全会，已出具加盖公章的书面说明"
        c.staff_attended = fake.name()
    c.lawyers = f"{fake.name()}（法律顾问）" if fake.chance(0.7) else ""
    if step == "hearing":
        return c
    c.closed_on = min(c.hearing_on + dt.timedelta(days=fake.between(10, 40)), ctx.today)
    # Most acts are upheld or the claim withdrawn; a lost case is a small share.
    c.result = fake.pick(RESULTS) if step == "closed" else fake.pick(["revoked", "unlawful", "changed"])
    c.result_note = "见复议决定书（判决书）"
    if c.result in rules.LOST and fake.chance(0.5):
        c.advice = "建议规范执法程序，严格履行告知义务"
        c.advice_received_on = c.closed_on
    if step == "corrected":
        c.corrected_on = min(c.closed_on + dt.timedelta(days=fake.between(10, 50)), ctx.today)
        c.correction = "重新作出行政行为，对承办人员开展执法程序培训"
        if c.advice:
            c.advice_replied_on, c.advice_reply = c.corrected_on, "已书面回复整改情况"
    return c


def seed(ctx) -> None:
    fake = ctx.fake
    behind = min(t.diligence for t in ctx.townships)
    for t in ctx.townships:
        cases = []
        n = 1
        for year in ctx.years:
            for received in ctx.dates(year, t.n(fake.between(3, 6), year)):
                if (ctx.today - received).days < 120:
                    continue
                kind = fake.pick(["reconsideration", "reconsideration", "litigation"])
                step = fake.weighted([("closed", 19), ("corrected", 1)])
                c = _case(fake, ctx, t, n, received, kind, step)
                if c.step == "corrected" and c.result not in rules.LOST and not c.advice:
                    c.step = "closed"
                cases.append(c)
                n += 1
        lost_shown = False
        for back, kind, step in SCENARIOS:
            lost = step == "closed-lost"
            if (lost or step == "corrected") and (lost_shown or t.diligence > behind):
                continue  # a lost case is rare: one, in the township that is behind
            lost_shown = lost_shown or lost or step == "corrected"
            c = _case(
                fake, ctx, t, n, ctx.today - dt.timedelta(days=back), kind, "corrected" if lost else step
            )
            if lost:
                c.step, c.corrected_on, c.correction = "closed", None, ""
                c.advice_replied_on, c.advice_reply = None, ""
            cases.append(c)
            n += 1
        bulk_create_with_history(cases, Case, default_user=t.clerk)
