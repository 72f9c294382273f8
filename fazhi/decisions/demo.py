"""Demo records: each township's yearly catalogues and decisions at every step of the procedure,
including ones blocked at the discussion gate and ones with an obligation already late."""

import datetime as dt

from simple_history.utils import bulk_create_with_history

from fazhi.decisions import rules
from fazhi.decisions.models import Decision, DecisionCatalogue
from fazhi.workdays.deadlines import add

D = dt.timedelta

TITLES = [
    ("农村人居环境整治三年行动方案", "policy", False, False),
    ("集镇农贸市场改造提升项目", "project", True, True),
    ("镇区公共停车位收费管理办法", "policy", False, True),
    ("镇级国土空间总体规划", "plan", True, False),
    ("山洪地质灾害避险搬迁安置方案", "project", True, True),
    ("饮用水水源保护区划定及整治方案", "resource", True, False),
    ("老旧小区改造实施方案", "project", False, True),
    ("乡村振兴产业发展扶持办法", "policy", False, False),
    ("农村生活垃圾分类及处理收费办法", "policy", False, True),
    ("集镇供水管网改造工程", "project", True, False),
    ("殡葬改革实施方案", "other", False, True),
    ("农村集体经营性建设用地入市方案", "resource", True, True),
]
# Where each demo decision stands; "blocked_*" ones sit at a step whose next step is refused.
TARGETS = [
    "evaluated",
    "archived",
    "published",
    "reported",
    "discussion",
    "blocked_review",  # at 合法性审查: review shorter than 7 working days, no adviser opinion
    "blocked_expert",  # at 合法性审查: technical, no expert argument
    "review",
    "risk",
    "comment_late",  # comment period over, feedback not written: late on the to-do list
    "hearing",  # hearing soon, materials not sent yet
    "comment",
    "listed",
    "draft",
    "dropped",
]


def _fill(d: Decision, target: str, start: dt.date, fake) -> None:
    """Fills the fields of every step up to `target`, with dates in order from `start`."""
    order = ["listed", "comment", "hearing", "expert", "risk", "review", "discussion"]
    order += ["reported", "published", "archived", "evaluated"]
    stop = {"blocked_review": "review", "blocked_expert": "review", "comment_late": "comment"}.get(
        target, target
    )
    if stop == "dropped":
        d.step, d.dropped_reason = "dropped", "上级政策调整，该事项不再作为本年度重大行政决策事项"
        return
    d.step = stop
    if stop == "draft":
        return
    reached = order[: order.index(stop) + 1]
    if "comment" in reached:
        d.comment_from = start + D(days=7)
        d.comment_to = rules.comment_min_end(d) + D(days=fake.between(0, 3))
        if target != "comment_late" and stop != "comment":
            d.comments_received = fake.between(3, 40)
            d.comments_adopted = fake.between(0, d.comments_received)
            d.comment_feedback = "意见已逐条研究，采纳情况已在政府网站反馈"
    after = (d.comment_to or start + D(days=7)) + D(days=3)
    if stop == "hearing":
        d.hearing_on = after + D(days=12)
    if d.is_technical and "expert" in reached and target != "blocked_expert":
        d.expert_on, d.experts = after, f"{fake.name()}、{fake.name()}、{fake.name()}"
        d.expert_opinion = "方案技术上可行，建议细化实施步骤"
    if d.has_risk and "risk" in reached:
        d.risk_report_on, d.risk_controllable = after + D(days=2), True
        d.risk_summary = "主要风险为群众对补偿标准的异议，已制定沟通和应急处置预案，风险可控"
    if "review" in reached:
        d.review_submitted_on = after + D(days=5)
        if target == "blocked_review":
            d.review_completed_on = d.review_submitted_on + D(days=3)
            d.review_result, d.review_opinion = "lawful", "主体适格，程序基本完备，内容未发现违法"
        elif stop != "review" or target == "blocked_expert":
            d.review_completed_on = add(d.review_submitted_on, 10).date
            d.review_result, d.review_opinion = (
                "lawful",
                "决策主体、权限、程序合法，内容符合法律法规和国家政策",
            )
            d.adviser, d.adviser_opinion = f"{fake.name()}律师", "同意审查意见"
    if "discussion" in reached:
        d.discussed_on = d.review_completed_on + D(days=4)
        d.meeting, d.outcome = "党政联席会议", "adopted"
        d.minutes = "会议听取承办单位汇报，经讨论同意该决策草案，主要负责人最后发表意见"
        d.dissent = "有委员建议分步实施" if fake.chance(0.5) else ""
    if "reported" in reached:
        d.party_reported_on = d.discussed_on + D(days=3)
    if "published" in reached:
        d.published_on, d.publish_channel = d.party_reported_on + D(days=5), "政府网站"
    if "archived" in reached:
        d.archived_on = d.published_on + D(days=20)
        d.archive_ref = f"JC-{d.published_on.year}-{fake.between(1, 99):02d}"
    if "evaluated" in reached:
        d.evaluated_on, d.evaluator = d.published_on + D(days=60), "县社会科学研究院"
        d.evaluation = "实施效果总体达到预期，建议扩大覆盖范围"


