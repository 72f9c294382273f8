"""Demo records for administrative enforcement: officers (one certificate about to expire, one
expired, one holder without cases), the list of matters, trainings, exams, case-file reviews,
supervision findings, and cases at every step of the procedure, some late and some blocked."""

import datetime as dt
import random
from decimal import Decimal

from simple_history.utils import bulk_create_with_history

from fazhi.enforcement import rules
from fazhi.enforcement.models import Case, CaseReview, Exam, Finding, Matter, Officer, Training
from fazhi.lib.fake import Fake
from fazhi.orgs.models import Department

MATTERS = [
    ("对在城市道路两侧擅自堆放物料的处罚", "penalty", "《城市市容和环境卫生管理条例》第三十六条", True),
    ("对未经批准擅自建设临时建筑的处罚", "penalty", "《城乡规划法》第六十六条", True),
    ("对违法占用耕地建房的处罚", "penalty", "《土地管理法》第七十八条", True),
    ("对露天焚烧秸秆的处罚", "penalty", "《大气污染防治法》第一百一十九条", True),
    ("对乡村建设规划许可的监督检查", "inspection", "《城乡规划法》第五十三条", False),
    ("查封、扣押违法建设施工工具", "coercion", "《行政强制法》第九条；《城乡规划法》第六十八条", True),
    ("对违反森林防火规定野外用火的处罚", "penalty", "《森林防火条例》第五十条", True),
    ("对生产经营单位安全生产的监督检查", "inspection", "《安全生产法》第六十五条", False),
]
CAUSES = {
    "penalty": ["擅自在道路两侧堆放建材", "未经批准搭建临时建筑", "露天焚烧秸秆", "违法占用耕地建房"],
    "coercion": ["违法建设拒不停止施工，扣押施工工具", "查封违法建设施工现场"],
    "inspection": ["乡村建设规划许可执行情况检查", "小微企业安全生产检查"],
}
ORDER = [
    "registered",
    "filed",
    "notified",
    "heard",
    "reviewed",
    "decided",
    "served",
    "published",
    "changed",
    "withdrawn",
    "archived",
]


def _workdays_after(day: dt.date, n: int) -> dt.date:
    return rules.add(day, n, working=True).date


def _case(
    t,
    fake,
    officers,
    matters,
    n,
    *,
    target,
    start,
    kind="penalty",
    major=False,
    hearing=False,
    waive=False,
    **extra,
):
    """A case taken to `target` with every field its steps need, dates counted from `start`."""
    c = Case(
        org=t.org,
        number=f"{t.org.name[:2]}综执{'罚强检'[['penalty', 'coercion', 'inspection'].index(kind)]}〔{start.year}〕{n}号",
        kind=kind,
        matter=fake.pick([m for m in matters if m.kind == kind] or matters),
        cause=fake.pick(CAUSES[kind]),
        registered_on=start,
        party_kind="person",
        party_name=fake.name(),
        party_id_number=fake.id_number(),
        party_phone=fake.phone(),
        is_major=major,
        av_required=kind == "coercion",
        av_recorded=kind == "coercion",
        # The demo's coercion cases seize tools and seal sites: measures, not enforcement.
        coercion_route="measure" if kind == "coercion" else "",
        step=target,
        created_by=t.clerk,
        updated_by=t.clerk,
    )
    reached = set(ORDER[: ORDER.index(target) + 1])
    if target == "archived":
        reached -= {"changed", "withdrawn"}
    if "filed" in reached:
        c.filed_on = start + dt.timedelta(days=1)
        c.officer_1, c.officer_2 = officers[0], officers[1]
    day = c.filed_on
    if "notified" in reached or (kind == "penalty" and "decided" in reached):
        c.notice_on = day = c.filed_on + dt.timedelta(days=20)
        c.hearing_requested = hearing
    if "heard" in reached and (hearing or target == "heard"):
        c.hearing_notice_on = day + dt.timedelta(days=3)
        c.hearing_held_on = day = _workdays_after(c.hearing_notice_on, 8)
    if target == "reviewed" or (major and "decided" in reached):
        c.legal_review_on = day = day + dt.timedelta(days=3)
        c.legal_reviewer = "司法所 " + fake.name()
        c.legal_review_result = "agree"
    if "decided" in reached:
        c.decision_on = day = day + dt.timedelta(days=6)
        if kind == "penalty" and not c.hearing_requested:
            # 行政处罚法第六十四条: no decision while the party may still ask for a hearing, unless
            # the party waived it in writing (recorded at the notice step).
            earliest = max(rules.hearing_request_end(c).date, rules.statement_end(c).date) + dt.timedelta(
                days=1
            )
            if c.decision_on < earliest:
                if waive:
                    c.rights_waived_on = c.notice_on + dt.timedelta(days=1)
                else:
                    c.decision_on = day = earliest
        c.decision_result = {"penalty": "penalty", "coercion": "coercion", "inspection": "inspection"}[kind]
        c.decision_number = c.number.replace("〕", "〕决")
        if kind == "penalty":
            c.fine = Decimal(fake.pick([200, 500, 1000, 2000, 5000, 20000]))
    if "served" in reached:
        c.served_on = _workdays_after(c.decision_on, 2)
        c.service_method = fake.pick(["直接送达", "留置送达", "邮寄送达"])
    if "published" in reached:
        c.published_on = _workdays_after(c.decision_on, 4)
        c.publication_channel = "政府网站"
    if "changed" in reached:
        c.changed_on = c.published_on + dt.timedelta(days=30)
        c.change_reason = "经行政复议变更罚款数额"
    if "withdrawn" in reached:
        c.withdrawn_on = _workdays_after(c.changed_on, 1)
        c.withdrawal_note = "原处罚决定经复议变更，撤回原公示并公示变更后的决定"
    if "archived" in reached:
        c.archived_on = (c.published_on or c.served_on or c.decision_on) + dt.timedelta(days=10)
        c.archive_number = f"WS{start.year}-{n:03d}"
    for name, value in extra.items():
        setattr(c, name, value)
    return c


