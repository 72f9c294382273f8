"""Facts an assessment deducts points for, one occurrence at a time: a counted indicator's records
(a lost case, a late notice), a statutory item still open past its due date on the to-do list,
the annual report submitted after its due date.

A fact is read for all townships at once: `occurrences(code, townships, year, user, today)`
returns {township id: [Occurrence]}. The user is the one who starts the scoring; the to-do list
is read with his view rights (the county supervisor sees no sensitive ledger)."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass

from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from fazhi.indicators import access
from fazhi.indicators import registry as indicators
from fazhi.ledger import todo

INDICATOR_PREFIX = "indicator:"
TODO_LATE = "todo.late"
REPORT_LATE = "report.late"
# A deduction is rarely worth listing beyond this many records; the count stays exact.
LISTED = 50


@dataclass
class Occurrence:
    text: str
    url: str = ""

    def as_dict(self) -> dict:
        return asdict(self)


def choices() -> list[tuple[str, str]]:
    """Every fact a scheme item can deduct for, with its Chinese name."""
    result = [
        (TODO_LATE, "法定事项逾期未办（待办与到期中的逾期事项，按次扣分）"),
        (REPORT_LATE, "年度法治政府建设情况报告未按期报送"),
    ]
    for ind in indicators.all_indicators():
        if not ind.is_rate and ind.unit not in ("元", "%") and not ind.above_township:
            result.append((f"{INDICATOR_PREFIX}{ind.code}", f"每有一{ind.unit}“{ind.name}”"))
    return result


def name(code: str) -> str:
    return dict(choices()).get(code, code)


def occurrences(code: str, townships: list, year: int, user, today: dt.date) -> dict[int, list[Occurrence]]:
    if code.startswith(INDICATOR_PREFIX):
        return _indicator(code.removeprefix(INDICATOR_PREFIX), townships, year, user)
    if code == TODO_LATE:
        return _late_todos(townships, year, user, today)
    if code == REPORT_LATE:
        return _late_reports(townships, year, today)
    raise ValueError(f"unknown fact {code}")


def _indicator(code: str, townships, year, user) -> dict[int, list[Occurrence]]:
    figures = indicators.compute_many([code], townships, year)[code]
    result = {}
    for t in townships:
        count = int(figures[t.pk].value or 0)
        listed = []
        qs = access.records_for_user(user, code, t, year)
        if qs is not None:
            listed = [Occurrence(r.text, r.url or "") for r in access.rows(qs[:LISTED])]
        # The figure decides how many; the list shows which (as far as the user may see them).
        listed += [Occurrence("（记录未列出）") for _ in range(count - len(listed))]
        result[t.pk] = listed[:count] if len(listed) > count else listed
    return result


def _late_todos(townships, year, user, today) -> dict[int, list[Occurrence]]:
    result: dict[int, list[Occurrence]] = {t.pk: [] for t in townships}
    for item in todo.items(user, [t.pk for t in townships], today, 0):
        if item.state(today) == todo.LATE and item.due.year == year and item.record.org_id in result:
            result[item.record.org_id].append(Occurrence(f"{item.record}：{item.reason}", item.url))
    return result


def _late_reports(townships, year, today) -> dict[int, list[Occurrence]]:
    """A township whose annual report reached the county after the due date, or not at all by it."""
    from fazhi.reports import workflow

    due = workflow.due_dates(year)["submit"]
    Step = apps.get_model("reports", "Step")
    submitted: dict[int, dt.date] = {}
    rows = Step.objects.filter(action="submit", report__year=year, report__org__in=townships).values_list(
        "report__org_id", "at"
    )
    for org_id, at in rows:
        day = timezone.localdate(at)
        submitted[org_id] = min(day, submitted.get(org_id, day))
    result = {}
    for t in townships:
        day = submitted.get(t.pk)
        if day is not None and day > due:
            text = f"{year}年度报告于{day}报送，报送期限为{due}"
        elif day is None and today > due:
            text = f"{year}年度报告至{today}尚未报送，报送期限为{due}"
        else:
            result[t.pk] = []
            continue
        result[t.pk] = [Occurrence(text, reverse("supervision:reports") + f"?year={year}")]
    return result
