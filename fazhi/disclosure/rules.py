"""Rules of government information disclosure (domain.md §2.8); sources in shared/rules-sources.md §7
(《政府信息公开条例》2019, VERIFIED full text).

Proactive items are published within 20 working days of being formed (第二十六条) after the
secrecy review (第十七条). An application is answered within 20 working days of receipt, extendable
once by at most 20 working days with the reason told to the applicant (第三十三条); a supplement
notice goes out within 7 working days and the clock restarts on the supplement's receipt
(第三十条); time spent consulting a third party does not count (第三十二条、第三十三条第三款).
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone

from fazhi.ledger import todo
from fazhi.ledger.procedures import DueItem, Procedure, Step, days, period
from fazhi.workdays.deadlines import add

PROACTIVE = period(
    "disclosure.proactive",
    "主动公开期限（自信息形成或变更之日起）",
    20,
    working=True,
    source="政府信息公开条例第二十六条",
    configurable=False,
)
SUPPLEMENT = period(
    "disclosure.supplement",
    "一次性告知补正期限",
    7,
    working=True,
    source="政府信息公开条例第三十条",
    configurable=False,
)
THIRD_PARTY = period(
    "disclosure.third_party",
    "第三方提出意见期限",
    15,
    working=True,
    source="政府信息公开条例第三十二条",
    configurable=False,
)
REPLY = period(
    "disclosure.reply",
    "依申请公开答复期限",
    20,
    working=True,
    source="政府信息公开条例第三十三条",
    configurable=False,
)
EXTENSION_MAX = period(
    "disclosure.extension_max",
    "依申请公开延长答复期限（最长）",
    20,
    working=True,
    source="政府信息公开条例第三十三条",
    configurable=False,
)

NOT_OURS = "not_ours"

# ------------------------------------------------------------------------------- proactive


def proactive_due(item):
    if not item.formed_on:
        return None
    return add(
        item.formed_on,
        days(PROACTIVE),
        working=True,
        rule="政府信息公开条例第二十六条：属于主动公开范围的政府信息，应当自该政府信息形成或者变更之日起20个工作日内及时公开",
    )


def gate_item_reviewed(item) -> list[str]:
    unmet = []
    if not item.secrecy_reviewed_on:
        unmet.append("未填写保密审查日期：公开前应当依法进行审查（政府信息公开条例第十七条）")
    elif item.formed_on and item.secrecy_reviewed_on < item.formed_on:
        unmet.append("保密审查日期不能早于信息形成日期（政府信息公开条例第十七条）")
    if not item.secrecy_reviewer:
        unmet.append("未填写保密审查人（政府信息公开条例第十七条）")
    return unmet


def gate_item_published(item) -> list[str]:
    unmet = []
    if not item.secrecy_reviewed_on:
        unmet.append("未经保密审查的信息不得公开（政府信息公开条例第十七条）")
    if not item.published_on:
        unmet.append("未填写公开日期（政府信息公开条例第二十六条）")
    elif item.secrecy_reviewed_on and item.published_on < item.secrecy_reviewed_on:
        unmet.append("公开日期早于保密审查日期：应当先审查后公开（政府信息公开条例第十七条）")
    if not item.channel:
        unmet.append("未填写公开渠道（政府信息公开条例第二十三条、第二十四条）")
    return unmet


ITEM_PROCEDURE = Procedure(
    name="主动公开",
    steps=[
        Step("formed", "信息形成"),
        Step(
            "reviewed",
            "保密审查",
            fields=("secrecy_reviewed_on", "secrecy_reviewer"),
            gate=gate_item_reviewed,
            help="公开前依照保密法规进行审查（政府信息公开条例第十七条）",
        ),
        Step(
            "published",
            "公开",
            fields=("published_on", "channel", "url"),
            gate=gate_item_published,
            help="自形成或变更之日起20个工作日内公开（政府信息公开条例第二十六条）",
        ),
    ],
    transitions={"formed": ["reviewed"], "reviewed": ["published"]},
)


def item_deadlines(item) -> list[DueItem]:
    d = proactive_due(item)
    return [DueItem("主动公开", d, bool(item.published_on))] if d else []


# ------------------------------------------------------------------------------ applications


def clock_start(req) -> dt.date | None:
    """第三十条: after a supplement notice the period runs from the supplement's receipt."""
    return req.supplement_received_on or req.received_on


def supplement_due(req):
    if not req.received_on:
        return None
    return add(
        req.received_on,
        days(SUPPLEMENT),
        working=True,
        rule="政府信息公开条例第三十条：申请内容不明确的，应当自收到申请之日起7个工作日内一次性告知申请人作出补正",
    )


