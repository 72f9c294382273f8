"""The calendar as the rest of the project uses it: chinese-calendar plus the overrides in the
database. Area `rules.py` modules call `add` and `is_workday` from here; tests of pure logic call
`fazhi.workdays.calendar` with their own overrides."""

from __future__ import annotations

import time
from collections.abc import Iterable
from datetime import date

from fazhi.workdays.calendar import Calendar, Deadline, ExtensionLike, Override, PauseLike

# Overrides change a few times a year; a short per-process cache keeps the cost of a deadline on a
# list page at zero queries while an administrator's correction shows within a minute everywhere.
TTL_SECONDS = 60.0

_cached: tuple[float, Calendar] | None = None


def load_overrides() -> dict[date, Override]:
    from fazhi.workdays.models import DayOverride

    return {
        row.date: Override(row.is_workday, row.name)
        for row in DayOverride.objects.only("date", "is_workday", "name")
    }


def calendar() -> Calendar:
    """The current calendar, rebuilt from the database at most once per TTL_SECONDS."""
    global _cached
    now = time.monotonic()
    if _cached is None or now - _cached[0] > TTL_SECONDS:
        _cached = (now, Calendar(load_overrides()))
    return _cached[1]


def clear_cache() -> None:
    """Forgets the cached calendar; called when an override is saved or deleted."""
    global _cached
    _cached = None


def add(
    start: date,
    n: int,
    *,
    working: bool = True,
    pauses: Iterable[PauseLike] = (),
    extensions: Iterable[ExtensionLike] = (),
    rule: str = "",
) -> Deadline:
    """The due date of a period of `n` working (or calendar) days from `start`, with its reasons."""
    return calendar().add(start, n, working=working, pauses=pauses, extensions=extensions, rule=rule)


def is_workday(d: date) -> bool:
    return calendar().is_workday(d)


def workdays_between(start: date, end: date) -> int:
    """Working days after `start` up to and including `end` (the start day is not counted)."""
    return calendar().workdays_between(start, end)
