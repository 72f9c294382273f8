"""Rules of administrative enforcement (domain.md §2.5); sources in shared/rules-sources.md §4.

Gates of an enforcement case: no filing without two officers holding valid certificates
(行政处罚法第四十二条, 行政强制法第十八条); no penalty decision without prior notice (第四十四条、
第六十二条), nor, for a major case, without a passed legal review (第五十八条). Due dates: the
decision within 90 days of filing (第六十条), service within 7 working days (第六十一条、第八十五条),
publication within 7 working days for penalties and 20 working days for other decisions
(国办发〔2018〕118号), withdrawal of a changed published decision within 3 working days
(第四十八条、第八十五条).

行政强制执行 waits for its written demand (催告): the township's own 强制执行决定 only after the
performance period the 催告书 states has run without performance and the party's statement and
defence were recorded and reviewed (行政强制法第三十五条至第三十七条); an application to the court
only ten working days after the 催告书 was served (第五十四条; 第六十九条: periods of ten days or
less are working days). A 行政强制措施 (查封、扣押) needs no demand.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError

from fazhi.ledger import todo
from fazhi.ledger.procedures import DueItem, Procedure, Step, days, period
from fazhi.workdays.calendar import Deadline
from fazhi.workdays.deadlines import add

# ------------------------------------------------------------------------------------ periods

DECISION = period(
    "enforcement.decision",
    "行政处罚案件办理期限（自立案之日起）",
    90,
    working=False,
    source="行政处罚法第六十条",
    configurable=False,
)
SERVICE = period(
    "enforcement.service",
    "行政处罚决定书送达期限",
    7,
    working=True,
    source="行政处罚法第六十一条、第八十五条",
    configurable=False,
)
PUBLICATION_PENALTY = period(
    "enforcement.publication_penalty",
    "行政处罚、行政许可决定公示期限",
    7,
    working=True,
    source="国办发〔2018〕118号（行政执法公示制度）",
)
PUBLICATION_OTHER = period(
    "enforcement.publication_other",
    "其他行政执法决定公示期限",
    20,
    working=True,
    source="国办发〔2018〕118号（行政执法公示制度）",
)
WITHDRAWAL = period(
    "enforcement.withdrawal",
    "已公开的处罚决定被变更、撤销后撤回公开的期限",
    3,
    working=True,
    source="行政处罚法第四十八条、第八十五条",
    configurable=False,
)
HEARING_NOTICE = period(
    "enforcement.hearing_notice",
    "听证通知应在举行听证前的天数",
    7,
    working=True,
    source="行政处罚法第六十四条、第八十五条",
    configurable=False,
)
HEARING_REQUEST = period(
    "enforcement.hearing_request",
    "当事人要求听证的期限（自事先告知之日起）",
    5,
    working=True,
    source="行政处罚法第六十四条、第八十五条",
    configurable=False,
)
STATEMENT = period(
    "enforcement.statement",
    "当事人陈述、申辩的期限（自事先告知之日起）",
    3,
    working=True,
    source="依本地实践（行政处罚法第四十五条规定当事人有权陈述、申辩，未规定期限）",
)
COURT_WAIT = period(
    "enforcement.court_wait",
    "申请人民法院强制执行前，催告书送达后应等待的期限",
    10,
    working=True,
    source="行政强制法第五十四条、第六十九条（十日以内期限为工作日）",
    configurable=False,
)
CERTIFICATE_WARNING = period(
    "enforcement.certificate_warning",
    "执法证件到期前提醒天数",
    30,
    working=False,
    source="依本省规定",
)
IDLE_OFFICER = period(
    "enforcement.idle_officer",
    "持证人员未办理案件提示（天）",
    730,
    working=False,
    source="依本省规定（持证两年未办案的人员应核实是否仍需持证）",
)

KIND_PENALTY, KIND_COERCION, KIND_INSPECTION = "penalty", "coercion", "inspection"
# Decision results (Case.Result).
R_PENALTY, R_NO_PENALTY, R_COERCION, R_INSPECTION, R_DROPPED = (
    "penalty",
    "no_penalty",
    "coercion",
    "inspection",
    "dropped",
)
SERVICE_REQUIRED = {R_PENALTY, R_NO_PENALTY, R_COERCION}
# Coercion routes (CoercionRoute): a measure (查封、扣押) needs no demand; enforcement by the
# township itself or through the court is preceded by a written demand (催告).
ROUTE_MEASURE, ROUTE_EXECUTION, ROUTE_COURT = "measure", "execution", "court"
DEMAND_ROUTES = {ROUTE_EXECUTION, ROUTE_COURT}
REVIEW_PASSED = "agree"


def _basis(case) -> str:
    if case.kind == KIND_COERCION:
        return "行政强制法第十八条"
    return "行政处罚法第四十二条"


# ---------------------------------------------------------------------------------- officers


def certificate_valid_on(officer, day: dt.date | None) -> bool:
    """Whether the officer's enforcement certificate is in force on `day`."""
    if officer is None or day is None or not officer.certificate_number:
        return False
    if officer.valid_from and day < officer.valid_from:
        return False
    if officer.valid_until is None or day > officer.valid_until:
        return False
    return not (officer.revoked_on and day >= officer.revoked_on)


