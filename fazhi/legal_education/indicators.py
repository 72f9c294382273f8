from collections import Counter

from django.db.models import Count, Q

from fazhi.dicts import store
from fazhi.indicators.registry import Indicator, counting, rate, register
from fazhi.legal_education.models import Activity, CultureVenue, LegalLiterate, LiaisonOfficer, ModelHousehold
from fazhi.legal_education.rules import TARGET_PER_VILLAGE
from fazhi.orgs.models import Level, OrgUnit

AREA = "legal_education"
KINDS = "legal_education.activity_kind"
ACTIVE = Q(active=True)
THEME_DAYS = ["constitution_week", "consumer_day", "security_day", "anti_drug_day", "constitution_day"]

counting(
    "legal_education.activities", "普法活动", "场", AREA, Activity, "held_on", ledger="education-activities"
)
counting(
    "legal_education.village_activities",
    "送法下村和法治赶场",
    "场",
    AREA,
    Activity,
    "held_on",
    where=store.category_filter("kind", KINDS, ["market_day", "to_village"], "送法下村和法治赶场"),
    ledger="education-activities",
)
counting(
    "legal_education.theme_day_activities",
    "宪法宣传周和主题日活动",
    "场",
    AREA,
    Activity,
    "held_on",
    where=store.category_filter("kind", KINDS, THEME_DAYS, "宪法宣传周和主题日活动"),
    ledger="education-activities",
)
counting(
    "legal_education.audience",
    "受众",
    "人次",
    AREA,
    Activity,
    "held_on",
    sum_field="audience",
    ledger="education-activities",
)
counting(
    "legal_education.banners",
    "悬挂横幅",
    "条",
    AREA,
    Activity,
    "held_on",
    sum_field="banners",
    ledger="education-activities",
)
counting(
    "legal_education.brochures",
    "发放宣传资料",
    "份",
    AREA,
    Activity,
    "held_on",
    sum_field="brochures",
    ledger="education-activities",
)
counting(
    "legal_education.consultations",
    "解答法律咨询",
    "人次",
    AREA,
    Activity,
    "held_on",
    sum_field="consultations",
    ledger="education-activities",
)
counting(
    "legal_education.legal_literates",
    "在岗法律明白人",
    "人",
    AREA,
    LegalLiterate,
    None,
    where=ACTIVE,
    ledger="legal-literates",
)


def _villages_meeting_target(org_ids: list[int]):
    return (
        LegalLiterate.objects.filter(org_id__in=org_ids, active=True)
        .order_by()
        .values("org_id", "village_id")
        .annotate(n=Count("id"))
        .filter(n__gte=TARGET_PER_VILLAGE)
    )


def meeting_target_per_org(org_ids: list[int], year: int) -> dict[int, int]:
    """Villages with at least three active 法律明白人, per township: one grouped query."""
    found = Counter(row["org_id"] for row in _villages_meeting_target(org_ids))
    return {org_id: found.get(org_id, 0) for org_id in org_ids}


def meeting_target_records(org_ids: list[int], year: int):
    """The active 法律明白人 of the villages that meet the target."""
    villages = _villages_meeting_target(org_ids).values("village_id")
    return LegalLiterate.objects.filter(org_id__in=org_ids, active=True, village_id__in=villages)


def villages_per_org(org_ids: list[int], year: int) -> dict[int, int]:
    rows = (
        OrgUnit.objects.filter(parent_id__in=org_ids, level=Level.VILLAGE)
        .order_by()
        .values("parent_id")
        .annotate(n=Count("id"))
        .values_list("parent_id", "n")
    )
    found = dict(rows)
    return {org_id: found.get(org_id, 0) for org_id in org_ids}


def village_records(org_ids: list[int], year: int):
    return OrgUnit.objects.filter(parent_id__in=org_ids, level=Level.VILLAGE)


register(
    Indicator(
        "legal_education.villages_meeting_target",
        "法律明白人达标村（社区）",
        "个",
        AREA,
        records=meeting_target_records,
        per_org=meeting_target_per_org,
        ledger="legal-literates",
        description=f"在岗法律明白人不少于{TARGET_PER_VILLAGE}名的村（社区）",
    )
)
register(
    Indicator(
        "legal_education.villages",
        "村（社区）",
        "个",
        AREA,
        records=village_records,
        per_org=villages_per_org,
        description="本乡镇的村（社区）数，法律明白人达标率的分母",
    )
)
rate(
    "legal_education.villages_meeting_target_rate",
    "法律明白人达标率",
    AREA,
    "legal_education.villages_meeting_target",
    "legal_education.villages",
    description=f"在岗法律明白人不少于{TARGET_PER_VILLAGE}名的村（社区）÷ 村（社区）总数",
    target=100,
    ledger="legal-literates",
    basis="《乡村“法律明白人”培养工作规范（试行）》：每个行政村至少3名",
)
counting(
    "legal_education.liaison_officers",
    "普法联络员",
    "人",
    AREA,
    LiaisonOfficer,
    None,
    ledger="liaison-officers",
)
counting(
    "legal_education.model_households",
    "学法用法示范户",
    "户",
    AREA,
    ModelHousehold,
    None,
    ledger="model-households",
)
counting(
    "legal_education.culture_venues", "法治文化阵地", "个", AREA, CultureVenue, None, ledger="culture-venues"
)