def third_party_due(req):
    if not req.consult_from:
        return None
    return add(
        req.consult_from,
        days(THIRD_PARTY),
        working=True,
        rule="政府信息公开条例第三十二条：第三方应当自收到征求意见书之日起15个工作日内提出意见",
    )


def reply_due(req, today: dt.date | None = None):
    """The reply's due date: 20 working days from receipt (or the supplement's receipt), not
    counting a third-party consultation, plus the one extension. While a consultation is still
    open the date assumes it ends today and is marked as moving."""
    start = clock_start(req)
    if start is None:
        return None
    pauses = []
    open_pause = False
    if req.consult_from:
        end = req.consult_to
        if end is None:
            end = max(today or timezone.localdate(), req.consult_from)
            open_pause = True
        who = f"征求第三方（{req.consult_party}）意见" if req.consult_party else "征求第三方意见"
        pauses.append((req.consult_from, end, f"{who}，所需时间不计算在答复期限内（第三十三条第三款）"))
    extensions = [(req.extended_days, req.extension_reason)] if req.extended_days else []
    rule = "政府信息公开条例第三十三条：不能当场答复的，应当自收到申请之日起20个工作日内予以答复；延长答复期限最长不得超过20个工作日"
    if req.supplement_received_on:
        rule += "；第三十条：答复期限自行政机关收到补正的申请之日起计算"
    d = add(start, days(REPLY), working=True, pauses=pauses, extensions=extensions, rule=rule)
    if open_pause:
        lines = (
            *d.lines[:-1],
            "第三方意见尚未收到：以上按暂停至今日计算，期限随征求意见时间相应顺延",
            d.lines[-1],
        )
        d = dataclasses.replace(d, lines=lines)
    return d


def check_request(req) -> None:
    """Field errors of an application, whatever its step."""
    errors: dict[str, str] = {}
    if req.extended_days and req.extended_days > days(EXTENSION_MAX):
        errors["extended_days"] = "延长答复的期限最长不得超过20个工作日（政府信息公开条例第三十三条）"
    if req.extended_days and not req.extension_reason:
        errors["extension_reason"] = "延长答复期限应当写明理由，并告知申请人（政府信息公开条例第三十三条）"
    if req.extension_reason and not req.extended_days:
        errors["extended_days"] = "填写了延期理由，请同时填写延长的工作日数"
    if req.consult_to and req.consult_from and req.consult_to < req.consult_from:
        errors["consult_to"] = "第三方答复日期不能早于征求意见日期"
    if req.consult_to and not req.consult_from:
        errors["consult_from"] = "有第三方答复日期的，应填写征求意见日期"
    if req.supplement_received_on and not req.supplement_notice_on:
        errors["supplement_notice_on"] = "收到补正申请的，应填写补正告知日期"
    if errors:
        raise ValidationError(errors)


def gate_supplement(req) -> list[str]:
    unmet = []
    if not req.supplement_notice_on:
        unmet.append("未填写补正告知日期（政府信息公开条例第三十条）")
    elif req.received_on:
        if req.supplement_notice_on < req.received_on:
            unmet.append("补正告知日期不能早于收到申请日期（政府信息公开条例第三十条）")
        else:
            due = supplement_due(req).date
            if req.supplement_notice_on > due:
                unmet.append(
                    f"补正告知应当自收到申请之日起7个工作日内（{due:%Y-%m-%d}前）一次性作出，已超过期限，"
                    "应按原申请答复（政府信息公开条例第三十条）"
                )
    if not req.supplement_content:
        unmet.append("未填写需要补正的事项：应当一次性告知（政府信息公开条例第三十条）")
    return unmet


def gate_supplemented(req) -> list[str]:
    if not req.supplement_received_on:
        return ["未填写收到补正申请的日期（政府信息公开条例第三十条）"]
    if req.supplement_notice_on and req.supplement_received_on < req.supplement_notice_on:
        return ["收到补正日期不能早于补正告知日期（政府信息公开条例第三十条）"]
    return []


def gate_abandoned(req) -> list[str]:
    unmet = []
    if not req.supplement_notice_on:
        unmet.append("未告知补正的申请不能视为放弃（政府信息公开条例第三十条）")
    if not req.abandoned_on:
        unmet.append("未填写视为放弃的日期（政府信息公开条例第三十条）")
    elif req.supplement_notice_on and req.abandoned_on <= req.supplement_notice_on:
        unmet.append("补正期限届满后才能视为放弃申请（政府信息公开条例第三十条）")
    return unmet


