from django.db.models import Count, Q

from fazhi.indicators.registry import Indicator, by_year, counting, rate, register
from fazhi.leadership.models import DutyReport, FieldVisit, LawMeeting, LeadingGroupMember, Responsibility

AREA = "leadership"
PRINCIPALS = ["secretary", "head"]

counting("leadership.meetings", "研究法治工作会议", "次", AREA, LawMeeting, "held_on", ledger="law-meetings")
counting(
    "leadership.meetings_chaired_by_principals",
    "党政主要负责人主持研究法治工作",
    "次",
    AREA,
    LawMeeting,
    "held_on",
    where=Q(chair_role__in=PRINCIPALS),
    ledger="law-meetings",
)


register(
    Indicator("leadership.duty_reports", "述法", "人次", AREA, **by_year(DutyReport), ledger="duty-reports")
)


def _principals_reported(org_ids: list[int], year: int) -> dict[int, int]:
    rows = (
        DutyReport.objects.filter(org_id__in=org_ids, year=year, role__in=PRINCIPALS)
        .order_by()
        .values("org_id")
        .annotate(n=Count("role", distinct=True))
        .values_list("org_id", "n")
    )
    found = dict(rows)
    return {org_id: found.get(org_id, 0) for org_id in org_ids}


register(
    Indicator(
        "leadership.principals_reported",
        "党政主要负责人述法",
        "人",
        AREA,
        records=by_year(DutyReport, Q(role__in=PRINCIPALS))["records"],
        per_org=_principals_reported,
        target=2,
        description="党委书记、乡镇长中已述法的人数（满数为2）",
        ledger="duty-reports",
    )
)
counting(
    "leadership.field_visits", "领导调研督导", "次", AREA, FieldVisit, "visited_on", ledger="field-visits"
)
register(
    Indicator(
        "leadership.tasks",
        "责任清单任务",
        "项",
        AREA,
        **by_year(Responsibility),
        ledger="responsibilities",
    )
)
register(
    Indicator(
        "leadership.tasks_done",
        "已完成任务",
        "项",
        AREA,
        **by_year(Responsibility, Q(status="done")),
        ledger="responsibilities",
    )
)
rate(
    "leadership.task_completion_rate",
    "责任清单任务完成率",
    AREA,
    "leadership.tasks_done",
    "leadership.tasks",
    description="已完成任务 ÷ 当年任务",
    ledger="responsibilities",
)
counting(
    "leadership.group_members",
    "领导机构在任成员",
    "人",
    AREA,
    LeadingGroupMember,
    None,
    where=Q(active=True),
    ledger="leading-group",
)
