from django.db.models import Q

from fazhi.indicators.registry import Indicator, counting, rate, register
from fazhi.litigation import rules
from fazhi.litigation.models import Case

AREA = "litigation"
LEDGER = "litigation-cases"
HEARD = Q(hearing_on__isnull=False, step__in=["hearing", "closed", "corrected"])


def _count(code, name, where=None, **kw):
    return counting(code, name, "件", AREA, Case, "received_on", where=where, ledger=LEDGER, **kw)


_count("litigation.cases", "行政复议和行政诉讼案件")
_count("litigation.reconsiderations", "行政复议案件", Q(kind="reconsideration"))
_count("litigation.lawsuits", "行政诉讼案件", Q(kind="litigation"))
_count("litigation.closed", "已结案件", Q(closed_on__isnull=False))
_count(
    "litigation.lost",
    "败诉（被纠错）案件",
    Q(result__in=rules.LOST),
    description="撤销、变更、确认违法、确认无效、责令履行",
)
rate(
    "litigation.lost_rate",
    "败诉（被纠错）率",
    AREA,
    "litigation.lost",
    "litigation.closed",
    description="败诉（被纠错）件数 ÷ 已结案件数",
)
_count("litigation.hearings", "开庭（听证）", HEARD, description="已开庭（听证）并记录审理情况的案件")
_count(
    "litigation.appearances",
    "负责人出庭应诉",
    HEARD & ~Q(attended_by="") & ~Q(attended_role=""),
    description="由本机关负责人（正职、副职或其他参与分管的负责人）出庭（参加听证）的案件；仅律师出庭不计",
)
rate(
    "litigation.appearance_rate",
    "负责人出庭应诉率",
    AREA,
    "litigation.appearances",
    "litigation.hearings",
    description="负责人出庭件数 ÷ 开庭（听证）件数",
)
_count("litigation.answered", "已答复（答辩）案件", Q(answered_on__isnull=False))


def _answered_on_time(org_ids: list[int], year: int):
    # The due date follows the holiday calendar, which SQL cannot: judged in Python.
    base = Case.objects.filter(org_id__in=org_ids, received_on__year=year, answered_on__isnull=False)
    return Case.objects.filter(pk__in=[c.pk for c in base if rules.answered_on_time(c)])


register(
    Indicator(
        "litigation.answered_on_time",
        "按期答复（答辩）案件",
        "件",
        AREA,
        records=_answered_on_time,
        ledger=LEDGER,
        description="复议10个工作日（简易程序5个工作日）、诉讼15日内答复答辩（行政复议法第四十八条、行政诉讼法第六十七条）",
    )
)
rate(
    "litigation.answer_on_time_rate",
    "按期答复（答辩）率",
    AREA,
    "litigation.answered_on_time",
    "litigation.answered",
    description="按期答复（答辩）件数 ÷ 已答复（答辩）件数",
)
_count("litigation.advice", "收到司法建议（复议意见书）", ~Q(advice=""))
_count("litigation.corrected", "完成纠错整改", Q(step="corrected"))