def seed(ctx) -> None:
    fake, today = ctx.fake, ctx.today
    for t in ctx.townships:
        dept = Department.objects.filter(org=t.org, name="综合行政执法大队").first()
        officers = [
            Officer(
                org=t.org,
                name=fake.name(),
                department=dept,
                post="队长" if i == 0 else "执法队员",
                phone=fake.phone(),
                certificate_number=f"{t.org.code}{20210 + i:06d}",
                valid_from=dt.date(today.year - 3, 3, 1),
                valid_until=dt.date(today.year + 2, 2, 28),
                training_hours=fake.between(40, 72),
                created_by=t.reviewer,
                updated_by=t.reviewer,
            )
            for i in range(max(5, t.n(fake.between(5, 8))))
        ]
        # One certificate expires within the warning period, one has expired, one holder has no case.
        officers[3].valid_until = today + dt.timedelta(days=fake.between(5, 25))
        officers[4].valid_until = today - dt.timedelta(days=40)
        officers = bulk_create_with_history(officers, Officer, default_user=t.reviewer)
        matters = bulk_create_with_history(
            [
                Matter(
                    org=t.org,
                    code=f"XZ{i + 1:03d}",
                    name=name,
                    kind=kind,
                    legal_basis=basis,
                    handed_down=handed,
                    handover_document="省人民政府关于赋予乡镇部分县级行政执法权的决定" if handed else "",
                    department=dept,
                    published=i < 7,
                    published_on=dt.date(today.year - 1, 6, 30) if i < 7 else None,
                    created_by=t.clerk,
                    updated_by=t.clerk,
                )
                for i, (name, kind, basis, handed) in enumerate(MATTERS[: fake.between(5, len(MATTERS))])
            ],
            Matter,
            default_user=t.clerk,
        )
        for year in ctx.years:
            Training.objects.bulk_create(
                Training(
                    org=t.org,
                    held_on=d,
                    topic=fake.pick(
                        ["行政处罚法专题培训", "行政执法三项制度", "执法文书制作规范", "违法建设查处实务"]
                    ),
                    organiser=fake.pick(["县司法局", "镇司法所", "县综合行政执法局"]),
                    hours=Decimal(fake.pick([2, 4, 8])),
                    participants=fake.between(6, 20),
                    created_by=t.clerk,
                )
                for d in ctx.dates(year, t.n(3, year))
            )
            Exam.objects.create(
                org=t.org,
                held_on=ctx.dates(year, 1)[0],
                name=f"{year}年度行政执法人员法律知识考试",
                organiser="县司法局",
                expected=(expected := len(officers) + fake.between(0, 2)),
                sat=(sat := expected - fake.between(0, 1)),
                passed=sat - fake.between(0, 2) - (1 if t.lags(fake) else 0),
                created_by=t.clerk,
            )
            CaseReview.objects.create(
                org=t.org,
                reviewed_on=ctx.dates(year, 1)[0],
                organiser="县司法局",
                cases_reviewed=fake.between(6, 12),
                excellent=fake.between(1, 3),
                failed=fake.between(0, 1),
                score=Decimal(fake.between(82, 95)),
                problems="部分案卷缺少送达回证；个别案件裁量说明不充分",
                measures="补齐送达材料，落实裁量基准说明",
                created_by=t.clerk,
            )
        Finding.objects.create(
            org=t.org,
            found_on=today - dt.timedelta(days=60),
            source="县司法局执法监督检查",
            department=dept,
            problem="执法人员未按规定出示执法证件",
            rectify_by=today - dt.timedelta(days=10),
            created_by=t.clerk,
        )
        Finding.objects.create(
            org=t.org,
            found_on=today - dt.timedelta(days=120),
            source="案卷评查",
            department=dept,
            problem="处罚决定书未载明复议、诉讼途径",
            rectify_by=today - dt.timedelta(days=90),
            rectified_on=today - dt.timedelta(days=95),
            measures="修订文书模板并组织培训",
            created_by=t.clerk,
        )

        _seed_cases(t, fake, today, officers, matters)


