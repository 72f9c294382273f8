import datetime as dt

from django.db.models import Count, Q

from fazhi.dicts import store
from fazhi.indicators.registry import Indicator, counting, rate, register
from fazhi.legal_services.models import (
    AdviserAssignment,
    AdviserService,
    Consultation,
    Deliberation,
    LegalAdviser,
    ServicePoint,
)
from fazhi.orgs.models import Level, OrgUnit

AREA = "legal_services"


def _contract_in(year: int, prefix: str = "") -> Q:
    """A contract that runs for at least one day of the year."""
    return Q(
        **{
            f"{prefix}contract_start__lte": dt.date(year, 12, 31),
            f"{prefix}contract_end__gte": dt.date(year, 1, 1),
        }
    )


register(
    Indicator(
        "legal_services.advisers",
        "法律顾问",
        "人",
        AREA,
        records=lambda org_ids, year: LegalAdviser.objects.filter(org_id__in=org_ids).filter(
            _contract_in(year)
        ),
        description="当年有聘用合同的法律顾问",
        ledger="legal-advisers",
    )
)


def _assignments(org_ids: list[int], year: int):
    return AdviserAssignment.objects.filter(org_id__in=org_ids).filter(_contract_in(year, "adviser__"))


def _villages_covered(org_ids: list[int], year: int) -> dict[int, int]:
    rows = (
        _assignments(org_ids, year)
        .order_by()
        .values("org_id")
        .annotate(n=Count("village", distinct=True))
        .values_list("org_id", "n")
    )
    found = dict(rows)
    return {org_id: found.get(org_id, 0) for org_id in org_ids}


def _villages(org_ids: list[int], year: int) -> dict[int, int]:
    rows = (
        OrgUnit.objects.filter(level=Level.VILLAGE, parent_id__in=org_ids)
        .order_by()
        .values("parent_id")
        .annotate(n=Count("id"))
        .values_list("parent_id", "n")
    )
    found = dict(rows)
    return {org_id: found.get(org_id, 0) for org_id in org_ids}


register(
    Indicator(
        "legal_services.villages_covered",
        "配备法律顾问的村（社区）",
        "个",
        AREA,
        records=_assignments,
        per_org=_villages_covered,
        description="当年有合同期内法律顾问服务的村（社区）",
        ledger="adviser-assignments",
    )
)
register(Indicator("legal_services.villages", "村（社区）", "个", AREA, per_org=_villages))
rate(
    "legal_services.village_coverage_rate",
    "村（社区）法律顾问覆盖率",
    AREA,
    "legal_services.villages_covered",
    "legal_services.villages",
    description="配备法律顾问的村（社区） ÷ 村（社区）总数",
    target=100,
    ledger="adviser-assignments",
)
counting(
    "legal_services.services",
    "法律顾问服务",
    "次",
    AREA,
    AdviserService,
    "served_on",
    ledger="adviser-services",
)
counting(
    "legal_services.service_hours",
    "法律顾问服务时长",
    "小时",
    AREA,
    AdviserService,
    "served_on",
    sum_field="hours",
    ledger="adviser-services",
)
counting(
    "legal_services.reviews",
    "法律顾问出具审查意见",
    "件",
    AREA,
    AdviserService,
    "served_on",
    where=store.category_filter("kind", "legal_services.service_kind", ["review"], "法律顾问出具审查意见"),
    ledger="adviser-services",
)
counting(
    "legal_services.consultations",
    "法律咨询",
    "人次",
    AREA,
    Consultation,
    "consulted_on",
    ledger="consultations",
)
counting(
    "legal_services.deliberations", "援法议事", "次", AREA, Deliberation, "held_on", ledger="deliberations"
)
counting(
    "legal_services.deliberations_with_adviser",
    "法律顾问到场的援法议事",
    "次",
    AREA,
    Deliberation,
    "held_on",
    where=Q(adviser_present=True),
    ledger="deliberations",
)
counting(
    "legal_services.service_points", "公共法律服务点", "个", AREA, ServicePoint, None, ledger="service-points"
)
