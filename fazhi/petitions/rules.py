"""Rules of 信访 (domain.md §2.9). Articles are those of 《信访工作条例》 (2022), read in full
(rules-sources.md §8, VERIFIED)."""

from __future__ import annotations

import datetime as dt

from fazhi.ledger import todo
from fazhi.ledger.procedures import DueItem, Procedure, Step, days, period
from fazhi.workdays.deadlines import add

LAW = "《信访工作条例》"
EXTENSION_MAX_DAYS = 30  # 第三十四条: 延长期限不得超过三十日

NOTICE = period(
    "petitions.notice",
    "信访事项受理书面告知",
    15,
    working=False,
    source=f"{LAW}第二十三条",
    configurable=False,
)
OBJECTION = period(
    "petitions.objection",
    "转送交办事项不属本机关职权的提出异议",
    5,
    working=True,
    source=f"{LAW}第二十三条第三款",
    configurable=False,
)
CONCLUSION = period(
    "petitions.conclusion",
    "信访事项办理期限（自受理之日起）",
    60,
    working=False,
    source=f"{LAW}第三十四条",
    configurable=False,
)
REVIEW_WINDOW = period(
    "petitions.review_window",
    "信访人申请复查（复核）期限",
    30,
    working=False,
    source=f"{LAW}第三十五条、第三十六条",
    configurable=False,
)

OPEN_STEPS = ("registered", "notified", "handling")


# ------------------------------------------------------------------------------------- gates


def _notice_gate(p) -> list[str]:
    unmet = []
    if not p.notified_on:
        unmet.append(f"须记录当场或书面告知信访人的日期（{LAW}第二十三条）")
    if not p.route:
        unmet.append(
            f"须确定办理途径：本机关办理、转送有权处理的机关或引导通过法定途径解决（{LAW}第二十三条、第三十一条）"
        )
    return unmet


def _handling_gate(p) -> list[str]:
    unmet = []
    if p.route and p.route != "handle":
        unmet.append(
            f"办理途径为“{p.get_route_display()}”的信访事项不由本机关办理，告知后即可办结（{LAW}第二十三条、第三十一条）"
        )
    if not p.handler:
        unmet.append(f"须明确承办人（单位）（{LAW}第三十二条）")
    return unmet


def _opinion_missing(p) -> list[str]:
    missing = [
        label
        for value, label in (
            (p.concluded_on, "出具日期"),
            (p.result, "处理结果"),
            (p.opinion, "处理意见书要点"),
        )
        if not value
    ]
    if not missing:
        return []
    return [
        f"须出具信访处理意见书，载明信访人请求、事实和理由、处理意见及其法律法规依据；尚缺：{'、'.join(missing)}（{LAW}第三十二条）"
    ]


def _review_gate(p) -> list[str]:
    unmet = []
    if not p.review_kind:
        unmet.append(f"须注明申请的是复查还是复核（{LAW}第三十五条、第三十六条）")
    if not p.review_requested_on:
        unmet.append(f"须记录信访人申请复查（复核）的日期（{LAW}第三十五条、第三十六条）")
    return unmet


def _closing_gate(p) -> list[str]:
    unmet = []
    if not p.closed_on:
        unmet.append("须记录办结日期")
    if p.route == "handle":
        if p.step in ("registered", "notified"):
            unmet.append(
                f"本机关办理的信访事项须经办理并出具处理意见后才能办结（{LAW}第三十二条、第三十四条）"
            )
        unmet.extend(_opinion_missing(p))
    if p.review_kind and not p.review_concluded_on:
        unmet.append(
            f"已申请{p.get_review_kind_display()}的，须记录{p.get_review_kind_display()}意见后办结（{LAW}第三十五条、第三十六条）"
        )
    return unmet


PETITION = Procedure(
    name="信访事项办理",
    steps=[
        Step("registered", "登记"),
        Step(
            "notified",
            "受理告知",
            fields=("notified_on", "route"),
            gate=_notice_gate,
            help=f"收到之日起15日内书面告知信访人（{LAW}第二十三条）",
        ),
        Step(
            "handling",
            "办理",
            fields=("handler", "extended_days", "extension_reason", "extension_approved_by"),
            gate=_handling_gate,
            help=f"自受理之日起60日内办结；经负责人批准可延长一次，不超过30日（{LAW}第三十四条）",
        ),
        Step(
            "opinion",
            "出具处理意见",
            fields=("concluded_on", "result", "opinion"),
            gate=_opinion_missing,
            help=f"出具信访处理意见书（{LAW}第三十二条）",
        ),
        Step(
            "review",
            "复查/复核",
            fields=(
                "review_kind",
                "review_requested_on",
                "review_organ",
                "review_concluded_on",
                "review_result",
            ),
            gate=_review_gate,
            help=f"信访人收到处理意见书之日起30日内可申请复查，收到复查意见之日起30日内可申请复核（{LAW}第三十五条、第三十六条）",
        ),
        Step("closed", "办结", fields=("closed_on", "satisfaction"), gate=_closing_gate),
    ],
    transitions={
        "registered": ["notified"],
        "notified": ["handling", "closed"],
        "handling": ["opinion"],
        "opinion": ["review", "closed"],
        "review": ["closed"],
    },
)