def _seed_cases(t, fake, today, officers, matters) -> None:
    cases, n = [], 0

    def add_case(**kw):
        nonlocal n
        n += 1
        kw.setdefault("waive", fake.chance(0.35))
        cases.append(_case(t, fake, officers[:3], matters, n, **kw))

    # Finished cases of each year: how many, of which kind, how many major (each major decision
    # went through legal review, some through a hearing) differ from township to township.
    for year in sorted({today.year - 1, today.year}):
        latest = min(dt.date(year, 12, 31), today - dt.timedelta(days=75))
        if latest - dt.timedelta(days=60) < dt.date(year, 1, 1):
            t.major_enforcement[year] = 0
            continue
        count = t.n(fake.between(5, 9), year) if year < today.year else t.n(fake.between(2, 5), year)
        majors = t.major_enforcement[year] = min(t.major_enforcement.get(year, 0), count)
        for k in range(count):
            kind = fake.weighted([("penalty", 6), ("coercion", 1), ("inspection", 2)])
            major = k < majors
            if major and kind == "inspection":
                kind = "penalty"
            start = fake.date_in(year, until=latest - dt.timedelta(days=60))
            target = "archived" if start < today - dt.timedelta(days=120) else "published"
            add_case(target=target, start=start, kind=kind, major=major, hearing=major and fake.chance(0.5))
            if kind != "inspection" and t.lags(fake):
                # Published late: the behind township misses the 7 working days more often.
                c = cases[-1]
                c.published_on = _workdays_after(c.decision_on, fake.between(9, 15))
                if c.archived_on and c.archived_on < c.published_on:
                    c.archived_on = c.published_on + dt.timedelta(days=5)
    # A decision later changed on reconsideration, its publication withdrawn.
    if fake.chance(0.6):
        add_case(
            target="withdrawn", start=dt.date(today.year - 1, 5, 1) + dt.timedelta(days=fake.between(0, 90))
        )
    # Every open step, recent enough to be due rather than late.
    add_case(target="registered", start=today - dt.timedelta(days=2))
    add_case(target="filed", start=today - dt.timedelta(days=10))
    add_case(target="notified", start=today - dt.timedelta(days=25))
    add_case(target="heard", start=today - dt.timedelta(days=45), hearing=True)
    add_case(target="reviewed", start=today - dt.timedelta(days=35), major=True)
    add_case(target="decided", start=today - dt.timedelta(days=28), waive=True)
    add_case(target="served", start=today - dt.timedelta(days=36), waive=True)
    add_case(target="published", start=today - dt.timedelta(days=60))
    add_case(target="decided", start=today - dt.timedelta(days=40), kind="inspection")
    # Late: undecided beyond 90 days; decision neither served nor published; changed, not withdrawn.
    for _ in range(1 + sum(t.lags(fake) for _ in range(4))):
        add_case(target="notified", start=today - dt.timedelta(days=fake.between(105, 140)))
    for _ in range(sum(t.lags(fake) for _ in range(5))):
        add_case(target="decided", start=today - dt.timedelta(days=fake.between(55, 80)), waive=True)
    add_case(target="changed", start=today - dt.timedelta(days=100))
    # An extended case (行政处罚法第六十条): 90 days + 30 days with the reason recorded.
    add_case(
        target="filed",
        start=today - dt.timedelta(days=100),
        extended_days=30,
        extension_reason="案情复杂需鉴定，经负责人批准延长三十日",
    )
    # Blocked: a registered case with only one officer holding a valid certificate.
    add_case(target="registered", start=today - dt.timedelta(days=1))
    blocked = cases[-1]
    blocked.officer_1, blocked.officer_2 = officers[0], officers[4]
    # Blocked: a major case whose legal review asks for corrections cannot be decided.
    add_case(target="reviewed", start=today - dt.timedelta(days=30), major=True)
    cases[-1].legal_review_result = "correct"
    # Blocked: a penalty case with no prior notice yet.
    add_case(target="filed", start=today - dt.timedelta(days=15))
    # Enforcement after a written demand (催告): one taken through it, one still waiting.
    cases.extend(_demand_cases(t, officers, matters, today, n))
    for c in cases:
        unmet = rules.CASE_PROCEDURE.check_state(c)
        if unmet:
            raise AssertionError(f"demo case {c} at {c.step}: {unmet}")
    bulk_create_with_history(cases, Case, default_user=t.clerk)


