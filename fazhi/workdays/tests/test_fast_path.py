"""The deadline arithmetic jumps over plain weeks; stepping day by day is the oracle."""

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from fazhi.workdays.calendar import Calendar, Override

# Known package years, a year only overrides make known, and unknown years after them.
dates = st.dates(min_value=date(2004, 1, 1), max_value=date(2035, 12, 31))
counts = st.integers(min_value=0, max_value=400)
overrides = st.dictionaries(
    st.dates(min_value=date(2024, 1, 1), max_value=date(2031, 12, 31)),
    st.builds(Override, st.booleans(), st.sampled_from(["", "春节", "调休上班"])),
    max_size=12,
)


def stepped(cal: Calendar, start: date, n: int, working: bool) -> tuple[date, list[str], bool]:
    """The day-by-day computation: due date, explanation lines of the skipped days, provisional."""
    end, seen = cal._step(start, n, working, [], {})
    provisional = any(d.provisional for d in seen)
    skips = cal._describe_skips(seen, working)
    if not working and not cal.is_workday(end):
        moved = cal.next_workday(end)
        provisional |= any(
            cal.day(end + timedelta(days=k)).provisional for k in range(1, (moved - end).days + 1)
        )
        end = moved
    return end, skips, provisional


@settings(max_examples=400, deadline=None)
@given(start=dates, n=counts, working=st.booleans(), extra=overrides)
def test_it_gives_the_same_deadline_and_explanation_as_stepping_day_by_day(start, n, working, extra):
    cal = Calendar(extra)
    fast = cal.add(start, n, working=working)
    end, skips, provisional = stepped(Calendar(extra), start, n, working)
    assert fast.date == end
    assert fast.provisional == provisional
    for line in skips:
        assert line in fast.lines
    assert sum(1 for line in fast.lines if line.startswith(("跳过", "计入", "期间含"))) == len(skips)


@settings(max_examples=300, deadline=None)
@given(start=dates, days=st.integers(min_value=-5, max_value=800), extra=overrides)
def test_it_counts_working_days_between_as_stepping_does(start, days, extra):
    cal = Calendar(extra)
    end = start + timedelta(days=days)
    expected = sum(cal.is_workday(start + timedelta(days=k)) for k in range(1, days + 1))
    assert cal.workdays_between(start, end) == expected


def test_it_looks_up_only_the_special_days_of_a_long_period():
    cal = Calendar()
    due = cal.add(date(2025, 1, 2), 250)
    # One read of each year's schedule, not one look-up per day of the period.
    assert set(cal._specials) == {2025, 2026}
    assert due.date == Calendar()._step(date(2025, 1, 2), 250, True, [], {})[0]
