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

from django.db.models import Count, F, Q, QuerySet, Sum
from django.utils import timezone

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
    code, name, unit, area, model, date_field, *, where: Q | None = None, sum_field=None, ledger=None, **kw
) -> Indicator:
    """The usual figure: how many records (or the sum of a field) of a year, optionally filtered."""

    def records(org_ids: list[int], year: int) -> QuerySet:
        qs = model.objects.filter(org_id__in=org_ids)
        if date_field:
            qs = qs.filter(**{f"{date_field}__year": year})
        return qs.filter(where) if where is not None else qs

    if not kw.get("description"):
        kw["description"] = _count_formula(name, unit, model, date_field, where, sum_field)
    kw.setdefault("basis", "县级法治政府建设考核惯例：按台账记录统计")
    return register(
        Indicator(code, name, unit, area, records=records, sum_field=sum_field, ledger=ledger, **kw)
    )


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


def _raw(indicator: Indicator, org_ids: list[int], year: int) -> dict[int, Number]:
    if indicator.per_org is not None:
        return indicator.per_org(org_ids, year)
    agg = Sum(indicator.sum_field) if indicator.sum_field else Count("id")
    rows = (
        indicator.records(org_ids, year)
        .order_by()
        .values("org_id")
        .annotate(v=agg)
        .values_list("org_id", "v")
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


def _raw_once(indicator: Indicator, org_ids: list[int], year: int) -> dict[int, Number]:
    store = _ONCE.get()
    if store is None:
        return _raw(indicator, org_ids, year)
    known = store.setdefault((indicator.code, year), {})
    missing = [o for o in org_ids if o not in known]
    if missing:
        known.update(_raw(indicator, missing, year))
    return {o: known[o] for o in org_ids}


def compute_many(codes: list[str], townships: list[OrgUnit], year: int) -> dict[str, dict[int, Figure]]:
    """Figures per township for many indicators: {code: {township id: Figure}}."""
    org_ids = [t.pk for t in townships]
    raw: dict[str, dict[int, Number]] = {}

    def base(code: str) -> dict[int, Number]:
        if code not in raw:
            raw[code] = _raw_once(get(code), org_ids, year)
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


def units(org: OrgUnit) -> list[OrgUnit]:
    """The org units whose records make up `org`'s figures: a township alone; above it, every
    township of the subtree plus the org itself and any level between (a county's own ledgers,
    where it keeps records). Villages and grids keep no records of their own (a record's org is
    its township)."""
    if org.level == "township":
        return [org]
    below = OrgUnit.objects.filter(path__startswith=org.path).exclude(level__in=("village", "grid"))
    return [org, *below.exclude(pk=org.pk)]


def aggregate(codes: list[str], org: OrgUnit, year: int) -> dict[str, Figure]:
    """{code: Figure} for one org unit: a township's own figures, or above it the sums over
    `units(org)` with every rate recomputed from the summed numerator and denominator."""
    found = compute_many(codes, units(org), year)
    if org.level == "township":
        return {code: per[org.pk] for code, per in found.items()}
    return {code: total(get(code), per) for code, per in found.items()}


def compute(code: str, org: OrgUnit, year: int) -> Figure:
    """One figure for one org unit (a township, or a county as the sum of its townships and its
    own records)."""
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
    register(
        Indicator(
            on_time[0],
            on_time[1],
            kw.get("count_unit", "件"),
            area,
            records=good_records,
            per_org=good_per_org,
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
            per_org=owed_per_org,
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
