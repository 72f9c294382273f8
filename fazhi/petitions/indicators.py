from django.db.models import Q

from fazhi.indicators.registry import Indicator, counting, rate, register
from fazhi.petitions import rules
from fazhi.petitions.models import Petition, ReceptionDay

AREA = "petitions"


def _passing(code, name, where: Q, test, description: str) -> Indicator:
    """Petitions received in the year that meet `test`, a date rule computed in Python (a due
    date follows the holiday calendar, which SQL cannot)."""

    def records(org_ids: list[int], year: int):
        base = Petition.objects.filter(org_id__in=org_ids, received_on__year=year).filter(where)
        return Petition.objects.filter(pk__in=[p.pk for p in base if test(p)])

    return register(
        Indicator(code, name, "件", AREA, records=records, ledger="petitions", description=description)
    )


counting("petitions.received", "受理信访事项", "件", AREA, Petition, "received_on", ledger="petitions")
counting(
    "petitions.visits",
    "来访",
    "件",
    AREA,
    Petition,
    "received_on",
    where=Q(channel="visit"),
    ledger="petitions",
)
counting(
    "petitions.online",
    "网上信访",
    "件",
    AREA,
    Petition,
    "received_on",
    where=Q(channel="online"),
    ledger="petitions",
)
counting(
    "petitions.referred",
    "上级转送交办",
    "件",
    AREA,
    Petition,
    "received_on",
    where=Q(channel="referred"),
    ledger="petitions",
)
counting(
    "petitions.notified",
    "已书面告知",
    "件",
    AREA,
    Petition,
    "received_on",
    where=Q(notified_on__isnull=False),
    ledger="petitions",
)
_passing(
    "petitions.notified_on_time",
    "按期书面告知",
    Q(notified_on__isnull=False),
    rules.notified_on_time,
    "收到之日起15日内书面告知（信访工作条例第二十三条）",
)
rate(
    "petitions.notice_rate",
    "书面告知按期率",
    AREA,
    "petitions.notified_on_time",
    "petitions.notified",
    description="按期书面告知件数 ÷ 已书面告知件数",
)
counting(
    "petitions.concluded",
    "已出具处理意见",
    "件",
    AREA,
    Petition,
    "received_on",
    where=Q(concluded_on__isnull=False),
    ledger="petitions",
)
_passing(
    "petitions.concluded_on_time",
    "按期办结",
    Q(concluded_on__isnull=False),
    rules.concluded_on_time,
    "自受理之日起60日内（含经批准延长的期限）出具处理意见（信访工作条例第三十四条）",
)
rate(
    "petitions.on_time_rate",
    "信访事项按期办结率",
    AREA,
    "petitions.concluded_on_time",
    "petitions.concluded",
    description="按期办结件数 ÷ 已出具处理意见件数",
)
counting(
    "petitions.reviews",
    "申请复查复核",
    "件",
    AREA,
    Petition,
    "received_on",
    where=~Q(review_kind=""),
    ledger="petitions",
)
counting(
    "petitions.to_disputes",
    "转为矛盾纠纷调解",
    "件",
    AREA,
    Petition,
    "received_on",
    where=~Q(dispute_ref=""),
    ledger="petitions",
)
counting(
    "petitions.reception_days", "领导接访日", "次", AREA, ReceptionDay, "held_on", ledger="reception-days"
)
counting(
    "petitions.reception_visitors",
    "领导接访人次",
    "人次",
    AREA,
    ReceptionDay,
    "held_on",
    sum_field="visitors",
    ledger="reception-days",
)
counting(
    "petitions.reception_batches",
    "领导接访批次",
    "批",
    AREA,
    ReceptionDay,
    "held_on",
    sum_field="batches",
    ledger="reception-days",
)
counting(
    "petitions.reception_resolved",
    "领导接访当场解决",
    "批",
    AREA,
    ReceptionDay,
    "held_on",
    sum_field="resolved",
    ledger="reception-days",
)
rate(
    "petitions.reception_resolution_rate",
    "领导接访当场解决率",
    AREA,
    "petitions.reception_resolved",
    "petitions.reception_batches",
    description="当场解决批次 ÷ 接待批次",
)
