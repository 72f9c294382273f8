import datetime as dt

from django.db.models import Q
from django.utils import timezone

from fazhi.enforcement import rules
from fazhi.enforcement.models import Case, CaseReview, Exam, Finding, Matter, Officer, Training
from fazhi.indicators.registry import Indicator, counting, deadline_rate, rate, register

AREA = "enforcement"
PROVINCIAL = "省行政执法平台导入或乡镇录入"


def _certified(org_ids: list[int], year: int):
    """Officers whose certificate is in force at the end of the year (or today, this year)."""
    day = min(dt.date(year, 12, 31), timezone.localdate())
    return (
        Officer.objects.filter(org_id__in=org_ids, valid_until__gte=day)
        .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day))
        .filter(Q(revoked_on__isnull=True) | Q(revoked_on__gt=day))
        .exclude(certificate_number="")
    )


register(
    Indicator(
        "enforcement.certified_officers",
        "持有效执法证件人员",
        "人",
        AREA,
        records=_certified,
        ledger="enforcement-officers",
        description="年末（本年为今日）执法证件在有效期内的人员",
    )
)
counting(
    "enforcement.matters", "执法事项（权责清单）", "项", AREA, Matter, None, ledger="enforcement-matters"
)
counting(
    "enforcement.matters_handed_down",
    "省级下放执法事项",
    "项",
    AREA,
    Matter,
    None,
    where=Q(handed_down=True),
    ledger="enforcement-matters",
)
counting(
    "enforcement.cases",
    "行政执法案件",
    "件",
    AREA,
    Case,
    "registered_on",
    ledger="enforcement-cases",
    source=PROVINCIAL,
)
for kind, label in (("penalty", "行政处罚案件"), ("coercion", "行政强制案件"), ("inspection", "行政检查")):
    counting(
        f"enforcement.cases_{kind}",
        label,
        "件",
        AREA,
        Case,
        "registered_on",
        where=Q(kind=kind),
        ledger="enforcement-cases",
        source=PROVINCIAL,
    )
counting(
    "enforcement.fines",
    "罚款金额",
    "元",
    AREA,
    Case,
    "decision_on",
    where=Q(decision_result=rules.R_PENALTY),
    sum_field="fine",
    ledger="enforcement-cases",
    description="决定日期在本年度、决定给予罚款的案件“罚款金额（元）”之和",
    basis="行政处罚法第九条、第五十九条",
    source=PROVINCIAL,
)

PUBLISHABLE = Q(publicity_exempt=False) & ~Q(decision_result__in=["", rules.R_DROPPED])


counting(
    "enforcement.decisions_to_publish",
    "应公示的执法决定",
    "件",
    AREA,
    Case,
    "decision_on",
    where=PUBLISHABLE,
    ledger="enforcement-cases",
    source=PROVINCIAL,
    description="本年度作出、依规定应当公示的执法决定（不予处罚或依法不公开的除外）",
    basis="国办发〔2018〕118号（行政执法公示制度）；行政处罚法第四十八条",
)
deadline_rate(
    "enforcement.publication_rate",
    "执法决定按期公示率",
    AREA,
    model=Case,
    date_field="decision_on",
    done_field="published_on",
    due=rules.publication_due,
    due_field="publication_due_on",
    where=PUBLISHABLE,
    on_time=("enforcement.published_on_time", "按期公示的执法决定"),
    owed=("enforcement.publication_owed", "应已公示的执法决定"),
    ledger="enforcement-cases",
    source=PROVINCIAL,
    basis="国办发〔2018〕118号：行政处罚决定7个工作日内、其他执法决定20个工作日内公示",
    on_time_description="本年度作出的应公示决定中，处罚决定7个工作日内、其他决定20个工作日内公示的件数",
    owed_description="本年度作出的应公示决定中已公示的，加上未公示且公示期限已届满的件数",
    description="按期公示的决定 ÷（已公示的决定 + 未公示且已逾期的决定）",
)

MAJOR = Q(is_major=True) & ~Q(decision_result__in=["", rules.R_DROPPED])
counting(
    "enforcement.major_decisions",
    "重大执法决定",
    "件",
    AREA,
    Case,
    "decision_on",
    where=MAJOR,
    ledger="enforcement-cases",
)
counting(
    "enforcement.major_reviewed",
    "经法制审核的重大执法决定",
    "件",
    AREA,
    Case,
    "decision_on",
    where=MAJOR & Q(legal_review_result=rules.REVIEW_PASSED, legal_review_on__isnull=False),
    ledger="enforcement-cases",
)
rate(
    "enforcement.review_coverage",
    "重大执法决定法制审核率",
    AREA,
    "enforcement.major_reviewed",
    "enforcement.major_decisions",
    description="经法制审核通过后作出的重大执法决定 ÷ 本年度作出的重大执法决定",
    basis="行政处罚法第五十八条；国办发〔2018〕118号（重大执法决定法制审核制度）",
)

counting("enforcement.trainings", "执法培训", "次", AREA, Training, "held_on", ledger="enforcement-trainings")
counting(
    "enforcement.exam_sat",
    "执法考试实考人次",
    "人次",
    AREA,
    Exam,
    "held_on",
    sum_field="sat",
    ledger="enforcement-exams",
)
counting(
    "enforcement.exam_passed",
    "执法考试合格人次",
    "人次",
    AREA,
    Exam,
    "held_on",
    sum_field="passed",
    ledger="enforcement-exams",
)
rate(
    "enforcement.exam_pass_rate",
    "执法考试合格率",
    AREA,
    "enforcement.exam_passed",
    "enforcement.exam_sat",
    description="合格人次 ÷ 实考人次",
)
counting(
    "enforcement.case_reviews",
    "案卷评查",
    "次",
    AREA,
    CaseReview,
    "reviewed_on",
    ledger="enforcement-case-reviews",
)
counting(
    "enforcement.files_reviewed",
    "评查案卷",
    "卷",
    AREA,
    CaseReview,
    "reviewed_on",
    sum_field="cases_reviewed",
    ledger="enforcement-case-reviews",
)
counting(
    "enforcement.findings", "执法监督发现问题", "个", AREA, Finding, "found_on", ledger="enforcement-findings"
)
counting(
    "enforcement.findings_rectified",
    "已整改问题",
    "个",
    AREA,
    Finding,
    "found_on",
    where=Q(rectified_on__isnull=False),
    ledger="enforcement-findings",
)
rate(
    "enforcement.rectification_rate",
    "执法监督问题整改率",
    AREA,
    "enforcement.findings_rectified",
    "enforcement.findings",
    description="已整改问题 ÷ 发现问题",
)
