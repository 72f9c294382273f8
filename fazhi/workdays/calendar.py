"""Chinese working-day calendar and deadline arithmetic, free of Django.

The State Council publishes each year's holiday schedule (with make-up workdays, 调休) in
November; the chinese-calendar package ships the schedules known when it was released.
Administrators enter the rest as overrides, which this module takes as a plain mapping so it can
be tested without a database. A year that neither source knows is counted with Saturdays and
Sundays as rest days, and every deadline that touches it is marked provisional (暂定).

The start day is never counted: day 1 is the day after the start (民法典第二百零一条).
A calendar-day period whose last day is a rest day ends on the next working day
(民法典第二百零三条); a working-day period always ends on a working day.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

import chinese_calendar

# chinese-calendar names holidays in English; documents and explanations need the Chinese names.
HOLIDAY_NAMES: dict[str, str] = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}

MAX_DAYS = 3660  # ten years; longer statutory periods do not exist, and it bounds the loop


class DeadlineError(ValueError):
    """Bad input to the deadline arithmetic; the message is Chinese and fit for a user."""


@dataclass(frozen=True)
class Override:
    """An administrator's entry for one day: whether it is a working day, and why."""

    is_workday: bool
    name: str = ""


@dataclass(frozen=True)
class Day:
    """What the calendar says about one date."""

    date: date
    is_workday: bool
    name: str  # Chinese holiday name, or the make-up workday's holiday; "" for an ordinary day
    provisional: bool  # the year's schedule is not known: weekends only
    source: str  # "override", "package" or "weekend"

    @property
    def is_weekend(self) -> bool:
        return self.date.weekday() >= 5

    @property
    def is_makeup(self) -> bool:
        """A Saturday or Sunday that is a working day (调休上班)."""
        return self.is_workday and self.is_weekend

    @property
    def is_holiday(self) -> bool:
        """A rest day that is more than an ordinary weekend."""
        return not self.is_workday and (bool(self.name) or not self.is_weekend)


@dataclass(frozen=True)
class Pause:
    """The period does not run from `start` to `end`, both inclusive (中止、暂停计算)."""

    start: date
    end: date
    reason: str = ""


@dataclass(frozen=True)
class Extension:
    """The period is extended by `days` in its own unit (延长)."""

    days: int
    reason: str = ""


PauseLike = Pause | tuple[date, date] | tuple[date, date, str]
ExtensionLike = Extension | tuple[int] | tuple[int, str] | int


@dataclass(frozen=True)
class Deadline:
    """A computed due date that can explain itself in Chinese."""

    date: date
    start: date
    days: int  # as the rule states it, before extensions
    working: bool
    provisional: bool
    rule: str = ""
    total_days: int = 0  # days counted, extensions included
    lines: tuple[str, ...] = field(default=(), repr=False)

    @property
    def unit(self) -> str:
        return "个工作日" if self.working else "日"

    def explain(self) -> str:
        return "\n".join(self.lines)

    def __str__(self) -> str:
        return self.date.isoformat() + ("（暂定）" if self.provisional else "")


def _iso(d: date) -> str:
    return d.isoformat()


def _span(first: date, last: date) -> str:
    return _iso(first) if first == last else f"{_iso(first)}至{_iso(last)}"


