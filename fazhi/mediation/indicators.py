from django.db.models import Q

from fazhi.indicators.registry import counting, rate
from fazhi.mediation.models import Dispute, GridWorker, MediationOrg, Mediator, Screening

AREA = "mediation"
DONE = Q(status__in=["succeeded", "failed", "terminated"])

counting("mediation.disputes", "受理矛盾纠纷", "件", AREA, Dispute, "registered_on", ledger="disputes")
counting(
    "mediation.resolved",
    "调解成功",
    "件",
    AREA,
    Dispute,
    "registered_on",
    where=Q(status="succeeded"),
    ledger="disputes",
)
counting(
    "mediation.closed", "已办结纠纷", "件", AREA, Dispute, "registered_on", where=DONE, ledger="disputes"
)
rate(
    "mediation.resolution_rate",
    "调解成功率",
    AREA,
    "mediation.resolved",
    "mediation.closed",
    description="调解成功件数 ÷ 已办结件数",
)
counting(
    "mediation.amount",
    "涉及金额",
    "元",
    AREA,
    Dispute,
    "registered_on",
    sum_field="amount",
    ledger="disputes",
)
counting(
    "mediation.major",
    "重大疑难纠纷",
    "件",
    AREA,
    Dispute,
    "registered_on",
    where=Q(is_major=True),
    ledger="disputes",
)
counting(
    "mediation.prevented_crime",
    "防止民转刑",
    "件",
    AREA,
    Dispute,
    "registered_on",
    where=Q(prevented_crime=True),
    ledger="disputes",
)
counting(
    "mediation.recovered",
    "挽回经济损失",
    "元",
    AREA,
    Dispute,
    "registered_on",
    sum_field="recovered",
    ledger="disputes",
)
counting("mediation.screenings", "开展排查", "次", AREA, Screening, "held_on", ledger="screenings")
counting("mediation.orgs", "调解组织", "个", AREA, MediationOrg, None, ledger="mediation-orgs")
counting("mediation.mediators", "人民调解员", "人", AREA, Mediator, None, ledger="mediators")
counting("mediation.grid_workers", "网格员", "人", AREA, GridWorker, None, ledger="grid-workers")