def gate_consulting(req) -> list[str]:
    unmet = []
    if not req.consult_from:
        unmet.append("未填写书面征求第三方意见的日期（政府信息公开条例第三十二条）")
    elif clock_start(req) and req.consult_from < clock_start(req):
        unmet.append("征求意见日期不能早于收到申请日期（政府信息公开条例第三十二条）")
    if not req.consult_party:
        unmet.append("未填写被征求意见的第三方（政府信息公开条例第三十二条）")
    if not req.consult_reason:
        unmet.append("未填写征求意见的原因：公开可能损害第三方合法权益（政府信息公开条例第三十二条）")
    return unmet


def gate_consulted(req) -> list[str]:
    if not req.consult_to:
        return ["未填写第三方提出意见（或逾期未提出意见）的日期（政府信息公开条例第三十二条）"]
    if req.consult_from and req.consult_to < req.consult_from:
        return ["第三方答复日期不能早于征求意见日期（政府信息公开条例第三十二条）"]
    return []


def gate_extended(req) -> list[str]:
    unmet = []
    limit = days(EXTENSION_MAX)
    if not req.extended_days:
        unmet.append("未填写延长的工作日数（政府信息公开条例第三十三条）")
    elif req.extended_days > limit:
        unmet.append(f"延长答复的期限最长不得超过{limit}个工作日（政府信息公开条例第三十三条）")
    if not req.extension_reason:
        unmet.append("未填写延长答复期限的理由（政府信息公开条例第三十三条）")
    if not req.extension_notice_on:
        unmet.append("未填写告知申请人延期的日期：延长答复期限应当告知申请人（政府信息公开条例第三十三条）")
    else:
        due = reply_due(_Unextended(req), req.extension_notice_on)
        if due and req.extension_notice_on > due.date:
            unmet.append(
                f"延期告知日期晚于原答复期限（{due.date:%Y-%m-%d}）：延长应当在答复期限内决定并告知申请人"
                "（政府信息公开条例第三十三条）"
            )
    return unmet


class _Unextended:
    """A read-only view of an application with its extension taken out."""

    def __init__(self, req) -> None:
        self._req = req

    def __getattr__(self, name):
        if name == "extended_days":
            return 0
        if name == "extension_reason":
            return ""
        return getattr(self._req, name)


def gate_replied(req) -> list[str]:
    unmet = []
    if not req.replied_on:
        unmet.append("未填写答复日期（政府信息公开条例第三十三条）")
    elif clock_start(req) and req.replied_on < (req.received_on or req.replied_on):
        unmet.append("答复日期不能早于收到申请日期（政府信息公开条例第三十三条）")
    if not req.reply_type:
        unmet.append("未选择答复类型（政府信息公开条例第三十六条）")
    if req.reply_type == NOT_OURS and not req.responsible_organ:
        unmet.append(
            "不属于本机关负责公开的，应当告知申请人并说明理由；能够确定负责公开机关的，应告知其名称和联系方式"
            "（政府信息公开条例第三十六条第五项）"
        )
    if req.consult_from and not req.consult_to:
        unmet.append(
            "征求第三方意见尚未结束：请先登记第三方提出意见或逾期未提出意见的日期（政府信息公开条例第三十二条）"
        )
    if req.supplement_notice_on and not req.supplement_received_on:
        unmet.append(
            "已告知补正但尚未收到补正申请：收到补正后再答复，逾期未补正的视为放弃申请（政府信息公开条例第三十条）"
        )
    return unmet


def gate_archived(req) -> list[str]:
    unmet = []
    if not req.replied_on:
        unmet.append("尚未答复的申请不能归档（政府信息公开条例第四十五条）")
    if not req.archived_on:
        unmet.append("未填写归档日期（政府信息公开条例第四十五条）")
    elif req.replied_on and req.archived_on < req.replied_on:
        unmet.append("归档日期不能早于答复日期（政府信息公开条例第四十五条）")
    return unmet


