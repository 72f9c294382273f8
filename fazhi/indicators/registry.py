"""The indicator registry: every figure is defined here once, by its area's indicators.py.

A figure is computed for many townships at once (one grouped query per indicator, whatever the
number of townships); a county's figure is the sum over its townships, and a rate is recomputed
from the summed numerator and denominator, never averaged.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum

from fazhi.orgs.models import OrgUnit

Number = int | Decimal


@dataclass(frozen=True)
class Figure:
    value: Number | None
    unit: str
    numerator: Number | None = None
    denominator: Number | None = None

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
    description: str = ""
    target: Number | None = None
    ledger: str | None = None
    # Where the records behind the figure come from when a line system is the system of record
    # (e.g. "省行政执法平台导入"); empty when the township types them in.
    source: str = ""
    per_org: Callable[[list[int], int], dict[int, Number]] | None = field(default=None, repr=False)

    @property
    def is_rate(self) -> bool:
        return self.numerator is not None


_REGISTRY: dict[str, Indicator] = {}


def register(indicator: Indicator) -> Indicator:
    if indicator.code in _REGISTRY:
        raise ValueError(f"indicator {indicator.code} registered twice")
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

    return register(
        Indicator(code, name, unit, area, records=records, sum_field=sum_field, ledger=ledger, **kw)
    )


def rate(code, name, area, numerator: str, denominator: str, **kw) -> Indicator:
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


def compute_many(codes: list[str], townships: list[OrgUnit], year: int) -> dict[str, dict[int, Figure]]:
    """Figures per township for many indicators: {code: {township id: Figure}}."""
    org_ids = [t.pk for t in townships]
    raw: dict[str, dict[int, Number]] = {}

    def base(code: str) -> dict[int, Number]:
        if code not in raw:
            raw[code] = _raw(get(code), org_ids, year)
        return raw[code]

    result: dict[str, dict[int, Figure]] = {}
    for code in codes:
        ind = get(code)
        if ind.is_rate:
            num, den = base(ind.numerator), base(ind.denominator)
            result[code] = {o: make_rate(num[o], den[o]) for o in org_ids}
        else:
            values = base(code)
            result[code] = {o: Figure(values[o], ind.unit) for o in org_ids}
    return result


def make_rate(num: Number, den: Number) -> Figure:
    value = (Decimal(num) * 100 / Decimal(den)).quantize(Decimal("0.1")) if den else None
    return Figure(value, "%", numerator=num, denominator=den)


def total(indicator: Indicator, per_township: dict[int, Figure], numerators=None) -> Figure:
    """A county's figure from its townships' figures."""
    if indicator.is_rate:
        num = sum((f.numerator or 0) for f in per_township.values())
        den = sum((f.denominator or 0) for f in per_township.values())
        return make_rate(num, den)
    return Figure(sum((f.value or 0) for f in per_township.values()), indicator.unit)


def compute(code: str, org: OrgUnit, year: int) -> Figure:
    """One figure for one org unit (a township, or a county as the sum of its townships)."""
    townships = (
        [org]
        if org.level == "township"
        else list(OrgUnit.objects.filter(path__startswith=org.path).townships())
    )
    per = compute_many([code], townships, year)[code]
    return per[org.pk] if org.level == "township" else total(get(code), per)


def records_behind(code: str, org: OrgUnit, year: int) -> QuerySet | None:
    """The records a figure counts (for a rate, those of its denominator)."""
    ind = get(code)
    if ind.is_rate:
        ind = get(ind.denominator)
    if ind.records is None:
        return None
    township_ids = (
        [org.pk]
        if org.level == "township"
        else list(OrgUnit.objects.filter(path__startswith=org.path).townships().values_list("pk", flat=True))
    )
    return ind.records(township_ids, year)
