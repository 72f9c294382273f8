from django.db.models import Q
from django.utils import timezone

from fazhi.disclosure import rules
from fazhi.disclosure.models import InfoRequest, ProactiveItem
from fazhi.indicators.registry import Indicator, counting, rate, register

AREA = "disclosure"

counting(
    "disclosure.items", "主动公开信息", "条", AREA, ProactiveItem, "formed_on", ledger="disclosure-items"
)
counting(
    "disclosure.items_township",
    "乡镇重点公开信息（条例第二十一条）",
    "条",
    AREA,
    ProactiveItem,
    "formed_on",
    where=Q(
        category__in=[
            "agri_policy",
            "irrigation",
            "land_contract",
            "homestead",
            "land_expropriation",
            "house_expropriation",
            "fundraising",
            "social_assistance",
        ]
    ),
    ledger="disclosure-items",
)


def _items_of(org_ids: list[int], year: int):
    return ProactiveItem.objects.filter(org_id__in=org_ids, formed_on__year=year)


def _items_due(org_ids: list[int], year: int) -> dict[int, int]:
    """Items whose 20 working days have run out or that are published (so their timeliness is known)."""
    today = timezone.localdate()
    found = dict.fromkeys(org_ids, 0)
    for item in _items_of(org_ids, year):
        if item.published_on or rules.proactive_due(item).date < today:
            found[item.org_id] += 1
    return found


def _items_on_time(org_ids: list[int], year: int) -> dict[int, int]:
    found = dict.fromkeys(org_ids, 0)
    for item in _items_of(org_ids, year).filter(published_on__isnull=False):
        if item.published_on <= rules.proactive_due(item).date:
            found[item.org_id] += 1
    return found


register(
    Indicator(
        "disclosure.items_due",
        "应已公开的主动公开信息",
        "条",
        AREA,
        records=_items_of,
        per_org=_items_due,
        ledger="disclosure-items",
        description="已公开或20个工作日已届满的信息",
    )
)
register(
    Indicator(
        "disclosure.items_on_time",
        "按期主动公开的信息",
        "条",
        AREA,
        records=_items_of,
        per_org=_items_on_time,
        ledger="disclosure-items",
    )
)
rate(
    "disclosure.items_on_time_rate",
    "主动公开及时率",
    AREA,
    "disclosure.items_on_time",
    "disclosure.items_due",
    description="20个工作日内公开的信息 ÷ 应已公开的信息（政府信息公开条例第二十六条）",
)

counting(
    "disclosure.requests",
    "收到政府信息公开申请",
    "件",
    AREA,
    InfoRequest,
    "received_on",
    ledger="disclosure-requests",
)


def _answered(org_ids: list[int], year: int):
    return InfoRequest.objects.filter(org_id__in=org_ids, received_on__year=year, replied_on__isnull=False)


def _answered_on_time(org_ids: list[int], year: int) -> dict[int, int]:
    found = dict.fromkeys(org_ids, 0)
    for r in _answered(org_ids, year):
        if r.replied_on <= rules.reply_due(r).date:
            found[r.org_id] += 1
    return found


register(
    Indicator(
        "disclosure.answered", "已答复申请", "件", AREA, records=_answered, ledger="disclosure-requests"
    )
)
register(
    Indicator(
        "disclosure.answered_on_time",
        "按期答复申请",
        "件",
        AREA,
        records=_answered,
        per_org=_answered_on_time,
        ledger="disclosure-requests",
    )
)
rate(
    "disclosure.answered_on_time_rate",
    "依申请公开按期答复率",
    AREA,
    "disclosure.answered_on_time",
    "disclosure.answered",
    description="在法定期限内答复的申请 ÷ 已答复申请（政府信息公开条例第三十三条）",
)
counting(
    "disclosure.requests_disclosed",
    "予以公开或告知已公开",
    "件",
    AREA,
    InfoRequest,
    "received_on",
    where=Q(reply_type__in=["already_public", "provided"]),
    ledger="disclosure-requests",
)