class Calendar:
    """The working-day calendar: chinese-calendar's schedule, overridden per day by `overrides`."""

    def __init__(self, overrides: Mapping[date, Override] | None = None) -> None:
        self.overrides: dict[date, Override] = dict(overrides or {})
        self._override_years = {d.year for d in self.overrides}
        self._package_years: dict[int, bool] = {}
        self._days: dict[date, Day] = {}
        self._specials: dict[int, list[Day]] = {}

    def knows_year(self, year: int) -> bool:
        """Whether the year's schedule is known, from the package or from overrides."""
        return year in self._override_years or self._package_knows(year)

    def _package_knows(self, year: int) -> bool:
        known = self._package_years.get(year)
        if known is None:
            try:
                chinese_calendar.is_workday(date(year, 6, 1))
                known = True
            except NotImplementedError:
                known = False
            self._package_years[year] = known
        return known

    def day(self, d: date) -> Day:
        cached = self._days.get(d)
        if cached is None:
            cached = self._days[d] = self._lookup(d)
        return cached

    def _lookup(self, d: date) -> Day:
        override = self.overrides.get(d)
        if override is not None:
            return Day(d, override.is_workday, override.name, False, "override")
        if self._package_knows(d.year):
            is_holiday, name = chinese_calendar.get_holiday_detail(d)
            chinese = HOLIDAY_NAMES.get(name, name) if name else ""
            return Day(d, not is_holiday, chinese, False, "package")
        return Day(d, d.weekday() < 5, "", not self.knows_year(d.year), "weekend")

    def is_workday(self, d: date) -> bool:
        return self.day(d).is_workday

    def next_workday(self, d: date) -> date:
        """The first working day strictly after `d`."""
        d += timedelta(days=1)
        while not self.is_workday(d):
            d += timedelta(days=1)
        return d

    def _is_special(self, info: Day) -> bool:
        """A day the schedule marks: not simply Monday–Friday work and Saturday–Sunday rest."""
        return info.is_workday != (info.date.weekday() < 5) or bool(info.name)

    def specials_of_year(self, year: int) -> list[Day]:
        """The year's special days in date order (holidays, make-up days, named days).

        Read once per year and calendar; a year with neither package data nor overrides has none."""
        found = self._specials.get(year)
        if found is None:
            if self.knows_year(year):
                first = date(year, 1, 1)
                days = (date(year + 1, 1, 1) - first).days
                found = [
                    info
                    for info in (self.day(first + timedelta(days=k)) for k in range(days))
                    if self._is_special(info)
                ]
            else:
                found = []
            self._specials[year] = found
        return found

    def specials_between(self, start: date, end: date) -> list[Day]:
        """Special days after `start` up to and including `end`, in date order."""
        if end <= start:
            return []
        return [
            info
            for year in range(start.year, end.year + 1)
            for info in self.specials_of_year(year)
            if start < info.date <= end
        ]

    def workdays_between(self, start: date, end: date) -> int:
        """Working days after `start` up to and including `end` (the start day is not counted)."""
        if end <= start:
            return 0
        count = _weekdays(start, end)
        for info in self.specials_between(start, end):
            count += int(info.is_workday) - int(info.date.weekday() < 5)
        return count

    def _jump(self, start: date, total: int) -> date:
        """The `total`-th working day after `start` (`start` itself when `total` is 0)."""
        position, left = start, total
        year = start.year
        while left > 0:
            # Special days ahead of the position, year by year; beyond the last known year (or
            # ten years on, the longest period) only weekends rest.
            ahead = [d for d in self.specials_of_year(year) if d.date > position]
            for info in ahead:
                plain = _weekdays(position, info.date - timedelta(days=1))
                if plain >= left:
                    return _nth_weekday(position, left)
                left -= plain
                position = info.date
                if info.is_workday:
                    left -= 1
                    if left == 0:
                        return position
            year += 1
            if year > start.year + MAX_DAYS // 365 + 1:
                return _nth_weekday(position, left)
            year_end = date(year - 1, 12, 31)
            plain = _weekdays(position, year_end)
            if plain >= left:
                return _nth_weekday(position, left)
            left -= plain
            position = max(position, year_end)
        return position

    def _step(
        self, start: date, total: int, working: bool, pause_list: list[Pause], paused: dict[int, int]
    ) -> tuple[date, list[Day]]:
        """Day by day, for a period with pauses (rare): the end and every day looked at."""
        counted = 0
        current = start
        seen: list[Day] = []
        while counted < total:
            current += timedelta(days=1)
            info = self.day(current)
            seen.append(info)
            hit = next((i for i, p in enumerate(pause_list) if p.start <= current <= p.end), None)
            countable = info.is_workday or not working
            if hit is not None:
                if countable:
                    paused[hit] = paused.get(hit, 0) + 1
                continue
            if countable:
                counted += 1
        return current, seen

    def add(
        self,
        start: date,
        n: int,
        *,
        working: bool = True,
        pauses: Iterable[PauseLike] = (),
        extensions: Iterable[ExtensionLike] = (),
        rule: str = "",
    ) -> Deadline:
        """The last day of a period of `n` days (working or calendar) counted from `start`."""
        pause_list = [_pause(p) for p in pauses]
        extension_list = [_extension(e) for e in extensions]
        if isinstance(n, bool) or not isinstance(n, int) or n < 0:
            raise DeadlineError(f"期限天数应为不小于0的整数，收到：{n!r}")
        if not isinstance(start, date):
            raise DeadlineError(f"起算日应为日期，收到：{start!r}")
        total = n + sum(e.days for e in extension_list)
        if total > MAX_DAYS:
            raise DeadlineError(f"期限合计{total}日，超出可计算范围（{MAX_DAYS}日）")
        unit = "个工作日" if working else "日"

        lines: list[str] = []
        if rule:
            lines.append(f"依据：{rule}")
        lines.append(f"起算日：{_iso(start)}（当日不计入，自次日起算）")
        lines.append(f"期限：{n}{unit}" + ("（工作日，节假日和周末不计入）" if working else "（自然日）"))
        for e in extension_list:
            lines.append(f"延长：{e.days}{unit}" + (f"，理由：{e.reason}" if e.reason else ""))
        if extension_list:
            lines.append(f"合计：{total}{unit}")

        paused: dict[int, int] = {}  # index into pause_list -> days not counted
        if pause_list:
            end, seen = self._step(start, total, working, pause_list, paused)
            lines.extend(self._describe_skips(seen, working))
            unknown_from = seen
        else:
            # Without pauses the period is computed by jumping over plain weeks and looking only at
            # the days the schedule marks (holidays, make-up days): the same result as stepping.
            end = self._jump(start, total) if working else start + timedelta(days=total)
            seen = self.specials_between(start, end)
            lines.extend(self._describe_skips(seen, working, plain_weekends=_weekend_days(start, end)))
            unknown_from = []  # the days after the end a calendar period moves to

        for i, p in enumerate(pause_list):
            why = f"（{p.reason}）" if p.reason else ""
            lost = paused.get(i, 0)
            if lost:
                lines.append(
                    f"中止：{_span(p.start, p.end)}{why}，期间{lost}{unit}不计入，期限相应顺延{lost}{unit}"
                )
            else:
                lines.append(f"中止：{_span(p.start, p.end)}{why}，不在计算期间内，不影响期限")

        if not working and not self.is_workday(end):
            last = self.day(end)
            moved = self.next_workday(end)
            unknown_from.extend(self.day(end + timedelta(days=k)) for k in range(1, (moved - end).days + 1))
            kind = f"{last.name}假期" if last.name else ("休息日" if last.is_weekend else "节假日")
            lines.append(f"第{total}日 {_iso(end)} 为{kind}，期限顺延至节假日后的第一个工作日 {_iso(moved)}")
            end = moved

        if pause_list:
            unknown = sorted({d.date.year for d in unknown_from if d.provisional})
        elif end > start:  # the days counted run from the day after the start to the end
            first = start + timedelta(days=1)
            unknown = [y for y in range(first.year, end.year + 1) if not self.knows_year(y)]
        else:
            unknown = []
        provisional = bool(unknown)
        if provisional:
            years = "、".join(f"{y}年" for y in unknown)
            lines.append(f"暂定：{years}节假日安排尚未录入，暂按周六、周日休息计算，公布后可能变化")
        lines.append(f"届满日：{_iso(end)}" + ("（暂定）" if provisional else ""))
        return Deadline(
            date=end,
            start=start,
            days=n,
            working=working,
            provisional=provisional,
            rule=rule,
            total_days=total,
            lines=tuple(lines),
        )

    def _describe_skips(
        self, seen: Sequence[Day], working: bool, plain_weekends: int | None = None
    ) -> list[str]:
        """Holidays skipped and make-up workdays counted, as explanation lines.

        `seen` is every day of the period, or (with `plain_weekends`, the number of Saturdays and
        Sundays in it) only its special days: then ordinary weekends are counted arithmetically."""
        if not working:
            named = _runs([d for d in seen if d.is_holiday])
            return [f"期间含 {name} {_span(a, b)}，自然日照常计算" for name, a, b in named]
        lines = [f"跳过 {name} {_span(a, b)}" for name, a, b in _runs([d for d in seen if d.is_holiday])]
        if plain_weekends is None:
            weekends = sum(1 for d in seen if not d.is_workday and not d.is_holiday)
        else:
            # A special weekend day is a holiday or a make-up day, never an ordinary rest day.
            weekends = plain_weekends - sum(1 for d in seen if d.is_weekend)
        if weekends:
            lines.append(f"跳过 周末休息日 {weekends}天")
        for d in seen:
            if d.is_makeup:
                what = f"{d.name}调休上班" if d.name and "调休" not in d.name else (d.name or "调休上班")
                lines.append(f"计入 {_iso(d.date)}（{what}，周末上班计为工作日）")
        return lines