# How far back a decision at each step started: those further along started earlier.
AGE = {
    "evaluated": 300,
    "archived": 240,
    "published": 180,
    "reported": 110,
    "discussion": 100,
    "blocked_review": 75,
    "blocked_expert": 80,
    "review": 52,
    "risk": 45,
    "comment_late": 50,
    "hearing": 42,
    "comment": 15,
    "listed": 5,
    "draft": 2,
    "dropped": 60,
}


def seed(ctx) -> None:
    fake = ctx.fake
    today = ctx.today
    for i, t in enumerate(ctx.townships):
        catalogues = {}
        for year in ctx.years:
            agreed = dt.date(year, 1, 20) + D(days=fake.between(0, 20))
            current = year == today.year
            # One township's catalogue of this year still awaits the Party committee.
            pending = current and (i == len(ctx.townships) - 1 or agreed > today)
            catalogues[year] = DecisionCatalogue.objects.create(
                org=t.org,
                year=year,
                title=f"{t.org.name}{year}年度重大行政决策事项目录",
                items=fake.between(5, 9),
                party_agreed_on=None if pending else agreed,
                published_on=None if pending else agreed + D(days=3),
                channel="" if pending else "镇政府网站、政务公开栏",
                created_by=t.clerk,
                updated_by=t.clerk,
            )
        decisions = []
        # The first township shows every step; the others a share of them, and each township
        # took a different number of decisions through the whole procedure last year.
        plan = [(target, today - D(days=AGE[target] + fake.between(0, 6))) for target in TARGETS]
        if i:
            plan = [p for p in plan if fake.chance(0.7)]
        last_year = ctx.years[0]
        for _ in range(t.n(fake.between(1, 3), last_year)):
            start = fake.date_in(last_year, until=dt.date(last_year, 6, 30))
            plan.append((fake.pick(["archived", "archived", "evaluated", "published"]), start))
        for n, (target, start) in enumerate(plan):
            title, category, technical, risk = TITLES[(n + i * 5) % len(TITLES)]
            cat = catalogues.get(start.year) or catalogues[ctx.years[-1]]
            if not (cat.party_agreed_on and cat.published_on):
                cat = catalogues[ctx.years[0]]
            d = Decision(
                org=t.org,
                title=f"{t.org.name}{title}",
                category=category,
                started_on=start,
                lead_unit=fake.pick(
                    ["党政办公室", "自然资源所", "社会事务办", "农业服务中心", "综合行政执法大队"]
                ),
                summary=f"拟定{title}，明确目标任务、实施步骤和保障措施",
                is_technical=technical or target == "blocked_expert",
                has_risk=risk or target == "risk",
                created_by=t.clerk,
                updated_by=t.clerk,
            )
            if target != "draft":
                d.catalogue = cat
            _fill(d, target, start, fake)
            decisions.append(d)
        bulk_create_with_history(decisions, Decision, default_user=t.clerk)
