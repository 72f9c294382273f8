from django.db.models import Q

from fazhi.indicators.registry import counting, deadline_rate, rate
from fazhi.petitions import rules
from fazhi.petitions.models import Petition, ReceptionDay

AREA = "petitions"


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
deadline_rate(
    "petitions.notice_rate",
    "书面告知按期率",
    AREA,
    model=Petition,
    date_field="received_on",
    done_field="notified_on",
    due=rules.notice_due,
    due_field="notice_due_on",
    on_time=("petitions.notified_on_time", "按期书面告知"),
    owed=("petitions.notice_owed", "应已书面告知"),
    ledger="petitions",
    basis="信访工作条例第二十三条（收到之日起15日内书面告知信访人）",
    on_time_description="本年度收到的信访事项中，收到之日起15日内书面告知的件数",
    owed_description="本年度收到的信访事项中已书面告知的，加上未告知且15日已届满的件数",
    description="按期书面告知件数 ÷（已书面告知件数 + 未告知且已逾期件数）",
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
deadline_rate(
    "petitions.on_time_rate",
    "信访事项按期办结率",
    AREA,
    model=Petition,
    date_field="received_on",
    done_field="concluded_on",
    due=rules.conclusion_due,
    due_field="conclusion_due_on",
    where=Q(route__in=["", "handle"]),
    on_time=("petitions.concluded_on_time", "按期办结"),
    owed=("petitions.conclusion_owed", "应已办结"),
    ledger="petitions",
    basis="信访工作条例第三十四条（自受理之日起60日内办结，经批准可延长不超过30日）",
    on_time_description="本年度收到、由本机关办理的信访事项中，60日（含经批准延长的期限）内出具处理意见的件数",
    owed_description="本年度收到、由本机关办理的信访事项中已出具处理意见的，加上未办结且办理期限已届满的件数",
    description="按期办结件数 ÷（已办结件数 + 未办结且已逾期件数）",
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
