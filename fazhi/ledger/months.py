"""Which months of a year each township has filled, declared empty (本月无), left missing, or
not yet had to fill.

A month is due once it has ended: the current month is "not yet due" until records or a 本月无
come in, so the grid, the home pages and the report draft never call it missing.
"""

import datetime as dt

from django.db.models import CharField, Value
from django.db.models.functions import ExtractMonth
from django.utils import timezone

from fazhi.ledger.models import NilReturn
from fazhi.ledger.registry import Ledger

FILLED, NIL, BLANK, FUTURE = "filled", "nil", "blank", "future"
STATES = (FILLED, NIL, BLANK, FUTURE)
LABELS = {FILLED: "已填报", NIL: "本月无", BLANK: "未填报", FUTURE: "未到期"}
# What each state means, for the grid's legend and the cells' tooltips.
MEANINGS = {
    FILLED: "当月有台账记录",
    NIL: "已申报当月确实没有发生",
    BLANK: "月份已结束，既无记录也未申报本月无",
    FUTURE: "月份尚未结束，还不需要填报",
}


def month_status(
    ledger: Ledger, org_ids: list[int], year: int, today: dt.date | None = None
) -> dict[int, dict[int, str]]:
    """Two queries, whatever the number of townships and records."""
    return month_status_many([ledger], org_ids, year, today)[ledger.code]


def month_status_many(
    ledgers: list[Ledger], org_ids: list[int], year: int, today: dt.date | None = None
) -> dict[str, dict[int, dict[int, str]]]:
    """`month_status` of many ledgers: {ledger code: {township id: {month: state}}}, in two
    queries whatever the number of ledgers, townships and records (the months filled of every
    ledger as one UNION, the 本月无 of every ledger in one query)."""
    today = today or timezone.localdate()
    if not ledgers:
        return {}
    # The last month that has ended: all of a past year, none of a future one.
    last_due = 12 if year < today.year else (today.month - 1 if year == today.year else 0)
    # Records or a 本月无 already in for the month under way count as they are.
    last_open = 12 if year < today.year else (today.month if year == today.year else 0)
    parts = [
        lg.model.objects.filter(org_id__in=org_ids, **{f"{lg.date_field}__year": year})
        .order_by()
        .annotate(code=Value(lg.code, output_field=CharField()), m=ExtractMonth(lg.date_field))
        .values_list("code", "org_id", "m")
        for lg in ledgers
    ]
    filled = parts[0].union(*parts[1:]) if len(parts) > 1 else parts[0]
    nil = NilReturn.objects.filter(
        org_id__in=org_ids, ledger__in=[lg.code for lg in ledgers], year=year
    ).values_list("ledger", "org_id", "month")
    filled_set, nil_set = set(filled), set(nil)
    result: dict[str, dict[int, dict[int, str]]] = {}
    for lg in ledgers:
        of_ledger = result[lg.code] = {}
        for org_id in org_ids:
            row = {}
            for m in range(1, 13):
                if m <= last_open and (lg.code, org_id, m) in filled_set:
                    row[m] = FILLED
                elif m <= last_open and (lg.code, org_id, m) in nil_set:
                    row[m] = NIL
                elif m <= last_due:
                    row[m] = BLANK
                else:
                    row[m] = FUTURE
            of_ledger[org_id] = row
    return result


def may_declare(year: int, month: int, today: dt.date | None = None) -> bool:
    """本月无 may be declared for a month that has begun (actions.declare_nil refuses later ones)."""
    today = today or timezone.localdate()
    return (year, month) <= (today.year, today.month)
