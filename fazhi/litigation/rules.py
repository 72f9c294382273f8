"""Rules of 行政复议与应诉 (domain.md §2.12; rules-sources.md §10, VERIFIED): 行政复议法 (2023),
行政诉讼法 (2017), 最高人民法院关于适用《行政诉讼法》的解释 (法释〔2018〕1号)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from fazhi.ledger import todo
from fazhi.ledger.procedures import DueItem, Procedure, Step, days, period
from fazhi.workdays.deadlines import add

FY = "行政复议法"
SS = "行政诉讼法"
JS = "最高人民法院关于适用《行政诉讼法》的解释"

# Results that count as lost (败诉/被纠错): the act is annulled, changed, declared unlawful or
# void, or the township is ordered to act.
LOST = ("revoked", "changed", "unlawful", "void", "ordered")
# Ways a case ends without a hearing.
WITHOUT_HEARING = ("withdrawn", "settled", "rejected")

ANSWER_RECONSIDERATION = period(
    "litigation.answer_reconsideration",
    "行政复议书面答复（被申请人）",
    10,
    working=True,
    source=f"{FY}第四十八条、第八十八条",
    configurable=False,
)
ANSWER_SIMPLE = period(
    "litigation.answer_simple",
    "行政复议简易程序书面答复",
    5,
    working=True,
    source=f"{FY}第五十四条、第八十八条",
    configurable=False,
)
ANSWER_LITIGATION = period(
    "litigation.answer_litigation",
    "行政诉讼提交证据、依据和答辩状",
    15,
    working=False,
    source=f"{SS}第六十七条",
    configurable=False,
)
CORRECTION = period(
    "litigation.correction",
    "败诉、被纠错案件整改及司法建议（复议意见书）回复",
    60,
    working=False,
    source=f"{FY}第七十七条（复议意见书，60日内报送纠正情况）；司法建议的回复期限依本省规定",
)


def _reconsideration(c) -> bool:
    return c.kind == "reconsideration"


# ------------------------------------------------------------------------------------- gates


def _answer_gate(c) -> list[str]:
    unmet = []
    if _reconsideration(c):
        if not c.answered_on:
            unmet.append(f"须记录提出书面答复的日期（{FY}第四十八条）")
        if not c.materials_submitted:
            unmet.append(f"须提交当初作出行政行为的证据、依据和其他有关材料（{FY}第四十八条）")
    else:
        if not c.answered_on:
            unmet.append(f"须记录提交答辩状的日期（{SS}第六十七条）")
        if not c.materials_submitted:
            unmet.append(f"须向人民法院提交作出行政行为的证据和所依据的规范性文件（{SS}第六十七条）")
    return unmet


def attendance_unmet(c) -> list[str]:
    """负责人出庭: a 负责人 of the township appears, or the reason for absence is recorded and the
    organ's own staff appear; lawyers alone do not count."""
    if not c.hearing_on:
        return []
    basis = f"{FY}第五十一条" if _reconsideration(c) else f"{SS}第三条第三款"
    who = "参加听证" if _reconsideration(c) else "出庭应诉"
    unmet = []
    if c.attended_by:
        if not c.attended_role:
            unmet.append(f"须注明{who}负责人的职务：正职、副职或其他参与分管的负责人（{JS}第一百二十八条）")
        return unmet
    if not c.absence_reason:
        if c.lawyers and not c.staff_attended:
            unmet.append(f"仅有律师{who}，不视为行政机关负责人或工作人员{who}（{JS}第一百二十八条）")
        unmet.append(f"须记录{who}的负责人（姓名和职务），或负责人不能{who}的理由（{basis}）")
    elif not c.staff_attended:
        unmet.append(
            f"负责人不能{who}的，应当委托本机关相应的工作人员{who}，仅委托律师的不符合要求（{basis}；{JS}第一百二十八条）"
        )
    return unmet


def _hearing_gate(c) -> list[str]:
    unmet = []
    if not c.hearing_on and not c.written_review:
        unmet.append("须记录开庭（听证）日期；复议案件书面审理的，勾选“书面审理”")
    if c.hearing_on and c.hearing_on > timezone.localdate():
        unmet.append(f"开庭（听证）日期{c.hearing_on:%Y-%m-%d}尚未到，开庭后再记录审理情况")
    unmet.extend(attendance_unmet(c))
    return unmet


