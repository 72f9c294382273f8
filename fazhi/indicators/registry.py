"""The indicator registry: every figure is defined here once, by its area's indicators.py.

A figure is computed for many townships at once (one grouped query per indicator, whatever the
number of townships); a county's figure is the sum over its townships, and a rate is recomputed
from the summed numerator and denominator, never averaged.
"""

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import FieldDoesNotExist
from django.db import connections
from django.db.models import Count, F, Q, QuerySet, Sum
from django.utils import timezone

from fazhi.indicators import figcache
from fazhi.orgs.models import OrgUnit

Number = int | Decimal


@dataclass(frozen=True)
class Figure:
    value: Number | None
    unit: str
    numerator: Number | None = None
    denominator: Number | None = None
    # Why there is no value (a rate whose denominator is empty): shown beside the "—".
    reason: str = ""

    def __str__(self) -> str:
        if self.value is None:
            return "—"
        if self.unit == "%":
            return f"{self.value:.1f}%"
        return f"{self.value}{self.unit}"


@dataclass(frozen=True)
class Shared:
    key: tuple[str, str]  # (model label, date field): figures with the same key share a query
    base: Callable[[list[int], int], QuerySet]
    # The figure's condition on the base records; a callable is built at each query (a condition
    # that depends on today, like an on-time rate's "past its due date", or on dictionary entries).
    where: Q | Callable[[], Q] | None
    # A callable condition that could not be checked when the figure was registered (a filter on
    # dictionary entries): it joins the shared query only when the Q it builds reads the model's
    # own row (`_local_q`), otherwise the figure keeps a query of its own.
    model: type | None = None

    def condition(self) -> Q | None:
        return self.where() if callable(self.where) else self.where


@dataclass
class Indicator:
    code: str
    name: str
    unit: str
    area: str
    # Records of one year, for the townships given: the base of counts and sums.
    records: Callable[[list[int], int], QuerySet] | None = None
    sum_field: str | None = None
    # A rate: codes of its numerator and denominator indicators.
    numerator: str | None = None
    denominator: str | None = None
    # How the figure is computed, in words (its formula).
    description: str = ""
    # What the figure rests on: the article of the rule, or the county's practice.
    basis: str = ""
    target: Number | None = None
    ledger: str | None = None
    # Where the records behind the figure come from when a line system is the system of record
    # (e.g. "省行政执法平台导入"); empty when the township types them in.
    source: str = ""
    per_org: Callable[[list[int], int], dict[int, Number]] | None = field(default=None, repr=False)
    # The field tying a record to the org unit whose figure counts it: a ledger record's own
    # township (`org`); the county that holds an inspection (`county`), or that received a
    # township's report (`org__parent`).
    owner: str = "org"
    # A figure not counted from a ledger: the permission reading it and its records takes (a
    # ledger's figures are read by the roles that may view its area's ledgers).
    permission: str = ""
    # A figure of the county's own work over its townships (its supervision): stated for a county
    # and the levels above, never for a township, and not a township's assessment item.
    above_township: bool = False
    # Set by `counting` when the figure's condition stays on its model's own table: the base
    # records (all of the year) and the condition, so that every such figure of one model and date
    # field is computed by one aggregate query (`_raw_many`).
    shared: Shared | None = field(default=None, repr=False, compare=False)
    # The direction of the figure: lost cases, overdue items are better low. Marks a figure
    # above its target (rather than below) and the comparison's worst quartile at the top.
    lower_is_better: bool = False

    @property
    def is_rate(self) -> bool:
        return self.numerator is not None

    @property
    def explanation(self) -> str:
        """The formula and its basis, in one line: shown wherever the figure is explained."""
        text = self.description
        if self.is_rate and not text:
            text = f"{get(self.numerator).name} ÷ {get(self.denominator).name}"
        if self.basis:
            text = f"{text}（依据：{self.basis}）" if text else f"依据：{self.basis}"
        return text

    @property
    def empty_reason(self) -> str:
        """For a rate: why it has no value when its denominator is empty."""
        if not self.is_rate:
            return ""
        return f"本年度没有计入“{get(self.denominator).name}”的事项，比率不适用"