def case_officers(case) -> list:
    found, seen = [], set()
    for name in ("officer_1", "officer_2", "officer_3"):
        if getattr(case, f"{name}_id", None) and getattr(case, f"{name}_id") not in seen:
            seen.add(getattr(case, f"{name}_id"))
            found.append(getattr(case, name))
    return found


def check_officer(o) -> None:
    errors: dict[str, str] = {}
    if o.valid_from and o.valid_until and o.valid_until < o.valid_from:
        errors["valid_until"] = "证件有效期截止日不能早于起始日"
    if o.certificate_number and not o.valid_until:
        errors["valid_until"] = "有执法证件的，应填写证件有效期截止日"
    if errors:
        raise ValidationError(errors)


# -------------------------------------------------------------------------------------- gates


def gate_filed(case) -> list[str]:
    """立案: at least two officers with certificates valid on the filing date."""
    unmet: list[str] = []
    basis = _basis(case)
    if not case.filed_on:
        unmet.append(f"未填写立案日期（{basis}）")
    officers = case_officers(case)
    if len(officers) < 2:
        unmet.append(f"承办执法人员不足两名：执法人员不得少于两人（{basis}）")
    valid = 0
    for o in officers:
        if certificate_valid_on(o, case.filed_on):
            valid += 1
        elif case.filed_on:
            until = f"，有效期至{o.valid_until:%Y-%m-%d}" if o.valid_until else ""
            unmet.append(
                f"执法人员{o.name}在立案日期{case.filed_on:%Y-%m-%d}没有有效的行政执法证件{until}（{basis}）"
            )
    if len(officers) >= 2 and valid < 2:
        unmet.append(f"持有效执法证件的执法人员不足两名，不能立案（{basis}）")
    return unmet


def gate_notified(case) -> list[str]:
    unmet = []
    if not case.notice_on:
        unmet.append("未填写告知日期（行政处罚法第四十四条）")
    elif case.filed_on and case.notice_on < case.filed_on:
        unmet.append("告知日期不能早于立案日期（行政处罚法第四十四条）")
    if case.rights_waived_on and case.hearing_requested:
        unmet.append("当事人已要求听证，不能同时记录为放弃听证权利（行政处罚法第六十四条）")
    return unmet


def hearing_request_end(case):
    """The last day on which the party may still ask for a hearing (第六十四条: 5 working days)."""
    if not case.notice_on:
        return None
    return add(
        case.notice_on,
        days(HEARING_REQUEST),
        working=True,
        rule="行政处罚法第六十四条：当事人要求听证的，应当在行政机关告知后五日内提出（第八十五条：工作日）",
    )


def statement_end(case):
    """The last day of the statement-and-defence period the county sets (local practice)."""
    if not case.notice_on:
        return None
    n = days(STATEMENT)
    return add(
        case.notice_on,
        n,
        working=True,
        rule=f"当事人自事先告知之日起{n}个工作日内提出陈述、申辩（行政处罚法第四十五条；期限{STATEMENT.source}）",
    )


def waiting_unmet(case) -> list[str]:
    """A penalty decision waits until the periods after the prior notice have run, unless the
    party waived them in writing or asked for a hearing that was held (the hearing then answers
    for them)."""
    if case.decision_result != R_PENALTY or not case.notice_on or not case.decision_on:
        return []
    if case.hearing_requested:
        if case.hearing_held_on and case.decision_on < case.hearing_held_on:
            return ["决定日期早于听证日期：应当根据听证笔录作出决定（行政处罚法第六十五条）"]
        return []
    if case.rights_waived_on:
        if case.rights_waived_on < case.notice_on:
            return ["放弃权利的日期早于事先告知日期：当事人只能在被告知权利后放弃（行政处罚法第四十四条）"]
        if case.rights_waived_on > case.decision_on:
            return ["放弃权利的日期晚于决定日期：决定作出时当事人尚未放弃权利（行政处罚法第四十四条）"]
        return []
    unmet = []
    hearing = hearing_request_end(case)
    if case.decision_on <= hearing.date:
        unmet.append(
            f"事先告知（{case.notice_on:%Y-%m-%d}）后5个工作日内（至{hearing.date:%Y-%m-%d}）当事人仍可要求听证，"
            f"期满前不得作出处罚决定，最早可于{hearing.date + dt.timedelta(days=1):%Y-%m-%d}作出；"
            "当事人书面放弃权利的，请在“事先告知”环节记录放弃日期（行政处罚法第六十四条、第八十五条）"
        )
    statement = statement_end(case)
    if case.decision_on <= statement.date:
        unmet.append(
            f"陈述、申辩期限（{days(STATEMENT)}个工作日，至{statement.date:%Y-%m-%d}）尚未届满，"
            f"不得作出处罚决定（行政处罚法第四十五条；期限{STATEMENT.source}）"
        )
    return unmet


# ------------------------------------------------------------------- 催告 (行政强制法第五章)


def demand_required(case) -> bool:
    return case.kind == KIND_COERCION and case.coercion_route in DEMAND_ROUTES


