from django.db.models import Q

from fazhi.indicators.registry import counting, deadline_rate, rate
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
    lower_is_better=True,
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
    basis="行政诉讼法第三条第三款；行政复议法第五十一条；法释〔2018〕1号第一百二十八条",
)
_count("litigation.answered", "已答复（答辩）案件", Q(answered_on__isnull=False))


deadline_rate(
    "litigation.answer_on_time_rate",
    "按期答复（答辩）率",
    AREA,
    model=Case,
    date_field="received_on",
    done_field="answered_on",
    due=rules.answer_due,
    due_field="answer_due_on",
    on_time=("litigation.answered_on_time", "按期答复（答辩）案件"),
    owed=("litigation.answer_owed", "应已答复（答辩）案件"),
    ledger=LEDGER,
    basis="行政复议法第四十八条、第五十四条（10个工作日，简易程序5个工作日）；行政诉讼法第六十七条（15日）",
    on_time_description="本年度收到的案件中，在法定期限内提出书面答复或答辩状的件数",
    owed_description="本年度收到的案件中已答复（答辩）的，加上未答复且期限已届满的件数",
    description="按期答复（答辩）件数 ÷（已答复件数 + 未答复且已逾期件数）",
)
_count("litigation.advice", "收到司法建议（复议意见书）", ~Q(advice=""))
_count("litigation.corrected", "完成纠错整改", Q(step="corrected"))
