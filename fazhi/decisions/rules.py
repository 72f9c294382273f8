"""Rules of 重大行政决策 (domain.md §2.6). The source is 《重大行政决策程序暂行条例》
(国务院令第713号), which townships follow by reference (第四十二条); the articles are in
shared/rules-sources.md §3. Every unmet condition names its article."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from fazhi.ledger import todo
from fazhi.ledger.procedures import DueItem, Procedure, Step, days, period
from fazhi.workdays.deadlines import add, workdays_between

LAW = "《重大行政决策程序暂行条例》"

COMMENT = period(
    "decisions.comment",
    "重大行政决策公开征求意见期限（不少于）",
    30,
    working=False,
    source=f"{LAW}第十五条",
    configurable=False,
)
HEARING_MATERIALS = period(
    "decisions.hearing_materials",
    "听证材料于听证前送达（不少于）",
    7,
    working=False,
    source=f"{LAW}第十七条",
    configurable=False,
)
REVIEW = period(
    "decisions.review",
    "重大行政决策合法性审查时间（不少于）",
    7,
    working=True,
    source=f"{LAW}第二十六条",
    configurable=False,
)

APPROVED = ("adopted", "amended")
PASSED = ("lawful", "amended")


def _today() -> dt.date:
    return timezone.localdate()


# --------------------------------------------------------------------------- dates and periods


def comment_min_end(d) -> dt.date | None:
    """The earliest lawful last day of the public comment period (≥30 days, 第十五条).

    A minimum length, not a time limit on a party: a period ending on a holiday is not moved."""
    if not d.comment_from:
        return None
    return d.comment_from + dt.timedelta(days=days(COMMENT))


def review_min_end(d):
    """The earliest day the legality review may be completed (≥7 working days, 第二十六条)."""
    if not d.review_submitted_on:
        return None
    return add(d.review_submitted_on, days(REVIEW), working=True, rule=f"{LAW}第二十六条")


def hearing_materials_due(d) -> dt.date | None:
    """Materials reach the participants at least 7 days before the hearing (第十七条)."""
    if not d.hearing_on:
        return None
    return d.hearing_on - dt.timedelta(days=days(HEARING_MATERIALS))


# ------------------------------------------------------------------------------------- gates


def _listed(d) -> list[str]:
    cat = d.catalogue
    if cat is None:
        return [f"未选择所列入的重大行政决策事项目录（{LAW}第三条第三款）"]
    if not (cat.party_agreed_on and cat.published_on):
        return [f"“{cat}”尚未经同级党委同意并向社会公布（{LAW}第三条第三款）"]
    return []


def _comment_entered(d) -> list[str]:
    if not (d.comment_from and d.comment_to):
        return [f"未填写公开征求意见的起止日期（{LAW}第十五条）"]
    return _comment_length(d)


def _comment_length(d) -> list[str]:
    if d.comment_to < d.comment_from:
        return ["征求意见截止日期早于开始日期"]
    if d.comment_to < comment_min_end(d) and not d.comment_shortened_reason.strip():
        return [
            f"公开征求意见期限自{d.comment_from:%Y-%m-%d}至{d.comment_to:%Y-%m-%d}，"
            f"不足{days(COMMENT)}日（应至少至{comment_min_end(d):%Y-%m-%d}），且未载明缩短期限的理由（{LAW}第十五条）"
        ]
    return []


def _hearing(d) -> list[str]:
    if not d.hearing_on:
        return [f"未填写听证日期（{LAW}第十六条）"]
    # Materials may still be on their way when the hearing is scheduled; once sent, on time.
    return _hearing_materials(d) if d.hearing_materials_on else []


def _hearing_materials(d) -> list[str]:
    if not d.hearing_on:
        return []
    due = hearing_materials_due(d)
    if d.hearing_materials_on is None or d.hearing_materials_on > due:
        return [
            f"听证材料应于听证{days(HEARING_MATERIALS)}日前（{due:%Y-%m-%d}前）送达听证参加人（{LAW}第十七条）"
        ]
    return []


def _expert(d) -> list[str]:
    if d.expert_on and d.expert_opinion.strip():
        return []
    return [f"未填写专家论证日期和论证意见（{LAW}第十九条至第二十一条）"]


def _risk(d) -> list[str]:
    if d.risk_report_on and d.risk_summary.strip():
        return []
    return [f"未填写风险评估报告日期及风险点、防范措施（{LAW}第二十二条、第二十三条）"]


def _review_submitted(d) -> list[str]:
    return [] if d.review_submitted_on else [f"未填写送交合法性审查的日期（{LAW}第二十六条）"]


def ready_for_discussion(d) -> list[str]:
    """The statutory gate before collective discussion: every unmet condition, with its article."""
    today = _today()
    on = d.discussed_on or today
    unmet: list[str] = []
    # 公众参与
    if not d.is_secret:
        if not (d.comment_from and d.comment_to):
            unmet.append(f"决策草案未向社会公开征求意见（{LAW}第十四条、第十五条）")
        else:
            unmet.extend(_comment_length(d))
            if d.comment_to >= on:
                unmet.append(f"公开征求意见期至{d.comment_to:%Y-%m-%d}，尚未届满（{LAW}第十五条）")
            if not d.comment_feedback.strip():
                unmet.append(f"未填写公众意见的研究采纳及反馈情况（{LAW}第十八条、第二十九条）")
    unmet.extend(_hearing_materials(d))
    # 专家论证、风险评估
    if d.is_technical and _expert(d):
        unmet.append(f"本事项专业性、技术性较强，须先组织专家论证并形成论证意见（{LAW}第十九条）")
    if d.has_risk:
        if _risk(d):
            unmet.append(
                f"本事项可能影响社会稳定或公共安全，须先开展风险评估并形成评估报告（{LAW}第二十二条）"
            )
        elif not d.risk_controllable:
            unmet.append(f"风险评估认为风险不可控，应调整决策草案或采取措施后再作决策（{LAW}第二十四条）")
    # 合法性审查
    if not d.review_submitted_on or not d.review_completed_on or not d.review_result:
        unmet.append(f"决策草案未经合法性审查（未出具审查结论），不得提交讨论（{LAW}第二十五条）")
    else:
        if d.review_result not in PASSED:
            unmet.append(f"合法性审查认为不合法，不得提交讨论（{LAW}第二十五条）")
        spent = workdays_between(d.review_submitted_on, d.review_completed_on)
        if spent < days(REVIEW):
            unmet.append(
                f"合法性审查自{d.review_submitted_on:%Y-%m-%d}送审至{d.review_completed_on:%Y-%m-%d}完成，"
                f"仅{spent}个工作日，不得少于{days(REVIEW)}个工作日（{LAW}第二十六条）"
            )
        if d.review_completed_on > on:
            unmet.append(
                f"合法性审查于{d.review_completed_on:%Y-%m-%d}完成，集体讨论不能早于此日（{LAW}第二十五条）"
            )
        for label, done_on in (("专家论证", d.expert_on), ("风险评估", d.risk_report_on)):
            if done_on and done_on > d.review_completed_on:
                unmet.append(
                    f"{label}（{done_on:%Y-%m-%d}）晚于合法性审查完成日，合法性审查应审查法定程序的履行情况，"
                    f"须在其后重新完成审查（{LAW}第二十七条）"
                )
        if not d.review_opinion.strip():
            unmet.append(f"未填写合法性审查意见（{LAW}第二十七条、第二十九条）")
    if not (d.adviser.strip() and d.adviser_opinion.strip()):
        unmet.append(f"合法性审查未听取法律顾问或公职律师的意见（{LAW}第二十八条）")
    return unmet


def _discussion(d) -> list[str]:
    unmet = ready_for_discussion(d)
    if not (d.discussed_on and d.meeting.strip() and d.minutes.strip() and d.outcome):
        unmet.append(f"未填写集体讨论的日期、会议名称、会议纪要和讨论结果（{LAW}第三十条）")
    return unmet


def _reported(d) -> list[str]:
    unmet = []
    if d.outcome not in APPROVED:
        unmet.append(f"集体讨论未同意该决策，不能报告党委后公布（{LAW}第三十条）")
    if not d.party_reported_on:
        unmet.append(f"未填写向同级党委请示报告的日期（{LAW}第三十一条）")
    elif d.discussed_on and d.party_reported_on < d.discussed_on:
        unmet.append("报告党委日期早于集体讨论日期")
    return unmet


def _published(d) -> list[str]:
    unmet = []
    if not (d.published_on and d.publish_channel.strip()):
        unmet.append(f"未填写公布日期和公布渠道（{LAW}第三十二条）")
    elif d.party_reported_on and d.published_on < d.party_reported_on:
        unmet.append(f"公布日期早于报告党委日期：决策应先报告同级党委（{LAW}第三十一条）")
    return unmet


def _archived(d) -> list[str]:
    if d.archived_on and d.archive_ref.strip():
        return []
    return [f"未填写归档日期和档案号：决策过程记录和材料应及时完整归档（{LAW}第三十三条）"]


def _evaluated(d) -> list[str]:
    if d.evaluated_on and d.evaluation.strip():
        return []
    return [f"未填写后评估日期和评估结论（{LAW}第三十六条）"]


def _dropped(d) -> list[str]:
    return [] if d.dropped_reason.strip() else ["未填写终止理由"]


PROCEDURE = Procedure(
    name="重大行政决策",
    steps=[
        Step("draft", "决策启动", help=f"承办单位拟定决策草案（{LAW}第十条至第十三条）"),
        Step("listed", "列入目录", fields=("catalogue",), gate=_listed, help=f"{LAW}第三条第三款"),
        Step(
            "comment",
            "公众参与",
            fields=("comment_from", "comment_to", "comment_shortened_reason"),
            gate=_comment_entered,
            help=f"公开征求意见不少于30日；因情况紧急等原因需要缩短的，应当说明理由（{LAW}第十四条、第十五条）",
        ),
        Step(
            "hearing",
            "听证",
            fields=("hearing_on", "hearing_materials_on"),
            gate=_hearing,
            help=f"可选；听证材料于听证7日前送达参加人（{LAW}第十六条、第十七条）",
        ),
        Step(
            "expert",
            "专家论证",
            fields=("expert_on", "experts", "expert_opinion"),
            gate=_expert,
            help=f"专业性、技术性较强的决策事项应当组织专家论证（{LAW}第十九条）",
        ),
        Step(
            "risk",
            "风险评估",
            fields=("risk_report_on", "risk_controllable", "risk_summary"),
            gate=_risk,
            help=f"可能对社会稳定、公共安全等造成不利影响的应当开展风险评估（{LAW}第二十二条）",
        ),
        Step(
            "review",
            "合法性审查",
            fields=(
                "review_submitted_on",
                "review_completed_on",
                "review_result",
                "review_opinion",
                "adviser",
                "adviser_opinion",
            ),
            gate=_review_submitted,
            help=f"审查时间不少于7个工作日，应当听取法律顾问、公职律师的意见（{LAW}第二十六条、第二十八条）",
        ),
        Step(
            "discussion",
            "集体讨论决定",
            fields=("discussed_on", "meeting", "minutes", "dissent", "outcome"),
            gate=_discussion,
            help=f"未经合法性审查或经审查不合法的，不得提交集体讨论（{LAW}第二十五条、第三十条）",
        ),
        Step("reported", "报告党委", fields=("party_reported_on",), gate=_reported, help=f"{LAW}第三十一条"),
        Step(
            "published",
            "公布",
            fields=("published_on", "publish_channel"),
            gate=_published,
            help=f"{LAW}第三十二条",
        ),
        Step(
            "archived", "归档", fields=("archived_on", "archive_ref"), gate=_archived, help=f"{LAW}第三十三条"
        ),
        Step(
            "evaluated",
            "决策后评估",
            fields=("evaluated_on", "evaluator", "evaluation"),
            gate=_evaluated,
            help=f"可选（{LAW}第三十六条）",
        ),
        Step("dropped", "终止决策", fields=("dropped_reason",), gate=_dropped),
    ],
    transitions={
        "draft": ["listed", "dropped"],
        "listed": ["comment", "hearing", "expert", "risk", "review", "dropped"],
        "comment": ["hearing", "expert", "risk", "review", "dropped"],
        "hearing": ["expert", "risk", "review", "dropped"],
        "expert": ["risk", "review", "dropped"],
        "risk": ["review", "dropped"],
        # An expert argument or risk assessment found missing at the gate is held after the review
        # was asked for; the review is then completed again on the fuller file.
        "review": ["discussion", "expert", "risk", "dropped"],
        "discussion": ["reported", "dropped"],
        "reported": ["published"],
        "published": ["archived"],
        "archived": ["evaluated"],
    },
)

DECIDED = ("discussion", "reported", "published", "archived", "evaluated")


# ------------------------------------------------------------------------- field validation


def check_catalogue(c) -> None:
    errors: dict[str, str] = {}
    if c.published_on and not c.party_agreed_on:
        errors["party_agreed_on"] = f"目录应经同级党委同意后再公布（{LAW}第三条第三款）"
    elif c.published_on and c.published_on < c.party_agreed_on:
        errors["published_on"] = f"公布日期早于党委同意日期（{LAW}第三条第三款）"
    c.raise_errors(errors)


def check_decision(d) -> None:
    errors: dict[str, str] = {}
    if d.comment_from and d.comment_to and d.comment_to < d.comment_from:
        errors["comment_to"] = "征求意见截止日期早于开始日期"
    if d.comments_adopted > d.comments_received:
        errors["comments_adopted"] = "采纳意见条数不能多于收到意见条数"
    if d.review_submitted_on and d.review_completed_on and d.review_completed_on < d.review_submitted_on:
        errors["review_completed_on"] = "审查完成日期早于送审日期"
    if d.hearing_on and d.hearing_materials_on and d.hearing_materials_on > d.hearing_on:
        errors["hearing_materials_on"] = "听证材料送达日期晚于听证日期"
    d.raise_errors(errors)


# ----------------------------------------------------------------------- due dates and to-do


def deadlines(d) -> list[DueItem]:
    items = []
    if d.review_submitted_on:
        dl = review_min_end(d)
        items.append(
            DueItem(
                "合法性审查最早完成日（不少于7个工作日）",
                dl,
                done=bool(d.review_completed_on and d.review_completed_on >= dl.date),
            )
        )
    return items


@todo.provider("decisions")
def decisions_due(org_ids: list[int], today: dt.date):
    from fazhi.decisions.models import Decision

    # After the comment period, the lead unit sorts the comments and reports what was adopted.
    waiting = (
        todo.records(Decision, org_ids)
        .filter(
            step__in=["comment", "hearing", "expert", "risk", "review"],
            comment_to__isnull=False,
            comment_feedback="",
        )
        .select_related("org")
    )
    for d in waiting:
        yield todo.Todo(
            "decisions.comment_feedback",
            "decisions",
            d,
            d.comment_to,
            f"“{d}”征求意见于{d.comment_to:%Y-%m-%d}截止，应研究采纳并填写意见反馈情况（{LAW}第十八条）",
        )
    hearings = (
        todo.records(Decision, org_ids)
        .filter(step="hearing", hearing_on__isnull=False, hearing_materials_on__isnull=True)
        .select_related("org")
    )
    for d in hearings:
        yield todo.Todo(
            "decisions.hearing_materials",
            "decisions",
            d,
            hearing_materials_due(d),
            f"“{d}”将于{d.hearing_on:%Y-%m-%d}听证，材料应于听证7日前送达参加人（{LAW}第十七条）",
        )