def _weekdays(start: date, end: date) -> int:
    """Mondays to Fridays after `start` up to and including `end`."""
    if end <= start:
        return 0
    days = (end - start).days
    weeks, rest = divmod(days, 7)
    count = weeks * 5
    first = (start.weekday() + 1) % 7  # weekday of the day after start
    for k in range(rest):
        if (first + k) % 7 < 5:
            count += 1
    return count


def _weekend_days(start: date, end: date) -> int:
    """Saturdays and Sundays after `start` up to and including `end`."""
    return max((end - start).days, 0) - _weekdays(start, end)


def _nth_weekday(position: date, n: int) -> date:
    """The `n`-th Monday–Friday after `position` (n ≥ 1)."""
    weeks, rest = divmod(n - 1, 5)
    d = position + timedelta(days=7 * weeks)
    left = rest + 1
    while True:
        d += timedelta(days=1)
        if d.weekday() < 5:
            left -= 1
            if left == 0:
                return d


def _runs(days: Sequence[Day]) -> list[tuple[str, date, date]]:
    """Groups holidays into (names, first, last) runs of consecutive dates.

    A run may join two holidays (国庆节 and 中秋节 in 2025); its name lists both."""
    runs: list[tuple[list[str], date, date]] = []
    for d in days:
        name = d.name or "节假日"
        if runs and runs[-1][2] + timedelta(days=1) == d.date:
            names, first, _ = runs[-1]
            runs[-1] = (names if name in names else [*names, name], first, d.date)
        else:
            runs.append(([name], d.date, d.date))
    return [("、".join(names), first, last) for names, first, last in runs]