_REGISTRY: dict[str, Indicator] = {}


def today() -> dt.date:
    """The day figures are computed as of: whether a pending item is already late."""
    return timezone.localdate()


def register(indicator: Indicator) -> Indicator:
    if indicator.code in _REGISTRY:
        raise ValueError(f"indicator {indicator.code} registered twice")
    if not indicator.description and not indicator.is_rate:
        indicator.description = f"本年度{indicator.name}的{_per(indicator.unit)}"
    if not indicator.basis:
        indicator.basis = "县级法治政府建设考核惯例"
    _REGISTRY[indicator.code] = indicator
    return indicator


def counting(
    code,
    name,
    unit,
    area,
    model,
    date_field,
    *,
    where: Q | Callable[[], Q] | None = None,
    sum_field=None,
    ledger=None,
    owner: str = "org",
    **kw,
) -> Indicator:
    """The usual figure: how many records (or the sum of a field) of a year, optionally filtered.
    A callable `where` is built at each query (a filter on dictionary entries that may change).
    `owner` is the field naming the org unit a record counts for (see `Indicator.owner`)."""

    def base(org_ids: list[int], year: int) -> QuerySet:
        qs = model.objects.filter(**{f"{owner}__in": org_ids})
        if date_field:
            qs = qs.filter(**{f"{date_field}__year": year})
        return qs

    def records(org_ids: list[int], year: int) -> QuerySet:
        qs = base(org_ids, year)
        if where is None:
            return qs
        return qs.filter(where() if callable(where) else where)

    if not kw.get("description"):
        kw["description"] = _count_formula(name, unit, model, date_field, where, sum_field)
    kw.setdefault("basis", "县级法治政府建设考核惯例：按台账记录统计")
    shared = None
    # A callable filter (dictionary entries) is rebuilt per query and checked then (`_shared_q`).
    if (
        owner == "org"
        and _local(model, date_field)
        and (where is None or callable(where) or _local_q(model, where))
    ):
        shared = Shared(
            (model._meta.label, date_field or ""), base, where, model=model if callable(where) else None
        )
    return register(
        Indicator(
            code,
            name,
            unit,
            area,
            records=records,
            sum_field=sum_field,
            ledger=ledger,
            shared=shared,
            owner=owner,
            **kw,
        )
    )


def by_year(model, where: Q | None = None) -> dict:
    """`records` and `shared` of a figure counting a model's records of a year by its `year` field
    (an annual list, not a dated ledger), optionally filtered: `Indicator(..., **by_year(M, q))`.
    Figures of one such model share one aggregate query."""

    def base(org_ids: list[int], year: int) -> QuerySet:
        return model.objects.filter(org_id__in=org_ids, year=year)

    def records(org_ids: list[int], year: int) -> QuerySet:
        qs = base(org_ids, year)
        return qs.filter(where) if where is not None else qs

    shared = (
        Shared((model._meta.label, "year"), base, where) if where is None or _local_q(model, where) else None
    )
    return {"records": records, "shared": shared}


def _local(model, lookup: str) -> bool:
    """Whether a lookup reads the model's own row (no join): a field, then only lookups or
    transforms of it (`kind__in`, `village__isnull`, `held_on__year`)."""
    if not lookup:
        return True
    name, *rest = lookup.split("__")
    try:
        f = model._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    if not f.concrete or f.many_to_many:
        return False
    return not f.is_relation or all(f.get_lookup(part) is not None for part in rest)


def _local_q(model, q: Q) -> bool:
    """Whether every condition of `q` reads the model's own row: such conditions can be filters
    of aggregates side by side in one query without a join multiplying the rows."""
    for child in q.children:
        if isinstance(child, Q):
            if not _local_q(model, child):
                return False
        elif (
            not isinstance(child, tuple)
            or hasattr(child[1], "resolve_expression")
            or not _local(model, child[0])
        ):
            return False
    return True


