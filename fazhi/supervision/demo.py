"""Demo supervision: last year's assessment scheme scored and published for every township (with
self-assessments and one answered objection), this year's draft copied from it, one inspection
whose findings are in different states, and two assignments with some replies late."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from fazhi.indicators import registry as indicators
from fazhi.ledger import registry
from fazhi.orgs.models import User
from fazhi.supervision import assignments, inspections, scoring
from fazhi.supervision.models import Assessment, Scheme, SchemeItem

D = Decimal

# (title, points, method, options, children)
TREE = [
    (
        "加强党对法治政府建设的领导",
        15,
        "group",
        {},
        [
            (
                "党政主要负责人年终述法",
                5,
                "indicator",
                {
                    "indicator": "leadership.principals_reported",
                    "rule": "thresholds",
                    "thresholds": [[2, 5], [1, 3]],
                },
            ),
            (
                "党委（政府）研究法治工作",
                5,
                "indicator",
                {
                    "indicator": "leadership.meetings",
                    "rule": "thresholds",
                    "thresholds": [[4, 5], [2, 3], [1, 1]],
                },
            ),
            ("第一责任人职责落实", 5, "manual", {"criteria": "述法内容具体、问题清单和整改措施明确"}),
        ],
    ),
    (
        "严格规范公正文明执法",
        30,
        "group",
        {},
        [
            (
                "重大执法决定法制审核率",
                10,
                "indicator",
                {
                    "indicator": "enforcement.review_coverage",
                    "rule": "linear",
                    "full_at": D(100),
                    "deduct_per_unit": D("0.2"),
                },
            ),
            (
                "规范性文件合法性审核率",
                10,
                "indicator",
                {
                    "indicator": "legality.document_review_rate",
                    "rule": "linear",
                    "full_at": D(100),
                    "deduct_per_unit": D("0.5"),
                },
            ),
            (
                "执法决定按期公示率",
                10,
                "indicator",
                {
                    "indicator": "enforcement.publication_rate",
                    "rule": "thresholds",
                    "thresholds": [[95, 10], [85, 7], [70, 4]],
                },
            ),
        ],
    ),
    (
        "预防调处化解社会矛盾",
        20,
        "group",
        {},
        [
            (
                "矛盾纠纷调解成功率",
                10,
                "indicator",
                {
                    "indicator": "mediation.resolution_rate",
                    "rule": "thresholds",
                    "thresholds": [[95, 10], [90, 8], [80, 5]],
                },
            ),
            (
                "法律明白人达标率",
                10,
                "indicator",
                {
                    "indicator": "legal_education.villages_meeting_target_rate",
                    "rule": "linear",
                    "full_at": D(100),
                    "deduct_per_unit": D("0.1"),
                },
            ),
        ],
    ),
    (
        "行政复议应诉与监督",
        20,
        "group",
        {},
        [
            (
                "行政诉讼、复议败诉（被纠错）",
                6,
                "fact",
                {"fact": "indicator:litigation.lost", "per_occurrence": D(2), "cap": D(6)},
            ),
            (
                "负责人出庭应诉率",
                6,
                "indicator",
                {
                    "indicator": "litigation.appearance_rate",
                    "rule": "thresholds",
                    "thresholds": [[100, 6], [80, 4], [50, 2]],
                },
            ),
            ("法定事项逾期未办", 8, "fact", {"fact": "todo.late", "per_occurrence": D("0.5"), "cap": D(8)}),
        ],
    ),
    (
        "工作落实",
        15,
        "group",
        {},
        [
            (
                "问题整改率",
                5,
                "indicator",
                {
                    "indicator": "rectification.finding_closure_rate",
                    "rule": "thresholds",
                    "thresholds": [[100, 5], [80, 4], [60, 2]],
                },
            ),
            (
                "年度报告按时报送并公开",
                10,
                "manual",
                {"criteria": "3月1日前报送、4月1日前公开，内容五部分齐全"},
            ),
        ],
    ),
    ("创新加分", 5, "manual", {"bonus": True, "criteria": "法治建设创新做法获县级以上推广，每项加2.5分"}, []),
]

REASONS = {
    "第一责任人职责落实": [
        "述法报告具体，问题清单明确",
        "述法内容较为笼统，整改措施不够具体",
        "述法全覆盖，问题整改有跟踪",
    ],
    "年度报告按时报送并公开": [
        "按时报送并公开，五部分齐全",
        "报送及时，部分成效缺少数据支撑",
        "公开稍有延迟",
    ],
    "创新加分": ["“援法议事”做法获县级推广", "无", "“法治赶场”做法获市级推广"],
}
SELF_NOTES = {
    "第一责任人职责落实": "党委书记、镇长均在年终述职中专题述法，已形成问题清单",
    "年度报告按时报送并公开": "报告已按时报送县委县政府并在政府网站公开",
    "创新加分": "本年度法治创新做法见佐证说明",
}


def _items(scheme, tree, parent=None):
    for n, (title, points, method, options, *children) in enumerate(tree, 1):
        options = dict(options)
        bonus = options.pop("bonus", False)
        if method == "indicator" and options["indicator"] not in {
            i.code for i in indicators.all_indicators()
        }:
            # An indicator renamed since this demo was written: the county scores the item by hand.
            method, options = "manual", {"criteria": f"依据{title}情况评分"}
        item = SchemeItem.objects.create(
            scheme=scheme,
            parent=parent,
            order=n,
            title=title,
            points=D(points),
            method=method,
            bonus=bonus,
            **options,
        )
        if children and children[0]:
            _items(scheme, children[0], item)


def _assessment(ctx, county_user, last: int):
    scheme = Scheme.objects.create(
        county=ctx.county,
        year=last,
        title=f"{last}年度乡镇（街道）法治政府建设考核方案",
        created_by=county_user,
    )
    _items(scheme, TREE)
    scoring.start_scoring(scheme, county_user, today=ctx.today)
    manual = [it for it in scoring.leaves(scheme) if it.method == SchemeItem.Method.MANUAL]
    fake = ctx.fake
    for n, t in enumerate(ctx.townships):
        a = Assessment.objects.get(scheme=scheme, org=t.org)
        entries = {}
        for it in manual:
            claimed = D("2.5") * (n % 2) if it.bonus else it.points - D(fake.between(0, 1))
            entries[it.pk] = (str(claimed), SELF_NOTES.get(it.title, "已按评分标准开展工作"), [])
        scoring.save_self_assessment(a, entries, t.clerk)
        scoring.submit_self_assessment(a, t.clerk)
        scores = {}
        for it in manual:
            reason = REASONS.get(it.title, ["材料齐全", "基本达到要求", "个别材料欠缺"])[n % 3]
            if it.bonus:
                pts = D(0) if reason == "无" else D("2.5")
            else:
                pts = it.points - D(fake.between(0, 3))
            scores[it.pk] = (str(pts), reason)
        comment = fake.pick(
            ["基础工作扎实，台账规范", "重点工作推进有力，个别指标需加强", "整体完成较好，执法规范化有待提升"]
        )
        scoring.save_county_scores(a, scores, comment, county_user)
    scoring.publish(scheme, county_user)
    published = dt.datetime.combine(
        dt.date(last + 1, 3, 20), dt.time(10), tzinfo=timezone.get_current_timezone()
    )
    Scheme.objects.filter(pk=scheme.pk).update(published_at=min(published, timezone.now()))
    scheme.refresh_from_db()
    # One objection, answered within the period.
    first = ctx.townships[-1]
    a = Assessment.objects.get(scheme=scheme, org=first.org)
    item = next(it for it in manual if it.title == "年度报告按时报送并公开")
    objection = a.objections.create(
        item=item,
        text="本镇年度报告已于2月26日报送，公开时间以政府网站发布日期为准，请复核。",
        submitted_by=first.clerk,
    )
    scoring.answer(
        objection, "经核对政府网站发布记录，公开时间晚于期限3天，维持原评分。", False, None, county_user
    )
    return scheme


def _inspection(ctx, county_user, year: int):
    held = min(dt.date(year, 6, 18), ctx.today)
    rows = []
    texts = [
        ("行政执法案卷中部分送达回证缺少受送达人签名", "对本年度执法案卷开展自查，补正送达文书"),
        ("村级合同合法性审核覆盖不全", "将村级合同纳入合法性审核目录，每月通报"),
        ("矛盾纠纷排查记录未按月留痕", "统一排查记录格式，按月申报或登记"),
    ]
    for n, t in enumerate(ctx.townships):
        description, requirement = texts[n % len(texts)]
        rows.append(inspections.Row(t.org, description, requirement, held + dt.timedelta(days=45 + 15 * n)))
    inspection = inspections.record(
        ctx.county,
        {
            "title": f"{year}年上半年法治政府建设专项督察",
            "held_on": held,
            "team": "县委依法治县办 督察组（组长：县司法局副局长）",
            "scope": "执法案卷评查、合法性审核、矛盾纠纷排查台账",
        },
        rows,
        county_user,
    )
    Finding = registry.get(inspections.FINDINGS_LEDGER).model
    states = ["closed", "in_progress", "pending"]
    for n, f in enumerate(inspection.findings.all()):
        record = Finding.objects.get(pk=f.finding_id)
        record.status = states[n % len(states)]
        if record.status == "closed":
            record.closed_on = min(f.due_on - dt.timedelta(days=5), ctx.today)
            record.evidence = "已完成自查整改，形成整改报告"
        record.save()


def _assignments(ctx, county_user):
    today = ctx.today
    past = assignments.send(
        ctx.county,
        {
            "title": "报送第三季度矛盾纠纷排查化解情况",
            "text": "请各乡镇（街道）报送第三季度矛盾纠纷排查化解件数，并附简要说明。",
            "due_on": today - dt.timedelta(days=10),
            "reply_kind": "figure",
            "figure_label": "排查化解矛盾纠纷件数",
            "figure_unit": "件",
        },
        [t.org for t in ctx.townships],
        [],
        county_user,
    )
    for n, target in enumerate(past.targets.order_by("org__path")[:2]):
        town = ctx.townships[n]
        assignments.reply(
            target, "已按要求排查，重大纠纷均已稳控", None, str(ctx.fake.between(12, 40)), town.clerk
        )
        late = n == 1
        when = past.due_on + dt.timedelta(days=2 if late else -3)
        target.replied_at = timezone.make_aware(dt.datetime.combine(when, dt.time(15, 30)))
        target.save()
    upcoming = assignments.send(
        ctx.county,
        {
            "title": "开展宪法宣传周活动并报送总结",
            "text": "请围绕宪法宣传周开展主题活动，活动结束后报送工作总结（文字）。",
            "due_on": today + dt.timedelta(days=12),
            "reply_kind": "text",
        },
        [t.org for t in ctx.townships],
        [],
        county_user,
    )
    first = upcoming.targets.order_by("org__path").first()
    assignments.reply(first, "已开展宪法进村入户宣讲6场，发放资料800余份。", None, "", ctx.townships[0].clerk)


def seed(ctx) -> None:
    county_user = User.objects.filter(org=ctx.county, username="county").first()
    if county_user is None:
        return
    last, current = ctx.years[0], ctx.years[-1]
    scheme = _assessment(ctx, county_user, last)
    scoring.copy_scheme(
        scheme, ctx.county, current, f"{current}年度乡镇（街道）法治政府建设考核方案", county_user
    )
    _inspection(ctx, county_user, current)
    _assignments(ctx, county_user)