REQUEST_PROCEDURE = Procedure(
    name="依申请公开",
    steps=[
        Step("received", "登记受理"),
        Step(
            "supplement",
            "告知补正",
            fields=("supplement_notice_on", "supplement_content"),
            gate=gate_supplement,
            help="申请内容不明确的，7个工作日内一次性告知补正（政府信息公开条例第三十条）",
        ),
        Step(
            "supplemented",
            "收到补正",
            fields=("supplement_received_on",),
            gate=gate_supplemented,
            help="答复期限自收到补正的申请之日起重新计算（政府信息公开条例第三十条）",
        ),
        Step(
            "abandoned",
            "视为放弃",
            fields=("abandoned_on", "archive_number"),
            gate=gate_abandoned,
            help="无正当理由逾期不补正的，视为放弃申请（政府信息公开条例第三十条）",
        ),
        Step(
            "consulting",
            "征求第三方意见",
            fields=("consult_from", "consult_party", "consult_reason"),
            gate=gate_consulting,
            help="征求意见所需时间不计算在答复期限内（政府信息公开条例第三十二条、第三十三条第三款）",
        ),
        Step(
            "consulted",
            "第三方意见到达",
            fields=("consult_to",),
            gate=gate_consulted,
            help="第三方应在15个工作日内提出意见，逾期未提出的由本机关决定（政府信息公开条例第三十二条）",
        ),
        Step(
            "extended",
            "延长答复期限",
            fields=("extended_days", "extension_reason", "extension_notice_on"),
            gate=gate_extended,
            help="经政府信息公开工作机构负责人同意并告知申请人，只能延长一次，最长20个工作日（政府信息公开条例第三十三条）",
        ),
        Step(
            "replied",
            "答复",
            fields=("replied_on", "reply_type", "responsible_organ", "reply_summary"),
            gate=gate_replied,
            help="20个工作日内答复（政府信息公开条例第三十三条），答复类型见第三十六条",
        ),
        Step("archived", "归档", fields=("archived_on", "archive_number"), gate=gate_archived),
    ],
    transitions={
        "received": ["supplement", "consulting", "extended", "replied"],
        "supplement": ["supplemented", "abandoned"],
        "supplemented": ["consulting", "extended", "replied"],
        "consulting": ["consulted"],
        "consulted": ["extended", "replied"],
        "extended": ["replied"],
        "replied": ["archived"],
    },
)

WAITING_FOR_US = ["received", "supplemented", "consulted", "extended"]


def request_deadlines(req, today: dt.date | None = None) -> list[DueItem]:
    items = []
    answered = bool(req.replied_on) or req.step == "abandoned"
    if (d := supplement_due(req)) is not None and (req.supplement_notice_on or req.step == "received"):
        items.append(DueItem("如需补正，一次性告知补正", d, bool(req.supplement_notice_on) or answered))
    if (d := third_party_due(req)) is not None:
        items.append(DueItem("第三方提出意见", d, bool(req.consult_to)))
    # While the applicant owes a supplement (or gave up) no reply is due.
    waiting_applicant = req.step == "abandoned" or (
        req.supplement_notice_on and not req.supplement_received_on
    )
    if not waiting_applicant and (d := reply_due(req, today)) is not None:
        items.append(DueItem("答复申请人", d, bool(req.replied_on)))
    return items


LATE_SHOWN_DAYS = 365


@todo.provider("disclosure-items")
def items_due(org_ids: list[int], today: dt.date):
    from fazhi.disclosure.models import ProactiveItem

    pending = (
        todo.records(ProactiveItem, org_ids)
        .filter(published_on__isnull=True, formed_on__isnull=False)
        .select_related("org")
    )
    for item in pending:
        yield todo.Todo(
            "disclosure.proactive",
            "disclosure-items",
            item,
            proactive_due(item),
            f"“{item.title}”于{item.formed_on:%Y-%m-%d}形成，应在20个工作日内主动公开（政府信息公开条例第二十六条）",
            shown_until=item.formed_on + dt.timedelta(days=LATE_SHOWN_DAYS),
        )


@todo.provider("disclosure-requests")
def requests_due(org_ids: list[int], today: dt.date):
    from fazhi.disclosure.models import InfoRequest

    shown = dt.timedelta(days=LATE_SHOWN_DAYS)
    requests = todo.records(InfoRequest, org_ids).filter(received_on__isnull=False)
    waiting = requests.filter(step__in=WAITING_FOR_US).select_related("org")
    for r in waiting:
        extra = f"（已延长{r.extended_days}个工作日）" if r.extended_days else ""
        yield todo.Todo(
            "disclosure.reply",
            "disclosure-requests",
            r,
            reply_due(r, today),
            f"政府信息公开申请“{r}”应在20个工作日内答复{extra}（政府信息公开条例第三十三条）",
            shown_until=r.received_on + shown,
        )
    consulting = requests.filter(step="consulting").select_related("org")
    for r in consulting:
        d = third_party_due(r)
        yield todo.Todo(
            "disclosure.third_party",
            "disclosure-requests",
            r,
            d,
            f"已就申请“{r}”征求{r.consult_party}意见，第三方应在15个工作日内提出意见；逾期未提出的由本机关依法决定是否公开，"
            "征求意见期间答复期限暂停计算（政府信息公开条例第三十二条）",
            shown_until=r.received_on + shown,
        )