def gate_demanded(case) -> list[str]:
    """催告: a written demand served on the party, stating the period in which to perform."""
    unmet = []
    if not demand_required(case):
        unmet.append(
            "只有行政机关强制执行或申请人民法院强制执行的行政强制案件需要催告（行政强制法第三十五条、第五十四条）"
        )
    if not case.demand_served_on:
        unmet.append(
            "未填写催告书送达日期：作出强制执行决定前，应当事先以书面形式催告当事人履行义务（行政强制法第三十五条）"
        )
    elif case.filed_on and case.demand_served_on < case.filed_on:
        unmet.append("催告书送达日期不能早于立案日期（行政强制法第三十五条）")
    if not case.performance_due_on:
        unmet.append("未填写催告书载明的履行期限：催告书应当载明履行义务的期限（行政强制法第三十五条第一项）")
    elif case.demand_served_on and case.performance_due_on < case.demand_served_on:
        unmet.append("履行期限不能早于催告书送达日期（行政强制法第三十五条）")
    return unmet


def court_wait_end(case):
    """The last day of the 10 working days after the demand is served (第五十四条、第六十九条)."""
    if not case.demand_served_on:
        return None
    return add(
        case.demand_served_on,
        days(COURT_WAIT),
        working=True,
        rule="行政强制法第五十四条：催告书送达十日后当事人仍未履行义务的，行政机关可以申请人民法院强制执行（第六十九条：十日以内期限为工作日）",
    )


def _statement_unmet(case) -> list[str]:
    if case.demand_statement_on and not case.demand_statement_reply.strip():
        return [
            f"当事人于{case.demand_statement_on:%Y-%m-%d}进行了陈述、申辩，应当充分听取并对其事实、理由和证据"
            "进行记录、复核，请在“催告”环节填写复核意见（行政强制法第三十六条）"
        ]
    return []


def _performed_unmet(case, day, act: str) -> list[str]:
    if case.performed_on and (day is None or case.performed_on <= day):
        return [
            f"当事人已于{case.performed_on:%Y-%m-%d}履行义务，不得{act}（行政强制法第三十七条、第五十四条）"
        ]
    return []


def demand_unmet(case) -> list[str]:
    """A coercion decision of the township's own enforcement: only after a written demand whose
    performance period has run without performance (行政强制法第三十五条、第三十七条)."""
    if case.kind != KIND_COERCION or case.decision_result != R_COERCION:
        return []
    if not case.coercion_route:
        return ["行政强制案件请选择行政强制类别（行政强制措施、行政机关强制执行或申请人民法院强制执行）"]
    if case.coercion_route == ROUTE_COURT:
        return [
            "本案为申请人民法院强制执行：没有行政强制执行权的行政机关不作出强制执行决定，"
            "应在催告期满后申请人民法院强制执行（行政强制法第十三条、第五十三条）"
        ]
    if case.coercion_route != ROUTE_EXECUTION:
        return []
    if not case.demand_served_on or not case.performance_due_on:
        return [
            "作出强制执行决定前，应当事先以书面形式催告当事人履行义务，请先办理“催告”环节"
            "（行政强制法第三十五条）"
        ]
    unmet = []
    if case.decision_on and case.decision_on <= case.performance_due_on:
        unmet.append(
            f"催告书（{case.demand_served_on:%Y-%m-%d}送达）载明的履行期限至{case.performance_due_on:%Y-%m-%d}，"
            "期满当事人仍不履行且无正当理由的，方可作出强制执行决定，"
            f"最早可于{case.performance_due_on + dt.timedelta(days=1):%Y-%m-%d}作出（行政强制法第三十七条）"
        )
    unmet.extend(_statement_unmet(case))
    unmet.extend(_performed_unmet(case, case.decision_on, "作出强制执行决定"))
    return unmet


def gate_applied(case) -> list[str]:
    """申请人民法院强制执行: ten working days after the demand was served (第五十四条)."""
    unmet = []
    if case.kind != KIND_COERCION or case.coercion_route != ROUTE_COURT:
        unmet.append("只有行政强制类别为“申请人民法院强制执行”的案件办理此环节（行政强制法第五十三条）")
    if not case.court_applied_on:
        unmet.append("未填写申请人民法院强制执行日期（行政强制法第五十四条）")
    if not case.demand_served_on:
        unmet.append(
            "申请人民法院强制执行前，应当催告当事人履行义务，请先办理“催告”环节（行政强制法第五十四条）"
        )
    elif case.court_applied_on:
        end = court_wait_end(case)
        if case.court_applied_on <= end.date:
            unmet.append(
                f"催告书于{case.demand_served_on:%Y-%m-%d}送达，送达十个工作日后（{end.date:%Y-%m-%d}后）"
                f"当事人仍未履行义务的，方可申请人民法院强制执行，最早可于{end.date + dt.timedelta(days=1):%Y-%m-%d}申请"
                "（行政强制法第五十四条、第六十九条）"
            )
    unmet.extend(_statement_unmet(case))
    unmet.extend(_performed_unmet(case, case.court_applied_on, "申请人民法院强制执行"))
    return unmet


