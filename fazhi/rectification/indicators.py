from django.db.models import Q
from django.utils import timezone

from fazhi.indicators.registry import Indicator, Shared, by_year, counting, rate, register
from fazhi.rectification.models import Finding, PlanItem

AREA = "rectification"

counting("rectification.findings", "发现问题", "个", AREA, Finding, "found_on", ledger="findings")
counting(
    "rectification.findings_closed",
    "已整改问题",
    "个",
    AREA,
    Finding,
    "found_on",
    where=Q(status="closed"),
    ledger="findings",
)
rate(
    "rectification.finding_closure_rate",
    "问题整改率",
    AREA,
    "rectification.findings_closed",
    "rectification.findings",
    description="已整改问题 ÷ 当年发现问题",
    ledger="findings",
)


def _late() -> Q:
    # Overdue as of today: marked 逾期, or still open past its due date.
    return Q(status="overdue") | (~Q(status="closed") & Q(due_on__lt=timezone.localdate()))


def _found_in(org_ids: list[int], year: int):
    return Finding.objects.filter(org_id__in=org_ids, found_on__year=year)


def _overdue(org_ids: list[int], year: int):
    return _found_in(org_ids, year).filter(_late())


register(
    Indicator(
        "rectification.findings_overdue",
        "逾期未整改问题",
        "个",
        AREA,
        records=_overdue,
        # In the findings' shared aggregate query (the condition is built at each query: today).
        shared=Shared(("rectification.Finding", "found_on"), _found_in, _late),
        description="标为逾期，或未整改且已过整改时限的问题",
        ledger="findings",
    )
)


register(
    Indicator(
        "rectification.plan_items", "年度工作安排", "项", AREA, **by_year(PlanItem), ledger="plan-items"
    )
)
register(
    Indicator(
        "rectification.plan_items_done",
        "已完成的年度工作安排",
        "项",
        AREA,
        **by_year(PlanItem, Q(status="done")),
        ledger="plan-items",
    )
)
register(
    Indicator(
        "rectification.plan_items_unfinished",
        "尚未完成的年度工作安排",
        "项",
        AREA,
        **by_year(PlanItem, ~Q(status="done")),
        ledger="plan-items",
    )
)
rate(
    "rectification.plan_item_completion_rate",
    "年度工作安排完成率",
    AREA,
    "rectification.plan_items_done",
    "rectification.plan_items",
    description="已完成的安排 ÷ 当年全部安排",
    ledger="plan-items",
)
