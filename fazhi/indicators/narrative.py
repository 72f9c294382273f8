"""The drafting protocol of the annual report, kept in the core so that every area writes its own
part of the report without knowing the report app.

An area registers a drafting function `(org, year) -> list of paragraphs` in its `narrative.py`
(autodiscovered). The records it tells of (an example, the most frequent kinds) it reads through
`per_org` with a function for many townships, so that drafting many townships in one pass
(`drafting_many`) reads each kind of record once for all of them. Paragraph text holds figures as live references to indicators, `{{code}}`, which
the report resolves to the value (and can recompute later); notable records are written out as
plain words. An area without a drafting function still gets a paragraph built from its indicators.

House style: a figure that is zero is left out rather than boasted ("0次"); an area with nothing
recorded says so plainly in one sentence.
"""

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, TypeVar

from django.db.models import Count, F, Min, QuerySet, Window
from django.db.models.functions import RowNumber

from fazhi.indicators import registry
from fazhi.indicators.registry import Figure
from fazhi.orgs.models import OrgUnit

TOKEN = re.compile(r"\{\{\s*([a-z0-9_]+\.[a-z0-9_]+)\s*\}\}")
# Areas that have their own part of the report (part 3 and part 2/4), not a section of part 1.
OWN_PARTS = {"leadership", "rectification"}

Drafter = Callable[[OrgUnit, int], list[str]]


@dataclass(frozen=True)
class Narrative:
    area: str
    title: str
    draft: Drafter


_DRAFTERS: dict[str, Narrative] = {}


def register(area: str, title: str = "") -> Callable[[Drafter], Drafter]:
    """Decorator: `@narrative.register("mediation", "坚持和发展新时代“枫桥经验”")`."""

    def wrap(fn: Drafter) -> Drafter:
        if area in _DRAFTERS:
            raise ValueError(f"narrative for {area} registered twice")
        _DRAFTERS[area] = Narrative(area, title, fn)
        return fn

    return wrap


# Drafting many townships in one pass -------------------------------------------------------------

T = TypeVar("T")
ManyFn = Callable[[list[int], int], dict[int, Any]]


@dataclass
class _Batch:
    org_ids: list[int]
    found: dict[tuple[ManyFn, int], dict[int, Any]] = field(default_factory=dict)


_BATCH: ContextVar[_Batch | None] = ContextVar("fazhi_narrative_batch", default=None)


@contextmanager
def drafting_many(orgs: list[OrgUnit]) -> Iterator[None]:
    """Within the block, whatever a drafting function reads through `per_org` for any of `orgs`
    is read for all of them at once: one query per kind of record, whatever their number."""
    token = _BATCH.set(_Batch([o.pk for o in orgs]))
    try:
        yield
    finally:
        _BATCH.reset(token)


def per_org(many: Callable[[list[int], int], dict[int, T]], org: OrgUnit, year: int, default: T) -> T:
    """`many(org ids, year)[org.pk]` (`default` when absent): inside `drafting_many` computed once
    for all of the batch's townships, the first time any of them asks; otherwise for `org` alone."""
    batch = _BATCH.get()
    if batch is None or org.pk not in batch.org_ids:
        return many([org.pk], year).get(org.pk, default)
    found = batch.found.get((many, year))
    if found is None:
        found = batch.found[(many, year)] = many(batch.org_ids, year)
    return found.get(org.pk, default)


def first_per_org(qs: QuerySet, *ordering: str, n: int = 1) -> dict[int, list]:
    """The first `n` records of `qs` of each org unit by `ordering` (then by pk), in one query:
    {org id: [records in that order]}; an org unit without any is absent."""
    ranked = qs.annotate(
        draft_rank=Window(RowNumber(), partition_by=F("org_id"), order_by=[*ordering, "pk"])
    ).filter(draft_rank__lte=n)
    found: dict[int, list] = {}
    for obj in sorted(ranked, key=lambda o: (o.org_id, o.draft_rank)):
        found.setdefault(obj.org_id, []).append(obj)
    return found


def first_of(qs: QuerySet, *ordering: str) -> dict[int, Any]:
    """The first record of `qs` of each org unit by `ordering` (then by pk): {org id: record}."""
    return {o: objs[0] for o, objs in first_per_org(qs, *ordering).items()}


def by_org(qs: QuerySet) -> dict[int, list]:
    """`qs`'s records grouped by org unit, each group in the queryset's order."""
    found: dict[int, list] = {}
    for obj in qs:
        found.setdefault(obj.org_id, []).append(obj)
    return found