def _per(unit: str) -> str:
    return f"{unit}数" if unit in ("件", "人", "次", "个", "项", "场", "户", "条", "卷") else "数量"


def _count_formula(name, unit, model, date_field, where, sum_field) -> str:
    opts = model._meta
    what = f"“{opts.get_field(sum_field).verbose_name}”之和" if sum_field else _per(unit)
    when = f"{opts.get_field(date_field).verbose_name}在本年度的" if date_field else "现有（不分年度）的"
    which = f"中属于“{name}”的" if where is not None else ""
    return f"{when}{opts.verbose_name}{which}{what}"


def rate(code, name, area, numerator: str, denominator: str, **kw) -> Indicator:
    kw.setdefault("basis", "县级法治政府建设考核惯例")
    return register(Indicator(code, name, "%", area, numerator=numerator, denominator=denominator, **kw))


def get(code: str) -> Indicator:
    return _REGISTRY[code]


def all_indicators(area: str | None = None) -> list[Indicator]:
    return [i for i in _REGISTRY.values() if area is None or i.area == area]


def target_applies(ind: Indicator, summed: bool) -> bool:
    """Whether the indicator's target applies: a count's target is per township, so a county's
    (city's) sum is not held to it; a rate's target holds at every level."""
    return ind.target is not None and (ind.is_rate or not summed)


def misses_target(ind: Indicator, figure: Figure, summed: bool = False) -> bool:
    """Whether a figure falls short of the indicator's target (above it, for a figure where lower
    is better)."""
    v = figure.value
    if v is None or not target_applies(ind, summed):
        return False
    return v > ind.target if ind.lower_is_better else v < ind.target


def headline(inds: list[Indicator], n: int) -> list[Indicator]:
    """The figures a county reads first, at most `n` of `inds`: those it holds to a target, then
    the other rates (the home page's key figures, the comparison page's default choice)."""
    with_target = [i for i in inds if i.target is not None]
    return (with_target + [i for i in inds if i.is_rate and i.target is None])[:n]


def _raw(indicator: Indicator, org_ids: list[int], year: int) -> dict[int, Number]:
    if indicator.per_org is not None:
        return indicator.per_org(org_ids, year)
    agg = Sum(indicator.sum_field) if indicator.sum_field else Count("id")
    rows = (
        indicator.records(org_ids, year)
        .order_by()
        .values(indicator.owner)
        .annotate(v=agg)
        .values_list(indicator.owner, "v")
    )
    found = {org_id: v or 0 for org_id, v in rows}
    return {org_id: found.get(org_id, 0) for org_id in org_ids}


# Within `computed_once()` (a report draft, one page) each figure of a township and year is
# computed once, whoever asks for it: {(code, year): {township id: value}}. Per thread/task (a
# ContextVar), so concurrent requests or drafts never see each other's figures.
_ONCE: ContextVar[dict[tuple[str, int], dict[int, Number]] | None] = ContextVar(
    "fazhi_figures_once", default=None
)


@contextmanager
def computed_once() -> Iterator[None]:
    """Every figure asked for inside the block is computed once per township and year."""
    if _ONCE.get() is not None:
        yield
        return
    token = _ONCE.set({})
    try:
        yield
    finally:
        _ONCE.reset(token)


def _raw_many(inds: list[Indicator], org_ids: list[int], year: int) -> dict[str, dict[int, Number]]:
    """`_raw` of many figures: those of one model and date field whose conditions stay on its
    own table (`Shared`) in one aggregate query, each condition the filter of its own aggregate
    (its rows per township cached: `figcache`); the others one query each."""
    result: dict[str, dict[int, Number]] = {}
    groups: dict[tuple[str, str], list[tuple[Indicator, Q | None]]] = {}
    for ind in inds:
        cond = _shared_q(ind)
        if cond is False:
            result[ind.code] = _raw(ind, org_ids, year)
        else:
            groups.setdefault(ind.shared.key, []).append((ind, cond))
    member_lists = list(groups.values())
    grouped = figcache.grouped(
        [_cache_key(members, year) for members in member_lists],
        org_ids,
        lambda n, ids: _grouped(member_lists[n], ids, year),
    )
    for members, rows in zip(member_lists, grouped, strict=True):
        for n, (ind, _) in enumerate(members):
            result[ind.code] = {o: (rows[o][n] or 0) if o in rows else 0 for o in org_ids}
    return result


