"""Dates and checks of community correction (rules-sources.md §9). Plain functions over model
instances, called by the models' clean(), the to-do list and the tests alike."""

import datetime as dt

from django.conf import settings

from fazhi.ledger import registry, todo
from fazhi.lib.masking import birth_date_from_id
from fazhi.workdays.deadlines import add

REPORT_IN_RULE = "社区矫正法第二十一条：判决、裁定生效之日起十日内到执行地社区矫正机构报到"
INVESTIGATION_RULE = (
    "调查评估应在委托函载明的期限内完成（未载明的默认10个工作日，见社区矫正法第十八条及实施办法）"
)
LEAVE_RULE = "社区矫正法第二十七条：外出须经批准，期满应按时销假"
RELEASE_RULE = "社区矫正法第四十四条：矫正期满应办理解除社区矫正，发放解除社区矫正证明书"


def report_in_due(person) -> dt.date | None:
    if person.judgment_effective_on is None:
        return None
    return add(person.judgment_effective_on, 10, working=False, rule=REPORT_IN_RULE).date


def reported_late(person) -> bool:
    """Reported in after the ten days. (Not yet reported at all is on the to-do list instead.)"""
    due = report_in_due(person)
    return due is not None and person.reported_on is not None and person.reported_on > due


ADULT_AGE = 18


def birth_date(person):
    """From the ID number, else the 出生日期 entered for a person without a mainland ID number."""
    return birth_date_from_id(person.id_number) or person.birth_date


def is_minor(person) -> bool:
    """Under 18 on the date the judgment (ruling, decision) took effect (社区矫正法第七章)."""
    born, on = birth_date(person), person.judgment_effective_on
    if born is None or on is None:
        return False
    age = on.year - born.year - ((on.month, on.day) < (born.month, born.day))
    return age < ADULT_AGE


def person_errors(person) -> dict[str, str]:
    errors = {}
    if person.start_on and person.end_on and person.end_on < person.start_on:
        errors["end_on"] = "矫正期满日期不能早于起始日期"
    if (
        person.reported_on
        and person.judgment_effective_on
        and person.reported_on < person.judgment_effective_on
    ):
        errors["reported_on"] = "报到日期不能早于判决生效日期"
    if person.status != "active" and not person.released_on:
        errors["released_on"] = "解矫、收监或死亡的，请填写解矫（终止）日期"
    if person.released_on and person.start_on and person.released_on < person.start_on:
        errors["released_on"] = "解矫（终止）日期不能早于矫正起始日期"
    from_id = birth_date_from_id(person.id_number)
    if from_id and person.birth_date and from_id != person.birth_date:
        errors["birth_date"] = f"出生日期与身份证号不符（身份证号为 {from_id:%Y-%m-%d}）"
    return errors


def investigation_days(investigation) -> int:
    return investigation.due_days or getattr(settings, "FAZHI_INVESTIGATION_WORKING_DAYS", 10)


def investigation_due(investigation):
    """The Deadline (with .date and .explain()) of a pre-sentence investigation."""
    return add(
        investigation.entrusted_on, investigation_days(investigation), working=True, rule=INVESTIGATION_RULE
    )


def investigation_errors(investigation) -> dict[str, str]:
    errors = {}
    if (
        investigation.finished_on
        and investigation.entrusted_on
        and investigation.finished_on < investigation.entrusted_on
    ):
        errors["finished_on"] = "提交评估意见日期不能早于收到委托日期"
    if investigation.finished_on and not investigation.opinion:
        errors["opinion"] = "已提交评估意见的，请选择评估意见"
    return errors


def leave_errors(leave) -> dict[str, str]:
    errors = {}
    if leave.from_on and leave.to_on and leave.to_on < leave.from_on:
        errors["to_on"] = "外出截止日期不能早于起始日期"
    if leave.returned_on and leave.from_on and leave.returned_on < leave.from_on:
        errors["returned_on"] = "销假日期不能早于外出起始日期"
    if leave.returned_on and not leave.approved:
        errors["approved"] = "未经批准的外出不能销假，请先登记批准"
    return errors


def corrections_due(org_ids: list[int], today: dt.date) -> list[tuple[object, dt.date, str]]:
    """(record, due date, reason) of what the 司法所 must still do: report-in windows, open
    investigations, leaves to close, terms ending. The caller shows these only to users who may
    view the corrections ledgers (they are sensitive)."""
    from fazhi.corrections.models import CorrectionPerson, LeaveRequest, PreSentenceInvestigation

    due: list[tuple[object, dt.date, str]] = []
    active = (
        todo.records(CorrectionPerson, org_ids)
        .filter(status=CorrectionPerson.Status.ACTIVE)
        .select_related("org")
    )
    for person in active.filter(reported_on__isnull=True):
        due.append((person, report_in_due(person), f"{person.name}尚未报到。{REPORT_IN_RULE}"))
    for person in active.exclude(end_on__isnull=True):
        due.append((person, person.end_on, f"{person.name}矫正期满。{RELEASE_RULE}"))
    for inv in (
        todo.records(PreSentenceInvestigation, org_ids).filter(finished_on__isnull=True).select_related("org")
    ):
        due.append((inv, investigation_due(inv).date, f"对{inv.subject}的调查评估。{INVESTIGATION_RULE}"))
    leaves = (
        todo.records(LeaveRequest, org_ids)
        .filter(approved=True, returned_on__isnull=True)
        .select_related("person", "org")
    )
    for leave in leaves:
        due.append((leave, leave.to_on, f"{leave.person.name}外出至{leave.to_on}，应销假。{LEAVE_RULE}"))
    return sorted(due, key=lambda d: d[1])


@todo.provider("correction-persons")
def _corrections_todo(org_ids, today):
    # All correction ledgers are granted together, so the persons' ledger stands for them all.
    for record, due, reason in corrections_due(org_ids, today):
        ledger = registry.for_model(type(record))
        yield todo.Todo(f"corrections.{ledger.code}", ledger.code, record, due, reason)