def gate_heard(case) -> list[str]:
    unmet = []
    if not case.hearing_requested:
        unmet.append("当事人未要求听证，不需组织听证（行政处罚法第六十三条）")
    if not case.hearing_held_on:
        unmet.append("未填写听证日期（行政处罚法第六十四条）")
    if not case.hearing_notice_on:
        unmet.append("未填写听证通知日期：应当在举行听证的七日前通知当事人（行政处罚法第六十四条）")
    elif case.hearing_held_on:
        latest = add(case.hearing_notice_on, days(HEARING_NOTICE), working=True).date
        if latest > case.hearing_held_on:
            unmet.append(
                f"听证通知（{case.hearing_notice_on:%Y-%m-%d}）距听证日期不足七个工作日，"
                f"最早可于{latest:%Y-%m-%d}举行听证（行政处罚法第六十四条、第八十五条）"
            )
    return unmet


def gate_reviewed(case) -> list[str]:
    unmet = []
    if not case.legal_review_on:
        unmet.append("未填写法制审核日期（行政处罚法第五十八条）")
    if not case.legal_reviewer:
        unmet.append("未填写法制审核人员（行政处罚法第五十八条）")
    if not case.legal_review_result:
        unmet.append("未填写法制审核意见（行政处罚法第五十八条）")
    return unmet


def review_passed(case) -> bool:
    return bool(case.legal_review_on) and case.legal_review_result == REVIEW_PASSED


def gate_decided(case) -> list[str]:
    """作出决定: prior notice for a penalty; a hearing when requested; legal review when major."""
    unmet: list[str] = []
    if not case.decision_on:
        unmet.append("未填写决定日期（行政处罚法第五十九条）")
    elif case.filed_on and case.decision_on < case.filed_on:
        unmet.append("决定日期不能早于立案日期（行政处罚法第六十条）")
    if not case.decision_result:
        unmet.append("未填写处理结果（行政处罚法第五十七条）")
    if case.decision_result == R_PENALTY:
        if not case.notice_on:
            unmet.append(
                "作出行政处罚决定前未告知当事人拟作出的处罚内容及事实、理由、依据和陈述、申辩、"
                "要求听证的权利，不得作出行政处罚决定（行政处罚法第四十四条、第六十二条）"
            )
        elif case.decision_on and case.notice_on > case.decision_on:
            unmet.append("事先告知日期晚于决定日期：应当先告知后决定（行政处罚法第四十四条、第六十二条）")
        if case.hearing_requested and not case.hearing_held_on:
            unmet.append("当事人要求听证的，应当组织听证后再作出决定（行政处罚法第六十三条、第六十五条）")
        unmet.extend(waiting_unmet(case))
    unmet.extend(demand_unmet(case))
    if case.is_major and case.decision_result != R_DROPPED:
        if case.kind == KIND_PENALTY:
            article = "行政处罚法第五十八条"
        else:
            article = "国办发〔2018〕118号重大执法决定法制审核制度"
        if not review_passed(case):
            unmet.append(f"重大执法决定未经法制审核或者审核未通过的，不得作出决定（{article}）")
        elif case.decision_on and case.legal_review_on > case.decision_on:
            unmet.append(f"法制审核日期晚于决定日期：应当先审核后决定（{article}）")
    if case.fine and case.decision_result != R_PENALTY:
        unmet.append("只有作出行政处罚决定的案件才有罚款金额（行政处罚法第九条）")
    return unmet


def gate_served(case) -> list[str]:
    if not case.served_on:
        return ["未填写送达日期（行政处罚法第六十一条）"]
    if case.decision_on and case.served_on < case.decision_on:
        return ["送达日期不能早于决定日期（行政处罚法第六十一条）"]
    return []


def gate_published(case) -> list[str]:
    unmet = []
    if case.publicity_exempt:
        unmet.append("本案已标注依法不予公示，不能办理公示")
    if not case.published_on:
        unmet.append("未填写公示日期（国办发〔2018〕118号行政执法公示制度）")
    elif case.decision_on and case.published_on < case.decision_on:
        unmet.append("公示日期不能早于决定日期（国办发〔2018〕118号行政执法公示制度）")
    return unmet


def gate_changed(case) -> list[str]:
    unmet = []
    if not case.changed_on:
        unmet.append("未填写决定被变更、撤销或确认违法、无效的日期（行政处罚法第四十八条）")
    elif case.decision_on and case.changed_on < case.decision_on:
        unmet.append("变更日期不能早于决定日期（行政处罚法第四十八条）")
    if not case.change_reason:
        unmet.append("未填写决定被变更、撤销的原因（行政处罚法第四十八条）")
    return unmet


def gate_withdrawn(case) -> list[str]:
    unmet = []
    if not case.withdrawn_on:
        unmet.append("未填写撤回公示日期（行政处罚法第四十八条）")
    elif case.changed_on and case.withdrawn_on < case.changed_on:
        unmet.append("撤回公示日期不能早于决定变更日期（行政处罚法第四十八条）")
    if not case.withdrawal_note:
        unmet.append("撤回公示应当说明理由（行政处罚法第四十八条）")
    return unmet


