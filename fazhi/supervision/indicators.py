"""The county's own work over its townships, as figures of the registry: the townships it
assessed, its inspections and what they found, the tasks it sent (督办), the townships' annual
reports it received or returned. Each figure counts the county's records (a city's or province's
is the sum over its counties); a township has none of these figures. The county's annual report
states them as live figures, like every other."""

from django.db.models import Q

from fazhi.indicators.registry import Indicator, counting, register
from fazhi.orgs.models import Level
from fazhi.reports.models import PUBLIC, Report
from fazhi.supervision.models import Assessment, Assignment, Inspection, InspectionFinding, Scheme

AREA = "supervision"
BASIS = "《法治政府建设与责任落实督察工作规定》：县级对乡镇（街道）法治政府建设的督促指导"
COUNTY = {"above_township": True, "basis": BASIS}


def _assessed(org_ids: list[int], year: int):
    # A scheme still being drawn up has assessed nobody yet.
    return Assessment.objects.filter(scheme__county__in=org_ids, scheme__year=year).exclude(
        scheme__state=Scheme.State.DRAFT
    )


register(
    Indicator(
        "supervision.townships_assessed",
        "参加年度考核的乡镇（街道）",
        "个",
        AREA,
        records=_assessed,
        owner="scheme__county",
        permission="supervision.view_scheme",
        description="本年度考核方案开始评分后参加考核的乡镇（街道）个数（方案编制中的不计）",
        **COUNTY,
    )
)
counting(
    "supervision.inspections",
    "督察检查",
    "次",
    AREA,
    Inspection,
    "held_on",
    owner="county",
    permission="supervision.view_inspection",
    description="督察日期在本年度的县级督察检查次数",
    **COUNTY,
)
counting(
    "supervision.inspection_findings",
    "督察发现的问题",
    "个",
    AREA,
    InspectionFinding,
    "inspection__held_on",
    owner="inspection__county",
    permission="supervision.view_inspection",
    description="本年度县级督察检查对各乡镇（街道）发现并提出整改要求的问题个数",
    **COUNTY,
)
counting(
    "supervision.assignments",
    "督办任务",
    "项",
    AREA,
    Assignment,
    "created_at",
    owner="county",
    permission="supervision.view_assignment",
    description="本年度县级向乡镇（街道）派发的督办任务项数",
    **COUNTY,
)


def _township_reports(where: Q):
    """The townships' reports of the year (report year), counted for the county they report to
    (the township's parent unit)."""

    def records(org_ids: list[int], year: int):
        return Report.objects.filter(org__parent__in=org_ids, org__level=Level.TOWNSHIP, year=year).filter(
            where
        )

    return records


# A version the county accepted and a later accepted correction of it are one report received.
_RECEIVED = Q(state__in=PUBLIC) & ~Q(
    pk__in=Report.objects.filter(state__in=PUBLIC, corrects__isnull=False).values("corrects")
)

register(
    Indicator(
        "supervision.reports_received",
        "接收并公开的乡镇年度报告",
        "份",
        AREA,
        records=_township_reports(_RECEIVED),
        owner="org__parent",
        permission="reports.view_report",
        description="本年度的乡镇（街道）法治政府建设情况报告中，经县级审阅接收并公开的份数（更正后重新接收的算一份）",
        **COUNTY,
    )
)
register(
    Indicator(
        "supervision.reports_returned",
        "退回修改的乡镇年度报告",
        "份",
        AREA,
        records=_township_reports(Q(state=Report.State.RETURNED)),
        owner="org__parent",
        permission="reports.view_report",
        description="本年度的乡镇（街道）法治政府建设情况报告中，县级审阅后附意见退回修改的份数（每退回一次计一份）",
        **COUNTY,
    )
)
