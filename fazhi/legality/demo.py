"""Demo records: legality reviews of every kind and state, normative documents at every step
(a filing already late, one blocked at deliberation by a too short review), and village rules
filed, reviewed and ordered corrected."""

import datetime as dt

from simple_history.utils import bulk_create_with_history

from fazhi.legality import rules
from fazhi.legality.models import NormativeDocument, ReviewRequest, VillageRule
from fazhi.workdays.deadlines import add

D = dt.timedelta

REVIEW_TITLES = {
    "contract": [
        "集镇污水管网建设施工合同",
        "村级光伏电站租赁协议",
        "镇文化站运营委托服务协议",
        "土地流转示范项目合作协议",
    ],
    "normative": ["关于加强农村建房管理的通知", "镇区临时摊点管理办法"],
    "decision": ["集镇农贸市场改造提升方案", "老旧小区改造实施方案"],
    "enforcement": ["拆除违法建设决定（镇区某加工厂）", "责令限期拆除决定（某村养殖棚）"],
    "village_rule": ["某村村规民约修订稿"],
    "other": ["镇政府招商引资优惠政策答复意见"],
}
DOC_TITLES = [
    "关于进一步规范农村宅基地审批管理的通知",
    "镇区占道经营管理办法",
    "农村集体资产管理办法",
    "关于规范村级小微权力运行的规定",
    "集镇环境卫生管理规定",
    "镇级防汛抗旱应急管理办法",
    "农业产业发展奖补办法",
    "乡村公益岗位管理办法",
    "镇村公共设施管护办法",
    "关于规范农村红白喜事办理的意见",
    "农村饮水安全工程管理办法",
    "集镇停车管理规定",
]
# (target step, days ago it started, variant)
DOC_STATES = [
    ("drafting", 4, ""),
    ("assessed", 12, ""),
    ("comment", 18, ""),
    ("review", 30, ""),
    ("review", 60, "late"),  # review beyond 15 working days, no opinion yet
    ("review", 45, "short"),  # opinion after 3 working days: deliberation refused
    ("deliberation", 70, ""),
    ("numbered", 80, ""),
    ("published", 75, "late"),  # filing with the county overdue
    ("published", 55, ""),  # filing due soon
    ("filed", 200, ""),
    ("filed", 260, "late"),  # filed, but after the 30 days
    ("revised", 320, ""),
    ("repealed", 340, ""),
    ("abandoned", 50, ""),
]


def _doc(fake, t, n, target, start, variant, today) -> NormativeDocument:
    doc = NormativeDocument(
        org=t.org,
        title=f"{t.org.name}{DOC_TITLES[n % len(DOC_TITLES)]}",
        drafting_unit=fake.pick(["党政办公室", "综合行政执法大队", "农业服务中心", "社会事务办"]),
        started_on=start,
        concerns_business=n % 3 == 1,
        step=target,
        created_by=t.clerk,
        updated_by=t.clerk,
    )
    order = [s.code for s in rules.DOCUMENT_PROCEDURE.steps]
    if target == "abandoned":
        doc.abandoned_reason = "上位政策调整，不再制定"
        return doc
    reached = order[: order.index(target) + 1]
    if "assessed" in reached:
        doc.assessed_on, doc.assessment = start + D(days=3), "制定必要性、可行性已论证，征求了相关部门意见"
    if "comment" in reached:
        doc.comment_from = start + D(days=5)
        doc.comment_to = rules.comment_min_end(doc) + D(days=fake.between(0, 2))
        if target != "comment":
            doc.comments_received = fake.between(0, 12)
            doc.comment_feedback = "意见已研究，合理部分予以采纳"
    if "review" in reached:
        doc.review_submitted_on = doc.comment_to + D(days=2)
        if target == "review" and variant == "":
            doc.review_submitted_on = min(doc.review_submitted_on, today - D(days=5))
        doc.reviewer = "司法所"
        if target != "review" or variant == "short":
            days_taken = 3 if variant == "short" else 8
            doc.review_completed_on = add(doc.review_submitted_on, days_taken).date
            doc.review_result, doc.review_opinion = "lawful", "制定主体适格，内容未违反上位法规定"
    if "deliberation" in reached:
        doc.deliberated_on, doc.meeting = doc.review_completed_on + D(days=2), "镇政府常务会议"
        doc.deliberation = "审议通过"
    if "numbered" in reached:
        doc.number = f"{t.org.name[:2]}府规〔{start.year}〕{n + 1}号"
        doc.registered_on = doc.deliberated_on + D(days=1)
    if "published" in reached:
        doc.published_on, doc.publish_channel = doc.registered_on + D(days=2), "政府网站"
        doc.valid_until = doc.published_on + D(days=365 * 5)
    if "filed" in reached:
        doc.filed_on = doc.published_on + D(days=40 if variant == "late" else fake.between(5, 25))
        doc.filing_ref = f"县备〔{doc.filed_on.year}〕{fake.between(1, 60)}号"
    if target == "revised":
        doc.revised_on, doc.cleanup_note = doc.filed_on + D(days=60), "根据上位法修改，已修订"
    if target == "repealed":
        doc.repealed_on, doc.cleanup_note = doc.filed_on + D(days=60), "年度清理：上位法废止，本文件同时废止"
    return doc