def gate_archived(case) -> list[str]:
    unmet = []
    if not case.archived_on:
        unmet.append("未填写归档日期（行政处罚法第四十七条）")
    if case.decision_result in SERVICE_REQUIRED and not case.served_on:
        unmet.append("执法决定书尚未送达当事人，不能归档（行政处罚法第六十一条）")
    if publication_required(case) and not case.published_on:
        unmet.append("执法决定尚未公示，不能归档（国办发〔2018〕118号行政执法公示制度）")
    if case.changed_on and case.published_on and not case.withdrawn_on:
        unmet.append("已公示的决定被变更、撤销，应先撤回公示（行政处罚法第四十八条）")
    if case.av_required and not case.av_recorded:
        unmet.append(
            "直接涉及人身自由、生命健康、重大财产权益的现场执法应当全程音像记录，本案未记录"
            "（行政处罚法第四十七条；依本省规定）"
        )
    return unmet


CASE_PROCEDURE = Procedure(
    name="行政执法案件",
    steps=[
        Step("registered", "登记"),
        Step(
            "filed",
            "立案",
            fields=("filed_on", "officer_1", "officer_2", "officer_3"),
            gate=gate_filed,
            help="执法人员不得少于两人，且须在立案日持有效执法证件（行政处罚法第四十二条、行政强制法第十八条）",
        ),
        Step(
            "notified",
            "事先告知",
            fields=("notice_on", "hearing_requested", "rights_waived_on"),
            gate=gate_notified,
            help=(
                "告知拟作出的处罚内容及事实、理由、依据和陈述、申辩、听证权利（行政处罚法第四十四条）；"
                "当事人要求听证（告知后5个工作日内）或书面放弃权利的，在此记录"
            ),
        ),
        Step(
            "heard",
            "听证",
            fields=("hearing_notice_on", "hearing_held_on"),
            gate=gate_heard,
            help="听证七日前通知当事人（行政处罚法第六十四条）",
            offered=lambda case: bool(case.hearing_requested),
            not_offered="当事人未要求听证，不需组织听证；当事人在告知后5个工作日内要求听证的，先在“事先告知”环节勾选（行政处罚法第六十三条、第六十四条）",
        ),
        Step(
            "demanded",
            "催告",
            fields=(
                "demand_served_on",
                "performance_due_on",
                "demand_statement_on",
                "demand_statement_reply",
                "performed_on",
            ),
            gate=gate_demanded,
            help=(
                "强制执行前以书面形式催告当事人履行义务，载明履行期限（行政强制法第三十五条）；"
                "当事人收到催告书后有权陈述和申辩，应当记录、复核（第三十六条）；"
                "履行期限届满仍不履行且无正当理由的，方可作出强制执行决定（第三十七条）"
            ),
            offered=demand_required,
            not_offered="只有行政机关强制执行或申请人民法院强制执行的行政强制案件需要催告；请先在案件的修改页选择行政强制类别（行政强制法第三十五条、第五十四条）",
        ),
        Step(
            "applied",
            "申请法院强制执行",
            fields=("court_applied_on",),
            gate=gate_applied,
            help="催告书送达十个工作日后当事人仍未履行义务的，方可申请人民法院强制执行（行政强制法第五十四条、第六十九条）",
            offered=lambda case: case.kind == KIND_COERCION and case.coercion_route == ROUTE_COURT,
            not_offered="只有行政强制类别为“申请人民法院强制执行”的案件办理此环节（行政强制法第五十三条）",
        ),
        Step(
            "reviewed",
            "法制审核",
            fields=("legal_review_on", "legal_reviewer", "legal_review_result"),
            gate=gate_reviewed,
            help="重大执法决定须经法制审核（行政处罚法第五十八条）",
        ),
        Step(
            "decided",
            "作出决定",
            fields=("decision_on", "decision_number", "decision_result", "fine"),
            gate=gate_decided,
            help="自立案之日起九十日内作出决定（行政处罚法第六十条）",
        ),
        Step(
            "served",
            "送达",
            fields=("served_on", "service_method"),
            gate=gate_served,
            help="七个工作日内送达（行政处罚法第六十一条）",
        ),
        Step(
            "published",
            "公示",
            fields=("published_on", "publication_channel"),
            gate=gate_published,
            help="处罚决定七个工作日内、其他决定二十个工作日内公示（国办发〔2018〕118号）",
        ),
        Step(
            "changed",
            "决定变更或撤销",
            fields=("changed_on", "change_reason"),
            gate=gate_changed,
            help="已公开的决定被变更、撤销或确认违法、无效的，应在三个工作日内撤回公示（行政处罚法第四十八条）",
        ),
        Step(
            "withdrawn",
            "撤回公示",
            fields=("withdrawn_on", "withdrawal_note"),
            gate=gate_withdrawn,
            help="三个工作日内撤回并说明理由（行政处罚法第四十八条）",
        ),
        Step("archived", "归档", fields=("archived_on", "archive_number"), gate=gate_archived),
    ],
    transitions={
        "registered": ["filed"],
        "filed": ["notified", "demanded", "reviewed", "decided"],
        "demanded": ["reviewed", "decided", "applied", "archived"],
        "applied": ["archived"],
        "notified": ["heard", "reviewed", "decided"],
        "heard": ["reviewed", "decided"],
        "reviewed": ["notified", "demanded", "decided"],
        "decided": ["served", "published", "archived"],
        "served": ["published", "changed", "archived"],
        "published": ["changed", "archived"],
        "changed": ["withdrawn", "archived"],
        "withdrawn": ["archived"],
        "archived": ["changed"],
    },
)