def _pause(p: PauseLike) -> Pause:
    if not isinstance(p, Pause):
        p = Pause(*p)
    if p.end < p.start:
        raise DeadlineError(f"中止期间的结束日 {_iso(p.end)} 早于开始日 {_iso(p.start)}")
    return p


def _extension(e: ExtensionLike) -> Extension:
    if isinstance(e, int):
        e = Extension(e)
    elif not isinstance(e, Extension):
        e = Extension(*e)
    if isinstance(e.days, bool) or not isinstance(e.days, int) or e.days < 0:
        raise DeadlineError(f"延长天数应为不小于0的整数，收到：{e.days!r}")
    return e


_DEFAULT = Calendar()


def add(
    start: date,
    n: int,
    *,
    working: bool = True,
    pauses: Iterable[PauseLike] = (),
    extensions: Iterable[ExtensionLike] = (),
    rule: str = "",
    overrides: Mapping[date, Override] | None = None,
) -> Deadline:
    """`Calendar(overrides).add(...)`; without overrides, the package's schedule alone."""
    cal = _DEFAULT if overrides is None else Calendar(overrides)
    return cal.add(start, n, working=working, pauses=pauses, extensions=extensions, rule=rule)


def is_workday(d: date, overrides: Mapping[date, Override] | None = None) -> bool:
    cal = _DEFAULT if overrides is None else Calendar(overrides)
    return cal.is_workday(d)
