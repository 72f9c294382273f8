"""Comparison of townships: chosen indicators over chosen years, side by side, with the cells that
need attention marked (below the indicator's target, or in the worst quartile of a rate), and a
township's profile against the county median over five years. Figures come from the registry."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from django.urls import get_script_prefix, reverse

from fazhi.indicators import registry as indicators

MAX_YEARS = 5


@dataclass
class Cell:
    figure: indicators.Figure
    org_code: str
    year: int
    code: str
    marks: list[str] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"{drilldown_url(self.code)}?org={self.org_code}&year={self.year}"

    @property
    def css(self) -> str:
        return " ".join(f"cell-{m}" for m in self.marks)

    @property
    def title(self) -> str:
        names = {"below": "低于目标值", "worst": "处于后四分之一"}
        return "；".join(names[m] for m in self.marks)


applies = indicators.target_applies


def drilldown_url(code: str) -> str:
    """The drill-down page of a figure, reversed once per figure (a table of 30 townships × 4
    figures × 3 years has 360 links; reversing each was a tenth of the page)."""
    return _drilldown(get_script_prefix(), code)


@lru_cache(maxsize=512)
def _drilldown(script_prefix: str, code: str) -> str:
    return reverse("indicators:drilldown", args=[code])


def _worst(values: list[Decimal], low_good: bool) -> Decimal | None:
    """The boundary of the worst quartile: values at or beyond it are marked."""
    if len(values) < 3:
        return None
    ordered = sorted(values, reverse=low_good)
    return ordered[max(0, (len(ordered) - 1) // 4)]


def table(inds: list[indicators.Indicator], townships: list, years: list[int]):
    """{(code, year): {unit id: Cell}} and the totals {(code, year): Figure}.

    The units are townships, or counties (cities) each summed over its townships; the totals are
    recomputed from the same parts, never averaged."""
    cells: dict[tuple[str, int], dict[int, Cell]] = {}
    totals: dict[tuple[str, int], indicators.Figure] = {}
    codes = [i.code for i in inds]
    units_above = any(t.level != "township" for t in townships)
    for year in years:
        figures = indicators.compute_units(codes, townships, year) if townships else {c: {} for c in codes}
        for ind in inds:
            per = figures[ind.code]
            row = {t.pk: Cell(per[t.pk], t.code, year, ind.code) for t in townships}
            known = [c.figure.value for c in row.values() if c.figure.value is not None]
            low_good = ind.lower_is_better
            boundary = _worst(known, low_good) if ind.is_rate and len(set(known)) > 1 else None
            for c in row.values():
                v = c.figure.value
                if v is None:
                    continue
                if indicators.misses_target(ind, c.figure, units_above):
                    c.marks.append("below")
                if boundary is not None and (v >= boundary if low_good else v <= boundary):
                    c.marks.append("worst")
            cells[(ind.code, year)] = row
            totals[(ind.code, year)] = indicators.total(ind, per)
    return cells, totals


def median(values) -> Decimal | None:
    known = [Decimal(v) for v in values if v is not None]
    if not known:
        return None
    return Decimal(statistics.median(known)).quantize(Decimal("0.1"))


def number(value) -> float | None:
    return None if value is None else float(value)