# ------------------------------------------------------------------------------------ dates


def decision_due(case):
    if case.kind != KIND_PENALTY or not case.filed_on:
        return None
    extensions = [(case.extended_days, case.extension_reason)] if case.extended_days else []
    return add(
        case.filed_on,
        days(DECISION),
        working=False,
        extensions=extensions,
        rule="行政处罚法第六十条：应当自行政处罚案件立案之日起九十日内作出行政处罚决定（法律、法规、规章另有规定的从其规定）",
    )


def service_due(case):
    if case.decision_result not in SERVICE_REQUIRED or not case.decision_on:
        return None
    return add(
        case.decision_on,
        days(SERVICE),
        working=True,
        rule="行政处罚法第六十一条：当事人不在场的，七日内依照民事诉讼法的有关规定送达（第八十五条：工作日）",
    )


def publication_required(case) -> bool:
    return (
        bool(case.decision_on) and case.decision_result not in ("", R_DROPPED) and not case.publicity_exempt
    )


def publication_due(case):
    if not publication_required(case):
        return None
    if case.decision_result == R_PENALTY:
        n, rule = days(PUBLICATION_PENALTY), "国办发〔2018〕118号：行政处罚决定自作出之日起七个工作日内公开"
    else:
        n, rule = days(PUBLICATION_OTHER), "国办发〔2018〕118号：行政执法决定自作出之日起二十个工作日内公开"
    return add(case.decision_on, n, working=True, rule=rule)


def withdrawal_due(case):
    if not case.changed_on or not case.published_on:
        return None
    return add(
        case.changed_on,
        days(WITHDRAWAL),
        working=True,
        rule="行政处罚法第四十八条：公开的行政处罚决定被依法变更、撤销、确认违法或者确认无效的，应当在三日内撤回并公开说明理由（第八十五条：工作日）",
    )


def performance_deadline(case) -> Deadline | None:
    """The performance period the demand states, as a due date with its explanation."""
    if not case.demand_served_on or not case.performance_due_on:
        return None
    rule = "行政强制法第三十七条：经催告，当事人逾期仍不履行行政决定，且无正当理由的，行政机关可以作出强制执行决定"
    return Deadline(
        date=case.performance_due_on,
        start=case.demand_served_on,
        days=(case.performance_due_on - case.demand_served_on).days,
        working=False,
        provisional=False,
        rule=rule,
        lines=(
            f"依据：{rule}",
            f"催告书送达日期：{case.demand_served_on:%Y-%m-%d}",
            f"催告书载明的履行期限：{case.performance_due_on:%Y-%m-%d}",
            f"期满后（自{case.performance_due_on + dt.timedelta(days=1):%Y-%m-%d}起）当事人仍不履行的，方可作出强制执行决定",
        ),
    )


def demand_waits(case) -> list[tuple[str, Deadline]]:
    """The waits after a demand before the next act may be taken (行政强制法第三十七条、第五十四条)."""
    if not demand_required(case):
        return []
    if case.coercion_route == ROUTE_EXECUTION and (d := performance_deadline(case)) is not None:
        return [("催告期限届满（期满前不作强制执行决定）", d)]
    if case.coercion_route == ROUTE_COURT and (d := court_wait_end(case)) is not None:
        return [("催告书送达满十个工作日（期满前不申请法院强制执行）", d)]
    return []


def case_deadlines(case) -> list[DueItem]:
    items = []
    if case.kind == KIND_PENALTY and (d := hearing_request_end(case)) is not None:
        settled = bool(case.decision_on or case.hearing_requested or case.rights_waived_on)
        items.append(DueItem("当事人可要求听证至（期满前不作处罚决定）", d, settled))
    for label, d in demand_waits(case):
        items.append(DueItem(label, d, bool(case.decision_on or case.court_applied_on or case.performed_on)))
    if (d := decision_due(case)) is not None:
        items.append(DueItem("作出处罚决定", d, bool(case.decision_on)))
    if (d := service_due(case)) is not None:
        items.append(DueItem("送达决定书", d, bool(case.served_on)))
    if (d := publication_due(case)) is not None:
        items.append(DueItem("公示执法决定", d, bool(case.published_on)))
    if (d := withdrawal_due(case)) is not None:
        items.append(DueItem("撤回公示", d, bool(case.withdrawn_on)))
    return items


