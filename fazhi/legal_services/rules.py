"""Checks of the legal-services ledgers (domain.md §2.11): an adviser's services fall within the
contract, and a contract running out shows on the to-do list."""

import datetime as dt

from django.core.exceptions import ValidationError

from fazhi.ledger import todo


def check_adviser(a) -> None:
    if a.contract_start and a.contract_end and a.contract_end < a.contract_start:
        raise ValidationError({"contract_end": "合同截止日期不能早于合同起始日期"})


def in_contract(adviser, day: dt.date) -> bool:
    return adviser.contract_start <= day <= adviser.contract_end


def check_service(s) -> None:
    """A service counts only when the adviser was under contract that day."""
    if s.adviser_id and s.served_on:
        a = s.adviser
        if not in_contract(a, s.served_on):
            raise ValidationError(
                {
                    "served_on": f"服务日期（{s.served_on}）不在{a.name}的合同期"
                    f"（{a.contract_start}至{a.contract_end}）内"
                }
            )


def check_deliberation(d) -> None:
    if d.adviser_id and not d.adviser_present:
        raise ValidationError({"adviser_present": "填写了到场法律顾问的，请勾选“法律顾问到场”"})


def contracts_expiring(org_ids: list[int], today: dt.date, days: int = 30) -> list[tuple]:
    """(adviser, contract end, reason) for contracts ending within `days` days from today
    (inclusive) and no later contract of the same adviser to follow."""
    from fazhi.legal_services.models import LegalAdviser

    until = today + dt.timedelta(days=days)
    advisers = list(
        LegalAdviser.objects.filter(org_id__in=org_ids, contract_end__range=(today, until)).select_related(
            "org"
        )
    )
    renewed = set(
        LegalAdviser.objects.filter(org_id__in=org_ids, contract_end__gt=until).values_list("org_id", "name")
    )
    result = []
    for a in sorted(advisers, key=lambda a: (a.contract_end, a.pk)):
        if (a.org_id, a.name) in renewed:
            continue
        left = (a.contract_end - today).days
        result.append(
            (a, a.contract_end, f"法律顾问{a.name}的合同将于{a.contract_end}到期（还有{left}天），请及时续聘")
        )
    return result


@todo.provider("legal-advisers")
def _contracts_todo(org_ids, today):
    return (
        todo.Todo("legal_services.contract", "legal-advisers", a, due, reason)
        for a, due, reason in contracts_expiring(org_ids, today)
    )
