from django.db.models import Q

from fazhi.decisions.models import Decision, DecisionCatalogue
from fazhi.decisions.rules import DECIDED, PASSED
from fazhi.indicators.registry import Indicator, counting, rate, register

AREA = "decisions"


def _catalogues(org_ids: list[int], year: int):
    return DecisionCatalogue.objects.filter(org_id__in=org_ids, year=year)


register(
    Indicator(
        "decisions.catalogues",
        "公布决策事项目录",
        "个",
        AREA,
        records=_catalogues,
        ledger="decision-catalogues",
        description="本年度经党委同意并公布的重大行政决策事项目录",
    )
)
counting("decisions.items", "重大行政决策事项", "件", AREA, Decision, "started_on", ledger="decisions")
counting(
    "decisions.decided",
    "经集体讨论作出决策",
    "件",
    AREA,
    Decision,
    "started_on",
    where=Q(step__in=DECIDED),
    ledger="decisions",
)
counting(
    "decisions.public_participation",
    "公开征求意见",
    "件",
    AREA,
    Decision,
    "started_on",
    where=Q(comment_from__isnull=False),
    ledger="decisions",
)
counting(
    "decisions.expert",
    "开展专家论证",
    "件",
    AREA,
    Decision,
    "started_on",
    where=Q(expert_on__isnull=False),
    ledger="decisions",
)
counting(
    "decisions.risk",
    "开展风险评估",
    "件",
    AREA,
    Decision,
    "started_on",
    where=Q(risk_report_on__isnull=False),
    ledger="decisions",
)
counting(
    "decisions.reviewed",
    "经合法性审查",
    "件",
    AREA,
    Decision,
    "started_on",
    where=Q(review_result__in=PASSED),
    ledger="decisions",
)
counting(
    "decisions.decided_reviewed",
    "作出决策且经合法性审查",
    "件",
    AREA,
    Decision,
    "started_on",
    where=Q(step__in=DECIDED, review_result__in=PASSED),
    ledger="decisions",
)
rate(
    "decisions.review_rate",
    "决策合法性审查率",
    AREA,
    "decisions.decided_reviewed",
    "decisions.decided",
    description="经合法性审查的决策 ÷ 作出的决策",
    basis="重大行政决策程序暂行条例第二十五条、第四十二条",
)
counting(
    "decisions.published",
    "决策已公布",
    "件",
    AREA,
    Decision,
    "started_on",
    where=Q(step__in=("published", "archived", "evaluated")),
    ledger="decisions",
)
counting(
    "decisions.archived",
    "决策全过程记录已归档",
    "件",
    AREA,
    Decision,
    "started_on",
    where=Q(step__in=("archived", "evaluated")),
    ledger="decisions",
)
rate(
    "decisions.completeness",
    "决策程序完备率",
    AREA,
    "decisions.archived",
    "decisions.decided",
    description="五项法定程序履行完毕并归档的决策 ÷ 作出的决策",
    basis="重大行政决策程序暂行条例第四条、第三十三条",
)
counting(
    "decisions.evaluated",
    "开展决策后评估",
    "件",
    AREA,
    Decision,
    "started_on",
    where=Q(step="evaluated"),
    ledger="decisions",
)