def certificate_deadline(officer) -> Deadline | None:
    """The certificate's expiry as a due date, with when the reminder starts."""
    if not officer.valid_until:
        return None
    warn = days(CERTIFICATE_WARNING)
    rule = (
        "行政执法人员应当持有效执法证件从事执法活动（行政处罚法第四十二条、第五十五条）；证件管理依本省规定"
    )
    lines = (
        f"依据：{rule}",
        f"证件编号：{officer.certificate_number or '（未填写）'}",
        f"证件有效期：{officer.valid_from or '（未填写）'} 至 {officer.valid_until:%Y-%m-%d}",
        f"提醒：到期前{warn}日（自{officer.valid_until - dt.timedelta(days=warn):%Y-%m-%d}起）列入待办，提醒办理换证",
        f"届满日：{officer.valid_until:%Y-%m-%d}",
    )
    return Deadline(
        date=officer.valid_until,
        start=officer.valid_from or officer.valid_until,
        days=0,
        working=False,
        provisional=False,
        rule=rule,
        lines=lines,
    )


def check_case(case) -> None:
    """Field errors of a case that hold whatever its step (the gates check the steps)."""
    errors: dict[str, str] = {}
    if case.extended_days and not case.extension_reason:
        errors["extension_reason"] = "延长办案期限应当写明理由和批准情况（行政处罚法第六十条）"
    if case.extension_reason and not case.extended_days:
        errors["extended_days"] = "填写了延期理由，请同时填写延长天数"
    if case.party_id_number and case.party_kind != "person":
        errors["party_id_number"] = "身份证号仅适用于自然人当事人；单位请填写统一社会信用代码"
    if case.party_credit_code and case.party_kind == "person":
        errors["party_credit_code"] = "自然人当事人不填统一社会信用代码"
    if case.kind != KIND_COERCION:
        for name, label in (("coercion_route", "行政强制类别"), ("demand_served_on", "催告书送达日期")):
            if getattr(case, name):
                errors[name] = f"{label}仅适用于行政强制案件"
    elif case.coercion_route == ROUTE_MEASURE and case.demand_served_on:
        errors["demand_served_on"] = (
            "行政强制措施（查封、扣押等）不经催告；强制执行的请选择相应的行政强制类别"
        )
    if case.court_applied_on and case.coercion_route != ROUTE_COURT:
        errors["court_applied_on"] = "行政强制类别为“申请人民法院强制执行”的案件才填写申请日期"
    if case.demand_served_on and case.performance_due_on and case.performance_due_on < case.demand_served_on:
        errors["performance_due_on"] = "履行期限不能早于催告书送达日期（行政强制法第三十五条）"
    if (
        case.demand_statement_on
        and case.demand_served_on
        and case.demand_statement_on < case.demand_served_on
    ):
        errors["demand_statement_on"] = "陈述、申辩日期不能早于催告书送达日期（行政强制法第三十六条）"
    if case.rights_waived_on and not case.notice_on:
        errors["rights_waived_on"] = "尚未事先告知的，不能记录放弃权利（行政处罚法第四十四条）"
    elif case.rights_waived_on and case.rights_waived_on < case.notice_on:
        errors["rights_waived_on"] = "放弃权利的日期不能早于事先告知日期（行政处罚法第四十四条）"
    if errors:
        raise ValidationError(errors)


def check_case_review(r) -> None:
    if r.cases_reviewed is not None and (r.excellent or 0) + (r.failed or 0) > r.cases_reviewed:
        raise ValidationError({"failed": "优秀与不合格案卷数之和不能多于评查案卷数"})


def check_finding(f) -> None:
    if f.rectified_on and f.found_on and f.rectified_on < f.found_on:
        raise ValidationError({"rectified_on": "整改完成日期不能早于发现日期"})


# ------------------------------------------------------------------------------------- to-do

OPEN_DECISION_STEPS = ["filed", "notified", "heard", "reviewed"]
# An obligation missed long ago stays on the list this long after its due date, then drops
# (the late counts would otherwise grow forever with old imported cases).
LATE_SHOWN_DAYS = 365