def _shared_q(ind: Indicator) -> Q | None | bool:
    """The figure's condition within its model's shared query (None: every base record), or False
    when it is computed by a query of its own."""
    shared = ind.shared
    if shared is None or ind.per_org is not None:
        return False
    cond = shared.condition()
    if shared.model is not None and cond is not None and not _local_q(shared.model, cond):
        return False
    return cond


# Compiled aggregate queries, per process: {key: (database alias, SQL, parameters, converters)}.
# Building and compiling a grouped query with the ORM costs about as much as SQLite answering it;
# the SQL is a function of the key alone (the model and date field, the townships, the year and
# each figure's aggregate and condition, a condition that depends on today or on dictionary
# entries being part of the key as built), so it is compiled once. The same dict keeps each
# query's cache key (`_cache_key`), keyed without the townships.
_COMPILED: dict[tuple, tuple] = {}
_COMPILED_MAX = 4096


def _members_key(members: list[tuple[Indicator, Q | None]], year: int) -> tuple:
    return (members[0][0].shared.key, year, tuple((ind.sum_field, cond) for ind, cond in members))


def _compiled(members: list[tuple[Indicator, Q | None]], org_ids: list[int], year: int) -> tuple:
    """(database alias, SQL, parameters, converters, tables read) of the grouped query."""
    key = (*_members_key(members, year), tuple(org_ids))
    compiled = _COMPILED.get(key)
    if compiled is None:
        first = members[0][0]
        qs = first.shared.base(org_ids, year).order_by()
        if len(members) == 1:
            ind, cond = members[0]
            if cond is not None:
                qs = qs.filter(cond)
            aggregates = {"v0": Sum(ind.sum_field) if ind.sum_field else Count("pk")}
        else:
            aggregates = {
                f"v{n}": Sum(ind.sum_field, filter=cond) if ind.sum_field else Count("pk", filter=cond)
                for n, (ind, cond) in enumerate(members)
            }
        qs = qs.values("org_id").annotate(**aggregates).values_list("org_id", *aggregates)
        compiler = qs.query.get_compiler(using=qs.db)
        sql, params = compiler.as_sql()
        converters = compiler.get_converters([s[0] for s in compiler.select[: compiler.col_count]])
        read = {j.table_name for a, j in qs.query.alias_map.items() if qs.query.alias_refcount.get(a)}
        compiled = (qs.db, sql, tuple(params), list(converters.items()), read)
        if len(_COMPILED) >= _COMPILED_MAX:
            _COMPILED.clear()
        _COMPILED[key] = compiled
    return compiled


def _cache_key(members: list[tuple[Indicator, Q | None]], year: int) -> tuple[str, str] | None:
    """(database alias, cache key prefix) of the grouped query's rows, the same for every set of
    townships: the query compiled for a placeholder township, so the key holds everything the SQL
    says (model, date field, year, each figure's aggregate and condition with today's date and
    dictionary entries as parameters). None when the query reads more than its model's one table
    (`figcache.query_key`): computed as before, never cached."""
    key = ("cache key", *_members_key(members, year))
    if key not in _COMPILED:
        alias, sql, params, _, read = _compiled(members, [0], year)
        prefix = figcache.query_key(alias, sql, params, read)
        if len(_COMPILED) >= _COMPILED_MAX:
            _COMPILED.clear()
        _COMPILED[key] = (alias, prefix) if prefix else None
    return _COMPILED[key]


