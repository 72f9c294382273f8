from django.db.models import Q

from fazhi.disclosure import rules
from fazhi.disclosure.models import InfoRequest, ProactiveItem
from fazhi.indicators.registry import counting, deadline_rate

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


deadline_rate(
    "disclosure.items_on_time_rate",
    "主动公开及时率",
    AREA,
    model=ProactiveItem,
    date_field="formed_on",
    done_field="published_on",
    due=rules.proactive_due,
    due_field="publish_due_on",
    on_time=("disclosure.items_on_time", "按期主动公开的信息"),
    owed=("disclosure.items_due", "应已公开的主动公开信息"),
    ledger="disclosure-items",
    basis="政府信息公开条例第二十六条（自形成或变更之日起20个工作日内公开）",
    on_time_description="本年度形成的信息中，自形成或变更之日起20个工作日内公开的条数",
    owed_description="本年度形成的信息中已公开的，加上未公开但20个工作日已届满的条数",
    description="按期公开的信息 ÷（已公开的信息 + 未公开且已超过20个工作日的信息）",
    count_unit="条",
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


counting(
    "disclosure.answered",
    "已答复申请",
    "件",
    AREA,
    InfoRequest,
    "received_on",
    where=Q(replied_on__isnull=False),
    ledger="disclosure-requests",
    description="本年度收到、已答复的申请件数",
    basis="政府信息公开条例第三十三条、第三十六条",
)
deadline_rate(
    "disclosure.answered_on_time_rate",
    "依申请公开按期答复率",
    AREA,
    model=InfoRequest,
    date_field="received_on",
    done_field="replied_on",
    due=rules.reply_due,
    due_field="reply_due_on",
    # A third-party consultation still open: the due date moves with today.
    moving=Q(consult_from__isnull=False, consult_to__isnull=True),
    where=Q(abandoned_on__isnull=True),
    on_time=("disclosure.answered_on_time", "按期答复申请"),
    owed=("disclosure.answer_owed", "应已答复申请"),
    ledger="disclosure-requests",
    basis="政府信息公开条例第三十三条（20个工作日内答复，延长不超过20个工作日；补正后重新起算，征求第三方意见时间不计）",
    on_time_description="本年度收到的申请中，在法定期限（含延长）内答复的件数",
    owed_description="本年度收到的申请中已答复的，加上未答复且答复期限已届满的件数（视为放弃的不计）",
    description="按期答复的申请 ÷（已答复的申请 + 未答复且已逾期的申请）",
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