def _review(fake, t, kind, title, submitted, today) -> ReviewRequest:
    r = ReviewRequest(
        org=t.org,
        title=f"{t.org.name}{title}",
        kind=kind,
        department=fake.pick(["党政办公室", "综合行政执法大队", "自然资源所", "社会事务办", "农业服务中心"]),
        reviewer="justice" if fake.chance(0.6) else "adviser",
        reviewer_name=fake.name(),
        submitted_on=submitted,
        created_by=t.clerk,
        updated_by=t.clerk,
    )
    age = (today - submitted).days
    if age < 12:
        r.step = "received"
    elif age < 40 and fake.chance(0.15):
        r.step = "supplement"
        r.supplement_requested_on, r.supplement_reason = submitted + D(days=2), "缺少上位法依据和起草说明"
    elif age < 60 and fake.chance(0.1):
        r.step = "resumed"
        r.supplement_requested_on, r.supplement_reason = submitted + D(days=2), "缺少征求意见情况"
        r.supplement_received_on = submitted + D(days=6)
    elif fake.chance(0.04):
        r.step, r.withdrawn_reason = "withdrawn", "送审部门撤回，另行修改"
    else:
        r.step = "concluded"
        r.completed_on = add(submitted, fake.between(7, 12)).date
        r.result = fake.pick(["lawful", "lawful", "lawful", "amended", "amended", "unlawful"])
        r.opinion = {
            "lawful": "经审核，未发现违法内容",
            "amended": "建议删除违约金条款中超出法定标准的部分，修改后合法",
            "unlawful": "设定了无法律依据的收费事项，不合法",
        }[r.result]
    return r


def seed(ctx) -> None:
    fake, today = ctx.fake, ctx.today
    for t in ctx.townships:
        reviews = []
        for year in ctx.years:
            for day in ctx.dates(year, t.n(fake.between(14, 24), year)):
                kind = fake.pick(["contract"] * 5 + ["normative", "decision", "other"])
                reviews.append(_review(fake, t, kind, fake.pick(REVIEW_TITLES[kind]), day, today))
            # The 司法所 reviews the township's major enforcement decisions: never more of them
            # than such decisions were taken (the enforcement demo's plan for the year).
            for day in ctx.dates(year, t.major_enforcement.get(year, 0)):
                title = fake.pick(REVIEW_TITLES["enforcement"])
                reviews.append(_review(fake, t, "enforcement", title, day, today))
        # One request left open well past its 15 working days.
        late = _review(fake, t, "contract", REVIEW_TITLES["contract"][0], today - D(days=40), today)
        late.step, late.completed_on, late.result, late.opinion = "received", None, "", ""
        reviews.append(late)
        # A request waiting for materials (its clock stopped) and one restarted after them.
        waiting = _review(fake, t, "normative", REVIEW_TITLES["normative"][1], today - D(days=9), today)
        waiting.step, waiting.supplement_requested_on = "supplement", today - D(days=6)
        waiting.supplement_reason = "缺少起草说明和征求意见情况"
        restarted = _review(fake, t, "decision", REVIEW_TITLES["decision"][1], today - D(days=20), today)
        restarted.step, restarted.supplement_requested_on = "resumed", today - D(days=17)
        restarted.supplement_reason, restarted.supplement_received_on = "缺少风险评估报告", today - D(days=4)
        for r in (waiting, restarted):
            r.completed_on, r.result, r.opinion = None, "", ""
        reviews.extend([waiting, restarted])
        bulk_create_with_history(reviews, ReviewRequest, default_user=t.clerk)

        # Every state in the first township; a share of them elsewhere; and last year's documents,
        # filed late more often where the township is behind.
        states = [s for s in DOC_STATES if t is ctx.townships[0] or fake.chance(0.7)]
        last_year = D(days=(today - dt.date(ctx.years[0], 3, 1)).days)
        for _ in range(t.n(fake.between(1, 3), ctx.years[0])):
            ago = last_year.days - fake.between(0, 150)
            states.append(("filed", ago, "late" if t.lags(fake) else ""))
        docs = [
            _doc(fake, t, n, target, today - D(days=ago + fake.between(0, 3)), variant, today)
            for n, (target, ago, variant) in enumerate(states)
        ]
        bulk_create_with_history(docs, NormativeDocument, default_user=t.clerk)

        rules_ = []
        for n, village in enumerate(t.villages):
            filed = today - D(days=fake.between(20, 300))
            v = VillageRule(
                org=t.org,
                village=village,
                kind="covenant" if "社区" in village.name else "rule",
                title="村规民约" if "社区" not in village.name else "居民公约",
                adopted_on=filed - D(days=10),
                filed_on=filed,
                created_by=t.clerk,
                updated_by=t.clerk,
            )
            state = ["filed", "reviewed", "reviewed", "correction", "corrected"][n % 5]
            v.step = state
            if state != "filed":
                v.reviewed_on, v.reviewer = filed + D(days=10), fake.name()
                v.review_result = "ok" if state == "reviewed" else "correct"
                if v.review_result == "correct":
                    v.problems = "“违约者取消享受集体分红资格”的条款侵犯村民合法财产权益"
            if state in ("correction", "corrected"):
                v.correction_ordered_on = v.reviewed_on + D(days=3)
                v.correction_due_on = v.correction_ordered_on + D(days=30)
            if state == "corrected":
                v.corrected_on = v.correction_ordered_on + D(days=20)
            rules_.append(v)
        bulk_create_with_history(rules_, VillageRule, default_user=t.clerk)