def _closing_gate(c) -> list[str]:
    unmet = []
    if not c.closed_on:
        unmet.append("须记录结案日期")
    if not c.result:
        unmet.append("须记录复议决定或裁判结果")
    if not c.hearing_on and not c.written_review and c.result and c.result not in WITHOUT_HEARING:
        unmet.append("未经开庭（听证）或书面审理的案件，只能以撤回、调解和解或驳回结案；请先记录审理情况")
    unmet.extend(attendance_unmet(c))
    return unmet


def _correction_gate(c) -> list[str]:
    unmet = []
    if c.result not in LOST and not c.advice:
        unmet.append("只有败诉、被纠错或收到司法建议（复议意见书）的案件需要纠错整改")
        return unmet
    basis = f"（{FY}第七十六条、第七十七条）" if _reconsideration(c) else "（依生效裁判履行；依本省规定）"
    if not c.correction or not c.corrected_on:
        unmet.append(f"须记录纠错整改情况和完成日期{basis}")
    if c.advice and not (c.advice_replied_on and c.advice_reply):
        basis = f"（{FY}第七十七条）" if _reconsideration(c) else "（依本省规定）"
        unmet.append(f"收到司法建议（复议意见书）的，须记录回复日期和回复内容{basis}")
    return unmet


CASE = Procedure(
    name="行政复议与行政应诉",
    steps=[
        Step("received", "收案"),
        Step(
            "answered",
            "答复/答辩",
            fields=("answered_on", "materials_submitted", "answer_summary"),
            gate=_answer_gate,
            help=f"复议：收到申请书副本之日起10个工作日内书面答复（{FY}第四十八条），逾期视为没有证据、依据（第七十条）；诉讼：15日内答辩（{SS}第六十七条）",
        ),
        Step(
            "hearing",
            "开庭/审理",
            fields=(
                "written_review",
                "attended_by",
                "attended_role",
                "absence_reason",
                "staff_attended",
                "lawyers",
            ),
            gate=_hearing_gate,
            help=f"行政机关负责人应当出庭应诉（{SS}第三条第三款；{FY}第五十一条）；仅委托律师的不视为出庭（{JS}第一百二十八条）",
        ),
        Step(
            "closed",
            "结案",
            fields=("closed_on", "result", "result_note", "appealed", "advice", "advice_received_on"),
            gate=_closing_gate,
        ),
        Step(
            "corrected",
            "纠错/整改",
            fields=("corrected_on", "correction", "advice_replied_on", "advice_reply"),
            gate=_correction_gate,
        ),
    ],
    transitions={
        "received": ["answered"],
        "answered": ["hearing", "closed"],
        "hearing": ["closed"],
        "closed": ["corrected"],
    },
)


def case_errors(c) -> dict[str, str]:
    errors: dict[str, str] = {}
    start = c.received_on
    for name in ("answered_on", "hearing_on", "closed_on", "advice_received_on"):
        value = getattr(c, name)
        if value and start and value < start:
            errors[name] = "不能早于收到申请书（起诉状）副本日期"
    if c.corrected_on and c.closed_on and c.corrected_on < c.closed_on:
        errors["corrected_on"] = "纠错整改完成日期不能早于结案日期"
    if c.simple_procedure and not _reconsideration(c):
        errors["simple_procedure"] = "简易程序仅适用于行政复议案件"
    if c.trial_level and _reconsideration(c):
        errors["trial_level"] = "审级仅适用于行政诉讼案件"
    if c.attended_role and not c.attended_by:
        errors["attended_by"] = "填写了负责人职务的，须填写出庭负责人姓名"
    if c.advice_received_on and not c.advice:
        errors["advice"] = "填写了收到司法建议日期的，须填写司法建议内容"
    if (c.advice_replied_on or c.advice_reply) and not c.advice:
        errors["advice"] = "没有司法建议（复议意见书），无需回复"
    return errors


# ----------------------------------------------------------------------------------- deadlines


