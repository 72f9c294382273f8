"""Which months of a year each township has filled, declared empty (本月无), left missing, or
not yet had to fill.

A month is due once it has ended: the current month is "not yet due" until records or a 本月无
come in, so the grid, the home pages and the report draft never call it missing.
"""

import datetime as dt

from django.db import connection
from django.db.models import CharField, DateTimeField, Func, IntegerField, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import ExtractMonth
from django.utils import timezone

from fazhi.ledger.models import NilReturn
from fazhi.ledger.registry import Ledger
from fazhi.orgs.models import OrgUnit

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
    """Three queries at most, whatever the number of townships and records."""
    return month_status_many([ledger], org_ids, year, today)[ledger.code]


def month_status_many(
    ledgers: list[Ledger], org_ids: list[int], year: int, today: dt.date | None = None
) -> dict[str, dict[int, dict[int, str]]]:
    """`month_status` of many ledgers: {ledger code: {township id: {month: state}}}, in three
    queries whatever the number of ledgers, townships and records (the months filled of every
    ledger in two UNIONs, see `_filled`; the 本月无 of every ledger in one query)."""
    today = today or timezone.localdate()
    if not ledgers:
        return {}
    # The last month that has ended: all of a past year, none of a future one.
    last_due = 12 if year < today.year else (today.month - 1 if year == today.year else 0)
    # Records or a 本月无 already in for the month under way count as they are.
    last_open = 12 if year < today.year else (today.month if year == today.year else 0)
    filled_set = _filled(ledgers, org_ids, year, last_open)
    nil = NilReturn.objects.filter(
        org_id__in=org_ids, ledger__in=[lg.code for lg in ledgers], year=year
    ).values_list("ledger", "org_id", "month")
    nil_set = set(nil)
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


def _month_bounds(year: int, months: int, as_datetime: bool) -> list[tuple]:
    """[start, next month's start) of the year's first `months` months, as query parameters
    (local midnights for a date-and-time field)."""
    starts = [dt.date(year, m, 1) for m in range(1, months + 1)]
    ends = [*starts[1:], dt.date(year + (months == 12), months % 12 + 1, 1)]
    if not as_datetime:
        adapt = connection.ops.adapt_datefield_value
        return [(adapt(a), adapt(b)) for a, b in zip(starts, ends, strict=True)]
    tz = timezone.get_current_timezone()
    adapt = connection.ops.adapt_datetimefield_value
    return [
        (adapt(dt.datetime.combine(a, dt.time(), tz)), adapt(dt.datetime.combine(b, dt.time(), tz)))
        for a, b in zip(starts, ends, strict=True)
    ]


def _indexed(lg: Ledger) -> bool:
    """Whether the ledger's table has an index on (org, date): a month's records are then found by
    one index probe."""
    return any(list(ix.fields[:2]) == ["org", lg.date_field] for ix in lg.model._meta.indexes)


class DateMonth(Func):
    """The month of a DateField. On SQLite Django's ExtractMonth calls a Python function for every
    row (`django_date_extract`); a date is stored there as ISO text ("YYYY-MM-DD"), so the month is
    its sixth and seventh characters, read by SQLite itself. Other databases extract it natively."""

    output_field = IntegerField()
    arity = 1

    def as_sql(self, compiler, connection, **extra):
        return ExtractMonth(*self.get_source_expressions()).as_sql(compiler, connection)

    def as_sqlite(self, compiler, connection, **extra):
        template = "CAST(substr(%(expressions)s, 6, 2) AS integer)"
        return super().as_sql(compiler, connection, template=template, **extra)


def _month_mask(lg: Ledger, year: int, months: int) -> RawSQL:
    """Bit m-1 set when the township has a record in month m: one EXISTS per month, each an index
    probe on the ledger's (org, date) index (the ORM would spend longer building twelve subqueries
    per ledger than the database spends answering them)."""
    qn = connection.ops.quote_name
    table, column = qn(lg.model._meta.db_table), qn(lg.model._meta.get_field(lg.date_field).column)
    org_column = qn(lg.model._meta.get_field("org").column)
    outer = f"{qn(OrgUnit._meta.db_table)}.{qn(OrgUnit._meta.pk.column)}"
    field = lg.model._meta.get_field(lg.date_field)
    # Only quoted names of our own tables and columns are formatted in; every value is a parameter.
    probe = (
        f"(CASE WHEN EXISTS (SELECT 1 FROM {table} r WHERE r.{org_column} = {outer}"  # noqa: S608
        f" AND r.{column} >= %s AND r.{column} < %s) THEN {{bit}} ELSE 0 END)"
    )
    probes, params = [], []
    for n, (start, end) in enumerate(_month_bounds(year, months, isinstance(field, DateTimeField))):
        probes.append(probe.format(bit=1 << n))
        params += [start, end]
    return RawSQL(" + ".join(probes), params, output_field=IntegerField())  # noqa: S611


def _filled(ledgers: list[Ledger], org_ids: list[int], year: int, months: int) -> set[tuple[str, int, int]]:
    """{(ledger code, township id, month)} of the months 1..`months` holding at least one record.
    Reading every record of the year to take its month cost most of a county page on a large
    county; a ledger indexed on (org, date) is asked instead whether each month has a record (a
    cost that follows townships × months, not records), the others give their distinct months.
    One query for each kind whatever the number of ledgers."""
    if months < 1 or not org_ids:
        return set()
    found: set[tuple[str, int, int]] = set()
    probed = [
        OrgUnit.objects.filter(pk__in=org_ids)
        .order_by()
        .annotate(ledger_code=Value(lg.code, output_field=CharField()), mask=_month_mask(lg, year, months))
        .values_list("ledger_code", "pk", "mask")
        for lg in ledgers
        if _indexed(lg)
    ]
    if probed:
        rows = probed[0].union(*probed[1:], all=True) if len(probed) > 1 else probed[0]
        found |= {(c, o, m) for c, o, mask in rows for m in range(1, months + 1) if mask & (1 << (m - 1))}
    scanned = [
        lg.model.objects.filter(org_id__in=org_ids, **{f"{lg.date_field}__year": year})
        .order_by()
        .annotate(ledger_code=Value(lg.code, output_field=CharField()), m=_month_of(lg))
        .values_list("ledger_code", "org_id", "m")
        .distinct()
        for lg in ledgers
        if not _indexed(lg)
    ]
    if scanned:
        rows = scanned[0].union(*scanned[1:], all=True) if len(scanned) > 1 else scanned[0]
        found |= {(c, o, m) for c, o, m in rows if m <= months}
    return found


def _month_of(lg: Ledger):
    if isinstance(lg.model._meta.get_field(lg.date_field), DateTimeField):
        return ExtractMonth(lg.date_field)  # local time: the database's own conversion
    return DateMonth(lg.date_field)


def may_declare(year: int, month: int, today: dt.date | None = None) -> bool:
    """本月无 may be declared for a month that has begun (actions.declare_nil refuses later ones)."""
    today = today or timezone.localdate()
    return (year, month) <= (today.year, today.month)