def _grouped(members: list[tuple[Indicator, Q | None]], org_ids: list[int], year: int) -> dict[int, list]:
    """{org id: [value of each member]} for figures of one shared key: one query. A figure alone
    filters the rows (its condition in the WHERE, where an index may serve it); several are each
    the FILTER of their own aggregate."""
    alias, sql, params, converters, _ = _compiled(members, org_ids, year)
    connection = connections[alias]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    result = {}
    for row in rows:
        row = list(row)
        for pos, (convs, expression) in converters:
            value = row[pos]
            for convert in convs:
                value = convert(value, expression, connection)
            row[pos] = value
        result[row[0]] = row[1:]
    return result


def _raw_once(codes: list[str], org_ids: list[int], year: int) -> dict[str, dict[int, Number]]:
    """The figures' values per township, each computed once within `computed_once()`."""
    store = _ONCE.get()
    if store is None:
        return _raw_many([get(c) for c in codes], org_ids, year)
    by_missing: dict[tuple[int, ...], list[str]] = {}
    for code in codes:
        known = store.setdefault((code, year), {})
        missing = tuple(o for o in org_ids if o not in known)
        if missing:
            by_missing.setdefault(missing, []).append(code)
    for missing, of_codes in by_missing.items():
        for code, values in _raw_many([get(c) for c in of_codes], list(missing), year).items():
            store[(code, year)].update(values)
    return {code: {o: store[(code, year)][o] for o in org_ids} for code in codes}


def compute_many(codes: list[str], townships: list[OrgUnit], year: int) -> dict[str, dict[int, Figure]]:
    """Figures per township for many indicators: {code: {township id: Figure}}."""
    org_ids = [t.pk for t in townships]
    needed: list[str] = []
    for code in codes:
        ind = get(code)
        needed.extend([ind.numerator, ind.denominator] if ind.is_rate else [code])
    raw = _raw_once(list(dict.fromkeys(needed)), org_ids, year)

    def base(code: str) -> dict[int, Number]:
        return raw[code]

    result: dict[str, dict[int, Figure]] = {}
    for code in codes:
        ind = get(code)
        if ind.is_rate:
            num, den = base(ind.numerator), base(ind.denominator)
            result[code] = {o: make_rate(num[o], den[o], ind.empty_reason) for o in org_ids}
        else:
            values = base(code)
            result[code] = {o: Figure(values[o], ind.unit) for o in org_ids}
    return result


def make_rate(num: Number, den: Number, reason: str = "") -> Figure:
    """A rate from its parts; an empty denominator gives no value ("—") with `reason`, never 100%."""
    if den:
        return Figure((Decimal(num) * 100 / Decimal(den)).quantize(Decimal("0.1")), "%", num, den)
    return Figure(None, "%", numerator=num, denominator=den, reason=reason or "分母为0，比率不适用")


def total(indicator: Indicator, per_township: dict[int, Figure], numerators=None) -> Figure:
    """A county's figure from its townships' figures."""
    if indicator.is_rate:
        num = sum((f.numerator or 0) for f in per_township.values())
        den = sum((f.denominator or 0) for f in per_township.values())
        return make_rate(num, den, indicator.empty_reason)
    return Figure(sum((f.value or 0) for f in per_township.values()), indicator.unit)


def units_under(orgs: list[OrgUnit]) -> dict[int, list[OrgUnit]]:
    """{org id: the org units whose records make up its figures}, in one query: a township alone;
    above it, every township of the subtree plus the org itself and any level between (a county's
    own ledgers, where it keeps records). Villages and grids keep no records of their own (a
    record's org is its township)."""
    result: dict[int, list[OrgUnit]] = {u.pk: [u] for u in orgs if u.level == "township"}
    above = [u for u in orgs if u.level != "township"]
    if above:
        where = Q()
        for u in above:
            where |= Q(path__startswith=u.path)
        found = list(OrgUnit.objects.filter(where).exclude(level__in=("village", "grid")))
        for u in above:
            result[u.pk] = [o for o in found if o.path.startswith(u.path)]
    return result


def units(org: OrgUnit) -> list[OrgUnit]:
    """The org units whose records make up `org`'s figures (see `units_under`)."""
    return units_under([org])[org.pk]


