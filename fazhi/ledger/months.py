"""Which months of a year each township has filled, declared empty (本月无), or left blank."""

from django.db.models.functions import ExtractMonth
from django.utils import timezone

from fazhi.ledger.models import NilReturn
from fazhi.ledger.registry import Ledger

FILLED, NIL, BLANK, FUTURE = "filled", "nil", "blank", "future"
LABELS = {FILLED: "已填报", NIL: "本月无", BLANK: "未填报", FUTURE: ""}


def month_status(ledger: Ledger, org_ids: list[int], year: int) -> dict[int, dict[int, str]]:
    """Two queries per ledger, whatever the number of townships and records."""
    today = timezone.localdate()
    last_month = 12 if year < today.year else (today.month if year == today.year else 0)
    filled = (
        ledger.model.objects.filter(org_id__in=org_ids, **{f"{ledger.date_field}__year": year})
        .annotate(m=ExtractMonth(ledger.date_field))
        .values_list("org_id", "m")
        .distinct()
    )
    nil = NilReturn.objects.filter(org_id__in=org_ids, ledger=ledger.code, year=year).values_list(
        "org_id", "month"
    )
    filled_set, nil_set = set(filled), set(nil)
    result = {}
    for org_id in org_ids:
        row = {}
        for m in range(1, 13):
            if m > last_month:
                row[m] = FUTURE
            elif (org_id, m) in filled_set:
                row[m] = FILLED
            elif (org_id, m) in nil_set:
                row[m] = NIL
            else:
                row[m] = BLANK
        result[org_id] = row
    return result