# ------------------------------------------------------------------ 催告 (行政强制法第三十五条起)

# The cases below draw from a stream of their own (seeded by the township's code), never from the
# shared demo stream: the rest of the demo county stays exactly as it was before they existed.
DEMAND_SEED = 35_54
DEMAND_STATEMENT = (
    "当事人称建材系临时存放，请求延期清理。经现场复核，堆放物料已占用道路超过催告期限，"
    "当事人未提供正当理由，陈述申辩理由不成立，不予采纳"
)
# How each case went, step by step: its steps are checked one by one, not only as a final state.
DEMAND_PATHS = {
    "execution_done": ["registered", "filed", "demanded", "decided", "served", "published", "archived"],
    "demanded": ["registered", "filed", "demanded"],
}


def _demand_cases(t, officers, matters, today: dt.date, last_number: int) -> list[Case]:
    """A township's enforcement after a written demand: one case enforced by the township
    itself after the performance period it set had run and the party's statement had been
    reviewed (第三十五条至第三十七条), and one whose demand period is still running, so the wait
    is on the to-do list — for the court route (第五十四条) in some townships, the township's own
    enforcement in others."""
    rng = random.Random(f"{DEMAND_SEED}-{t.org.code}")
    fake = Fake(rng.randrange(10**9))
    matter = next((m for m in matters if m.kind == "penalty" and "堆放" in m.name), None)

    def base(n: int, start: dt.date, route: str, cause: str) -> Case:
        # A coercion case filed by two officers (the common builder), on the demand's own route.
        return _case(
            t,
            fake,
            officers,
            matters,
            n,
            target="filed",
            start=start,
            kind="coercion",
            matter=matter,
            cause=cause,
            coercion_route=route,
        )

    # Enforced: the demand gave ten days to clear the road; the party's statement was recorded
    # and reviewed; the decision came after the period ran, then service and publication.
    start = today - dt.timedelta(days=rng.randint(150, 260))
    done = base(
        last_number + 1,
        start,
        rules.ROUTE_EXECUTION,
        "逾期不清除道路两侧堆放的建材，经催告后强制清除",
    )
    done.demand_served_on = done.filed_on + dt.timedelta(days=rng.randint(2, 5))
    done.performance_due_on = done.demand_served_on + dt.timedelta(days=10)
    done.demand_statement_on = done.demand_served_on + dt.timedelta(days=rng.randint(1, 3))
    done.demand_statement_reply = DEMAND_STATEMENT
    done.decision_on = done.performance_due_on + dt.timedelta(days=rng.randint(1, 4))
    done.decision_result = rules.R_COERCION
    done.decision_number = done.number.replace("〕", "〕决")
    done.served_on = _workdays_after(done.decision_on, rng.randint(1, 3))
    done.service_method = "直接送达"
    done.published_on = _workdays_after(done.decision_on, rng.randint(4, 12))
    done.publication_channel = "政府网站"
    done.archived_on = done.published_on + dt.timedelta(days=rng.randint(10, 25))
    done.archive_number = f"WS{start.year}-{last_number + 1:03d}"
    done.step = "archived"
    done._demo_path = DEMAND_PATHS["execution_done"]

    # Waiting: the demand was served a few days ago and its period has not run yet.
    route = rules.ROUTE_COURT if rng.random() < 0.5 else rules.ROUTE_EXECUTION
    served = today - dt.timedelta(days=rng.randint(1, 4))
    if route == rules.ROUTE_COURT:
        cause = "逾期不缴纳罚款，已催告，拟申请人民法院强制执行"
    else:
        cause = "逾期不清除道路两侧堆放的建材，已催告履行"
    waiting = base(last_number + 2, served - dt.timedelta(days=rng.randint(20, 40)), route, cause)
    waiting.demand_served_on = served
    waiting.performance_due_on = served + dt.timedelta(days=10)
    waiting.step = "demanded"
    waiting._demo_path = DEMAND_PATHS["demanded"]
    for c in (done, waiting):
        _walk(c)
        rules.check_case(c)
    return [done, waiting]


def _walk(case: Case) -> None:
    """Every step of the case's path follows the one before it and its gate holds."""
    proc = rules.CASE_PROCEDURE
    for before, step in zip(case._demo_path, case._demo_path[1:], strict=False):
        unmet = []
        if step not in proc.transitions.get(before, []):
            unmet.append(f"{before} → {step}")
        offered = proc.by_code[step].offered
        if offered is not None and not offered(case):
            unmet.append(f"{step} not offered")
        gate = proc.by_code[step].gate
        unmet += gate(case) if gate else []
        if unmet:
            raise AssertionError(f"demo case {case} at {step}: {unmet}")