def compute_units(codes: list[str], orgs: list[OrgUnit], year: int) -> dict[str, dict[int, Figure]]:
    """Figures per org unit of any level: {code: {org id: Figure}}. Above the township a figure is
    the sum over `units_under`, a rate recomputed from the summed numerator and denominator (never
    an average of rates), as `total` does. One grouped query per indicator whatever the number of
    units; the sums are taken over the raw values (no Figure per township for a county's total)."""
    under = units_under(orgs)
    member_ids = list(dict.fromkeys(o.pk for os_ in under.values() for o in os_))
    needed: list[str] = []
    for code in codes:
        ind = get(code)
        needed.extend([ind.numerator, ind.denominator] if ind.is_rate else [code])
    raw = _raw_once(list(dict.fromkeys(needed)), member_ids, year) if member_ids else {}
    ids_under = {u.pk: (u.level == "township", [o.pk for o in under[u.pk]]) for u in orgs}
    result: dict[str, dict[int, Figure]] = {}
    for code in codes:
        ind = get(code)
        if ind.is_rate:
            num, den = raw[ind.numerator], raw[ind.denominator]
            result[code] = {
                pk: (
                    make_rate(num[pk], den[pk], ind.empty_reason)
                    if alone
                    else make_rate(sum(num[o] for o in ids), sum(den[o] for o in ids), ind.empty_reason)
                )
                for pk, (alone, ids) in ids_under.items()
            }
        else:
            values = raw[code]
            result[code] = {
                pk: Figure(values[pk] if alone else sum(values[o] for o in ids), ind.unit)
                for pk, (alone, ids) in ids_under.items()
            }
    return result


def aggregate(codes: list[str], org: OrgUnit, year: int) -> dict[str, Figure]:
    """{code: Figure} for one org unit of any level (see `compute_units`)."""
    return {code: per[org.pk] for code, per in compute_units(codes, [org], year).items()}


def compute(code: str, org: OrgUnit, year: int) -> Figure:
    """One figure for one org unit (a township, or a county, city or province as the sum of its
    townships and its own records)."""
    return aggregate([code], org, year)[code]


def records_behind(code: str, org: OrgUnit, year: int) -> QuerySet | None:
    """The records a figure counts (for a rate, those of its denominator)."""
    ind = get(code)
    if ind.is_rate:
        ind = get(ind.denominator)
    if ind.records is None:
        return None
    return ind.records([u.pk for u in units(org)], year)


# ------------------------------------------------------------------------------ on-time rates