def most_common(qs: QuerySet, field_name: str, n: int) -> dict[int, list]:
    """The `n` most frequent values of `field_name` among `qs`'s records of each org unit, in one
    grouped query; equal counts in the order the values were first recorded."""
    rows = qs.order_by().values("org_id", field_name).annotate(n=Count("pk"), first=Min("pk"))
    found: dict[int, list] = {}
    for row in sorted(rows, key=lambda r: (r["org_id"], -r["n"], r["first"])):
        found.setdefault(row["org_id"], []).append(row[field_name])
    return {o: values[:n] for o, values in found.items()}


def get(area: str) -> Narrative | None:
    return _DRAFTERS.get(area)


def tok(code: str) -> str:
    """The reference to an indicator as it is written into a paragraph."""
    registry.get(code)  # fail early on a misspelt code
    return "{{" + code + "}}"


def tokens(text: str) -> list[str]:
    return list(dict.fromkeys(TOKEN.findall(text)))


def unknown_tokens(text: str) -> list[str]:
    known = {i.code for i in registry.all_indicators()}
    return [c for c in tokens(text) if c not in known]


def _plain(value: Decimal) -> str:
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def display(fig: Figure) -> str:
    """A figure as a clerk writes it in a report: 35件, 92.3%, 12.5万元, 48小时."""
    value = fig.value
    if value is None:
        return "—"
    if fig.unit == "%":
        return f"{_plain(Decimal(value).quantize(Decimal('0.1')))}%"
    if fig.unit == "元" and value >= 10000:
        return f"{_plain((Decimal(value) / 10000).quantize(Decimal('0.01')))}万元"
    if isinstance(value, Decimal):
        return f"{_plain(value.quantize(Decimal('0.01')))}{fig.unit}"
    return f"{value}{fig.unit}"


def resolve(text: str, values: dict[str, str]) -> str:
    """Replaces every `{{code}}` by its value (an unknown code stays visible for the editor)."""
    return TOKEN.sub(lambda m: values.get(m.group(1), m.group(0)), text)


def figures(org: OrgUnit, year: int, codes: list[str] | None = None, area: str | None = None):
    """{code: Figure} for one township, computed together; for a county, the sums over its
    townships and its own records (rates recomputed, never averaged)."""
    if codes is None:
        codes = [i.code for i in registry.all_indicators(area)]
    return registry.aggregate(codes, org, year)


def nonzero(fig: Figure | None) -> bool:
    return fig is not None and fig.value not in (None, 0)


def listing(figs: dict[str, Figure], items: list[tuple[str, str]], sep: str = "，") -> str:
    """`label{{code}}` for every item whose figure is not zero, joined; "" when all are zero."""
    return sep.join(f"{label}{tok(code)}" for label, code in items if nonzero(figs.get(code)))


def _context_only(codes: list[str], figs: dict[str, Figure]) -> set[str]:
    """Figures that say nothing on their own: a rate whose numerator is zero, and a denominator
    (e.g. the number of villages) whose rates all have a zero numerator."""
    rates = [i for i in registry.all_indicators() if i.is_rate]
    skip = set()
    for code in codes:
        ind = registry.get(code)
        if ind.is_rate and not nonzero(figs.get(ind.numerator)):
            skip.add(code)
        users = [r for r in rates if r.denominator == code]
        if users and not any(nonzero(figs.get(r.numerator)) for r in users):
            skip.add(code)
    return skip


def is_idle(area: str, org: OrgUnit, year: int) -> bool:
    """Nothing recorded in the area for the year (every figure zero, undefined or mere context)."""
    figs = figures(org, year, area=area)
    skip = _context_only(list(figs), figs)
    return not any(nonzero(f) for code, f in figs.items() if code not in skip)


def generic(area: str, org: OrgUnit, year: int) -> list[str]:
    """The paragraph of an area that has not written its own narrative: its non-zero figures."""
    inds = registry.all_indicators(area)
    figs = figures(org, year, [i.code for i in inds])
    skip = _context_only(list(figs), figs)
    listed = listing(figs, [(i.name, i.code) for i in inds if i.code not in skip], sep="，")
    if not listed:
        return ["本年度该项工作没有台账记录。"]
    return [f"{title(area)}方面，{listed}。"]


def draft(area: str, org: OrgUnit, year: int) -> list[str]:
    found = get(area)
    paragraphs = found.draft(org, year) if found else generic(area, org, year)
    return [p for p in paragraphs if p.strip()]


def has_own_title(area: str) -> bool:
    found = get(area)
    return bool(found and found.title)


def title(area: str) -> str:
    from fazhi.ledger.registry import AREAS

    found = get(area)
    return (found.title if found and found.title else "") or AREAS.get(area, (area, ""))[0]


def report_areas() -> list[str]:
    """Areas that contribute a section to part 1, in the order of domain.md."""
    from fazhi.ledger.registry import AREAS

    have = {i.area for i in registry.all_indicators()} | set(_DRAFTERS)
    return [a for a in AREAS if a in have and a not in OWN_PARTS]