@todo.provider("enforcement-cases")
def cases_due(org_ids: list[int], today: dt.date):
    from fazhi.enforcement.models import Case

    shown = dt.timedelta(days=LATE_SHOWN_DAYS)
    cases = todo.records(Case, org_ids)
    undecided = cases.filter(
        step__in=OPEN_DECISION_STEPS, kind=KIND_PENALTY, filed_on__isnull=False
    ).select_related("org")
    for c in undecided:
        yield todo.Todo(
            "enforcement.decision",
            "enforcement-cases",
            c,
            decision_due(c),
            f"案件“{c}”于{c.filed_on:%Y-%m-%d}立案，应在九十日内作出处罚决定（行政处罚法第六十条）",
            shown_until=c.filed_on + shown + dt.timedelta(days=180),
        )
    decided = cases.filter(
        decision_on__isnull=False,
        step__in=["decided", "served", "published"],
    ).select_related("org")
    for c in decided:
        if c.decision_result in SERVICE_REQUIRED and not c.served_on:
            yield todo.Todo(
                "enforcement.service",
                "enforcement-cases",
                c,
                service_due(c),
                f"案件“{c}”的决定书应在作出后七个工作日内送达（行政处罚法第六十一条）",
                shown_until=c.decision_on + shown,
            )
        if publication_required(c) and not c.published_on:
            n = "七" if c.decision_result == R_PENALTY else "二十"
            yield todo.Todo(
                "enforcement.publication",
                "enforcement-cases",
                c,
                publication_due(c),
                f"案件“{c}”的执法决定应在作出后{n}个工作日内公示（国办发〔2018〕118号）",
                shown_until=c.decision_on + shown,
            )
    demanded = cases.filter(
        step="demanded", kind=KIND_COERCION, coercion_route__in=DEMAND_ROUTES, performed_on__isnull=True
    ).select_related("org")
    for c in demanded:
        for _label, d in demand_waits(c):
            if c.coercion_route == ROUTE_EXECUTION:
                reason = (
                    f"案件“{c}”的催告书于{c.demand_served_on:%Y-%m-%d}送达，履行期限至{d.date:%Y-%m-%d}；"
                    "期满前不得作出强制执行决定，期满当事人仍不履行且无正当理由的，方可作出（行政强制法第三十七条）"
                )
            else:
                reason = (
                    f"案件“{c}”的催告书于{c.demand_served_on:%Y-%m-%d}送达，送达十个工作日后（{d.date:%Y-%m-%d}后）"
                    "当事人仍未履行义务的，方可申请人民法院强制执行（行政强制法第五十四条、第六十九条）"
                )
            # Listed from the service of the demand until the wait has run: the township sees
            # when it may act, never a wait "late".
            yield todo.Todo(
                "enforcement.demand_wait",
                "enforcement-cases",
                c,
                d,
                reason,
                notice_from=c.demand_served_on,
                shown_from=c.demand_served_on,
                shown_until=d.date,
            )
    changed = cases.filter(
        step="changed", published_on__isnull=False, withdrawn_on__isnull=True
    ).select_related("org")
    for c in changed:
        yield todo.Todo(
            "enforcement.withdrawal",
            "enforcement-cases",
            c,
            withdrawal_due(c),
            f"案件“{c}”已公示的决定于{c.changed_on:%Y-%m-%d}被变更或撤销，应在三个工作日内撤回公示并说明理由（行政处罚法第四十八条）",
        )


@todo.provider("enforcement-officers")
def officers_due(org_ids: list[int], today: dt.date):
    from django.db.models import OuterRef, Q, Subquery

    from fazhi.enforcement.models import Case, Officer

    warn = days(CERTIFICATE_WARNING)
    idle_days = days(IDLE_OFFICER)
    last_case = (
        Case.objects.filter(
            Q(officer_1=OuterRef("pk")) | Q(officer_2=OuterRef("pk")) | Q(officer_3=OuterRef("pk")),
            filed_on__isnull=False,
        )
        .order_by("-filed_on")
        .values("filed_on")[:1]
    )
    shown = dt.timedelta(days=LATE_SHOWN_DAYS)
    holders = (
        todo.records(Officer, org_ids)
        .filter(revoked_on__isnull=True, valid_until__isnull=False)
        .exclude(certificate_number="")
        .annotate(last_case=Subquery(last_case))
        .select_related("org")
    )
    for o in holders:
        notice_from = o.valid_until - dt.timedelta(days=warn)
        # Listed from its notice date until a year after the certificate expired.
        d = certificate_deadline(o)
        yield todo.Todo(
            "enforcement.certificate",
            "enforcement-officers",
            o,
            o.valid_until,
            f"{o.name}的行政执法证件（{o.certificate_number}）有效期至{o.valid_until:%Y-%m-%d}，"
            f"请及时办理换证，过期后不得从事执法活动（行政处罚法第四十二条；依本省规定）",
            d.explain(),
            notice_from=notice_from,
            shown_from=notice_from,
            shown_until=o.valid_until + shown,
        )
        since = idle_since(o, o.last_case)
        if since is not None:
            idle_due = since + dt.timedelta(days=idle_days)
            # Listed once the two years have passed, while the certificate is still valid.
            yield todo.Todo(
                "enforcement.officer_idle",
                "enforcement-officers",
                o,
                idle_due,
                f"{o.name}持有执法证件，但自{since:%Y-%m-%d}起两年内未参与办理执法案件，请核实是否仍需持证（依本省规定）",
                shown_from=idle_due,
                shown_until=o.valid_until,
            )


@todo.dependents("enforcement.Case")
def _case_officers(case) -> dict:
    """A case ends its officers' idle years: their stored obligations move with it."""
    from fazhi.enforcement.models import Officer

    return {Officer: {case.officer_1_id, case.officer_2_id, case.officer_3_id}}


def idle_since(officer, last_case: dt.date | None) -> dt.date | None:
    """The date from which an officer's two idle years count: the last case, else the certificate."""
    return last_case or officer.valid_from


@todo.provider("enforcement-findings")
def findings_due(org_ids: list[int], today: dt.date):
    from fazhi.enforcement.models import Finding

    open_findings = (
        todo.records(Finding, org_ids)
        .filter(rectify_by__isnull=False, rectified_on__isnull=True)
        .select_related("org")
    )
    for f in open_findings:
        yield todo.Todo(
            "enforcement.finding",
            "enforcement-findings",
            f,
            f.rectify_by,
            f"执法监督发现的问题“{f.problem[:30]}”应在{f.rectify_by:%Y-%m-%d}前整改完毕（执法监督整改期限）",
        )