def petition_errors(p) -> dict[str, str]:
    """Field errors of a petition (any step), in Chinese."""
    errors: dict[str, str] = {}
    start = p.received_on
    for name, label in (
        ("notified_on", "书面告知日期"),
        ("concluded_on", "出具处理意见日期"),
        ("closed_on", "办结日期"),
    ):
        value = getattr(p, name)
        if value and start and value < start:
            errors[name] = f"{label}不能早于收到日期"
    if p.extended_days:
        if p.extended_days > EXTENSION_MAX_DAYS:
            errors["extended_days"] = (
                f"办理期限只能延长一次，延长期限不得超过{EXTENSION_MAX_DAYS}日（{LAW}第三十四条）"
            )
        if not p.extension_reason.strip():
            errors["extension_reason"] = f"延长办理期限须记录理由并告知信访人（{LAW}第三十四条）"
        if not p.extension_approved_by.strip():
            errors["extension_approved_by"] = f"延长办理期限须经本机关负责人批准（{LAW}第三十四条）"
    if p.review_requested_on and p.concluded_on and p.review_requested_on < p.concluded_on:
        errors["review_requested_on"] = "申请复查（复核）日期不能早于出具处理意见日期"
    if p.review_concluded_on and p.review_requested_on and p.review_concluded_on < p.review_requested_on:
        errors["review_concluded_on"] = "复查（复核）意见日期不能早于申请日期"
    if p.closed_on and p.concluded_on and p.closed_on < p.concluded_on:
        errors["closed_on"] = "办结日期不能早于出具处理意见日期"
    return errors


# ----------------------------------------------------------------------------------- deadlines


def notice_due(p):
    return add(
        p.received_on,
        days(NOTICE),
        working=False,
        rule=f"{LAW}第二十三条：收到信访事项后，能够当场告知的当场书面告知，不能当场告知的自收到之日起15日内书面告知信访人",
    )


def objection_due(p):
    return add(
        p.received_on,
        days(OBJECTION),
        working=True,
        rule=f"{LAW}第二十三条第三款：上级转送、交办的信访事项不属于本机关职权范围的，应自收到之日起5个工作日内提出异议并详细说明理由",
    )


def conclusion_due(p):
    """60 days from acceptance (the written notice), plus the one recorded extension."""
    start = p.notified_on or p.received_on
    rule = f"{LAW}第三十四条：信访事项应当自受理之日起60日内办结；情况复杂的，经本机关负责人批准，可以适当延长办理期限，但延长期限不得超过30日"
    if not p.notified_on:
        rule += "（尚未记录受理告知日期，暂以收到日期起算）"
    extensions = (
        [(p.extended_days, f"{p.extension_reason}（{p.extension_approved_by}批准）")]
        if p.extended_days
        else []
    )
    return add(start, days(CONCLUSION), working=False, extensions=extensions, rule=rule)


def review_window(p):
    return add(
        p.concluded_on,
        days(REVIEW_WINDOW),
        working=False,
        rule=f"{LAW}第三十五条：信访人对处理意见不服的，可以自收到书面答复之日起30日内请求上一级机关复查（以出具日期估算，实际自信访人收到之日起算）",
    )


def deadlines(p) -> list[DueItem]:
    items = [DueItem("书面告知信访人", notice_due(p), done=bool(p.notified_on))]
    if p.channel == "referred" and p.step == "registered":
        items.append(DueItem("不属本机关职权的，提出异议", objection_due(p), done=False))
    if p.route in ("", "handle"):
        items.append(DueItem("办结（出具处理意见）", conclusion_due(p), done=bool(p.concluded_on)))
    if p.concluded_on:
        items.append(
            DueItem("信访人可申请复查至", review_window(p), done=bool(p.review_kind) or p.step == "closed")
        )
    return items


def concluded_on_time(p) -> bool:
    return bool(p.concluded_on) and p.concluded_on <= conclusion_due(p).date


def notified_on_time(p) -> bool:
    return bool(p.notified_on) and p.notified_on <= notice_due(p).date


# -------------------------------------------------------------------------------------- to-do


@todo.provider("petitions")
def petitions_due(org_ids: list[int], today: dt.date):
    from fazhi.petitions.models import Petition

    petitions = todo.records(Petition, org_ids)
    for p in petitions.filter(step="registered").select_related("org"):
        yield todo.Todo(
            "petitions.notice",
            "petitions",
            p,
            notice_due(p),
            f"信访事项“{p}”于{p.received_on:%Y-%m-%d}收到，须在15日内书面告知信访人是否受理及办理途径（{LAW}第二十三条）",
        )
    in_hand = petitions.filter(step__in=["notified", "handling"], route="handle")
    for p in in_hand.select_related("org"):
        due = conclusion_due(p)
        extended = f"，已延长{p.extended_days}日（{p.extension_reason}）" if p.extended_days else ""
        yield todo.Todo(
            "petitions.conclusion",
            "petitions",
            p,
            due,
            f"信访事项“{p}”须自受理之日起60日内办结并出具处理意见书{extended}（{LAW}第三十四条）",
        )