def answer_due(c):
    if _reconsideration(c):
        if c.simple_procedure:
            n, rule = (
                days(ANSWER_SIMPLE),
                f"{FY}第五十四条：适用简易程序的，被申请人应当自收到申请书副本之日起5日内提出书面答复",
            )
        else:
            n, rule = (
                days(ANSWER_RECONSIDERATION),
                (
                    f"{FY}第四十八条：被申请人应当自收到申请书副本或者申请笔录复印件之日起10日内提出书面答复，"
                    "并提交作出行政行为的证据、依据和其他有关材料"
                ),
            )
        rule += (
            f"；第八十八条：此处的“日”为工作日。逾期未提出书面答复、未提交证据依据的，"
            f"视为该行政行为没有证据、依据，复议机关决定撤销或确认违法（{FY}第七十条）"
        )
        return add(c.received_on, n, working=True, rule=rule)
    return add(
        c.received_on,
        days(ANSWER_LITIGATION),
        working=False,
        rule=f"{SS}第六十七条：被告应当在收到起诉状副本之日起15日内向人民法院提交作出行政行为的证据和所依据的规范性文件，并提出答辩状",
    )


def correction_due(c):
    start = c.advice_received_on or c.closed_on
    return add(start, days(CORRECTION), working=False, rule=f"纠错整改及回复期限：{CORRECTION.source}")


def hearing_due(c):
    return add(
        c.hearing_on,
        0,
        working=False,
        rule=f"开庭（听证）日：负责人应当出庭应诉或参加听证（{SS}第三条第三款；{FY}第五十一条）",
    )


def answered_on_time(c) -> bool:
    return bool(c.answered_on) and c.answered_on <= answer_due(c).date


def is_lost(c) -> bool:
    return c.result in LOST


def deadlines(c) -> list[DueItem]:
    label = "书面答复（提交证据、依据）" if _reconsideration(c) else "提交证据、依据和答辩状"
    items = [DueItem(label, answer_due(c), done=bool(c.answered_on))]
    if c.hearing_on:
        items.append(DueItem("开庭（听证），负责人出庭", hearing_due(c), done=CASE.reached(c, "hearing")))
    if c.closed_on and (is_lost(c) or c.advice):
        items.append(DueItem("纠错整改、回复司法建议", correction_due(c), done=c.step == "corrected"))
    return items


# -------------------------------------------------------------------------------------- to-do


@todo.provider("litigation-cases")
def cases_due(org_ids: list[int], today: dt.date):
    from django.db.models import Q

    from fazhi.litigation.models import Case

    cases = todo.records(Case, org_ids)
    for c in cases.filter(step="received").select_related("org"):
        due = answer_due(c)
        if _reconsideration(c):
            reason = (
                f"复议案件“{c}”须在收到申请书副本之日起{due.days}个工作日内书面答复并提交证据、依据（{FY}第四十八条）；"
                f"逾期视为该行政行为没有证据、依据，将被撤销或确认违法（{FY}第七十条）"
            )
        else:
            reason = (
                f"诉讼案件“{c}”须在收到起诉状副本之日起15日内提交证据、规范性文件和答辩状（{SS}第六十七条）"
            )
        yield todo.Todo("litigation.answer", "litigation-cases", c, due, reason)
    waiting = cases.filter(step="answered", hearing_on__isnull=False)
    for c in waiting.select_related("org"):
        due = hearing_due(c)
        yield todo.Todo(
            "litigation.hearing",
            "litigation-cases",
            c,
            due,
            f"案件“{c}”{c.hearing_on:%Y-%m-%d}开庭（听证）：负责人应当出庭，不能出庭的须记录理由并委托工作人员出庭，"
            f"仅委托律师不符合要求（{SS}第三条第三款；{FY}第五十一条；{JS}第一百二十八条）；开庭后记录出庭情况",
        )
    lost = cases.filter(step="closed").filter(Q(result__in=LOST) | ~Q(advice=""))
    for c in lost.select_related("org"):
        due = correction_due(c)
        yield todo.Todo(
            "litigation.correction",
            "litigation-cases",
            c,
            due,
            f"案件“{c}”结果为{c.get_result_display() or '—'}{'，并收到司法建议' if c.advice else ''}，须纠错整改并报送（回复）纠正情况（{CORRECTION.source}）",
        )