def deadline_rate(
    code: str,
    name: str,
    area: str,
    *,
    model,
    date_field: str,
    done_field: str,
    due: Callable,
    on_time: tuple[str, str],
    owed: tuple[str, str],
    basis: str,
    due_field: str,
    ledger: str | None = None,
    where: Q | None = None,
    moving: Q | None = None,
    **kw,
) -> Indicator:
    """An on-time rate the way the county reads it: of the records of the year (by `date_field`),
    those done by their due date ÷ every record whose due date has passed, done or not, plus those
    already done early. A record still pending but not yet due is in neither; one pending past its
    due date counts against the rate. `due(obj)` is the area's explainable Deadline (it follows the
    holiday calendar and the record's pauses and extensions); `due_field` is the record's stored
    copy of it (a DueDateField with the same rule). Records matching `moving` (a pause still open,
    whose due date moves with today) are few and get `due(obj)` as of today.

    Registers the numerator `on_time` = (code, name) and the denominator `owed` = (code, name) too,
    each with records for the drill-down. Each is one query per call for all the townships asked."""

    def base(org_ids: list[int], year: int) -> QuerySet:
        qs = model.objects.filter(org_id__in=org_ids, **{f"{date_field}__year": year})
        return qs.filter(where) if where is not None else qs

    # The record's due date is stored (`due_field`, the rule's date kept current on every write),
    # so the classification is a filter: done by the due date; owed = done, or past due.
    due_on = F(due_field)
    done = Q(**{f"{done_field}__isnull": False})

    def conditions() -> tuple[Q, Q]:
        has_due = Q(**{f"{due_field}__isnull": False})
        good = has_due & done & Q(**{f"{done_field}__lte": due_on})
        owed_q = has_due & (done | Q(**{f"{due_field}__lt": today()}))
        return good, owed_q

    def moving_records(org_ids, year) -> list:
        """Records whose due date moves with today (an open pause): the rule applied as of now."""
        if moving is None:
            return []
        return list(base(org_ids, year).filter(moving))

    def classify_moving(org_ids, year):
        as_of = today()
        good: dict[int, list[int]] = {o: [] for o in org_ids}
        owed_ids: dict[int, list[int]] = {o: [] for o in org_ids}
        for obj in moving_records(org_ids, year):
            deadline = due(obj)
            done_on = getattr(obj, done_field)
            if deadline is None:
                continue
            if done_on is not None or deadline.date < as_of:
                owed_ids[obj.org_id].append(obj.pk)
            if done_on is not None and done_on <= deadline.date:
                good[obj.org_id].append(obj.pk)
        return good, owed_ids

    def settled(org_ids, year) -> QuerySet:
        qs = base(org_ids, year)
        return qs.exclude(moving) if moving is not None else qs

    def counter(which: int):
        def per_org(org_ids, year):
            cond = conditions()[which]
            rows = (
                settled(org_ids, year)
                .filter(cond)
                .order_by()
                .values("org_id")
                .annotate(n=Count("pk"))
                .values_list("org_id", "n")
            )
            found = dict(rows)
            extra = classify_moving(org_ids, year)[which] if moving is not None else {}
            return {o: found.get(o, 0) + len(extra.get(o, ())) for o in org_ids}

        def records(org_ids, year):
            qs = base(org_ids, year)
            q = conditions()[which]
            if moving is not None:
                ids = [pk for pks in classify_moving(org_ids, year)[which].values() for pk in pks]
                q = (q & ~moving) | Q(pk__in=ids)
            return qs.filter(q)

        return per_org, records

    good_per_org, good_records = counter(0)
    owed_per_org, owed_records = counter(1)

    def shared(which: int) -> Shared | None:
        """Without records whose due date moves, both counts are conditions on the model's own
        row (the due date is a column): they join the model's shared aggregate query."""
        if moving is not None or (where is not None and not _local_q(model, where)):
            return None

        def plain(org_ids: list[int], year: int) -> QuerySet:
            return model.objects.filter(org_id__in=org_ids, **{f"{date_field}__year": year})

        def condition() -> Q:
            cond = conditions()[which]
            return cond & where if where is not None else cond

        return Shared((model._meta.label, date_field), plain, condition)

    good_shared, owed_shared = shared(0), shared(1)
    register(
        Indicator(
            on_time[0],
            on_time[1],
            kw.get("count_unit", "件"),
            area,
            records=good_records,
            per_org=good_per_org if good_shared is None else None,
            shared=good_shared,
            ledger=ledger,
            description=kw.get("on_time_description", f"{on_time[1]}：在期限内办结的件数"),
            basis=basis,
            source=kw.get("source", ""),
        )
    )
    register(
        Indicator(
            owed[0],
            owed[1],
            kw.get("count_unit", "件"),
            area,
            records=owed_records,
            per_org=owed_per_org if owed_shared is None else None,
            shared=owed_shared,
            ledger=ledger,
            description=kw.get(
                "owed_description", f"{owed[1]}：已办结的件数，加上未办结但期限已届满的件数（期限未到的不计）"
            ),
            basis=basis,
            source=kw.get("source", ""),
        )
    )
    return rate(
        code,
        name,
        area,
        on_time[0],
        owed[0],
        description=kw.get(
            "description", f"{on_time[1]} ÷ {owed[1]}（未办结且已逾期的计入分母，期限未到的不计）"
        ),
        basis=basis,
        ledger=ledger,
        target=kw.get("target"),
        source=kw.get("source", ""),
    )
