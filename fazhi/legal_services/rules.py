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


EXPIRY_NOTICE_DAYS = 30


@todo.provider("legal-advisers")
def _contracts_todo(org_ids, today):
    """Each contract is listed in its last 30 days, unless a later contract of the same adviser
    ends more than 30 days ahead (the same rule as `contracts_expiring`, as a window)."""
    from django.db.models import Max

    from fazhi.legal_services.models import LegalAdviser

    notice = dt.timedelta(days=EXPIRY_NOTICE_DAYS)
    advisers = list(todo.records(LegalAdviser, org_ids).select_related("org"))
    if not advisers:
        return
    last_end = {
        (row["org_id"], row["name"]): row["last"]
        for row in LegalAdviser.objects.filter(
            org_id__in={a.org_id for a in advisers}, name__in={a.name for a in advisers}
        )
        .values("org_id", "name")
        .annotate(last=Max("contract_end"))
        .order_by()
    }
    for a in advisers:
        shown_from = max(a.contract_end, last_end.get((a.org_id, a.name), a.contract_end)) - notice
        if shown_from > a.contract_end:
            continue  # renewed: never listed
        left = (a.contract_end - today).days
        yield todo.Todo(
            "legal_services.contract",
            "legal-advisers",
            a,
            a.contract_end,
            f"法律顾问{a.name}的合同将于{a.contract_end}到期（还有{left}天），请及时续聘",
            shown_from=shown_from,
            shown_until=a.contract_end,
        )


@todo.dependents("legal_services.LegalAdviser")
def _same_adviser(adviser) -> dict:
    """A new contract of an adviser hides the expiring one: its row moves with it."""
    from fazhi.legal_services.models import LegalAdviser

    same = LegalAdviser.objects.filter(org_id=adviser.org_id, name=adviser.name)
    return {LegalAdviser: set(same.values_list("pk", flat=True))}
