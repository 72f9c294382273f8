"""The pure calendar on fixed dates of the State Council's 2025 and 2026 schedules."""

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fazhi.workdays.calendar import Calendar, DeadlineError, Extension, Override, Pause, add, is_workday


def test_it_skips_national_day_2025_and_counts_its_make_up_saturday():
    due = add(date(2025, 9, 26), 5)
    # 9-28 (make-up Sunday), 9-29, 9-30, then 10-01..08 off, 10-09, 10-10
    assert due.date == date(2025, 10, 10)
    assert not due.provisional
    text = due.explain()
    assert "国庆节" in text
    assert "2025-10-01至2025-10-08" in text
    assert "计入 2025-09-28" in text


def test_it_counts_the_make_up_saturday_after_national_day():
    # 10-09 (Thu), 10-10 (Fri), 10-11 (make-up Saturday)
    due = add(date(2025, 9, 30), 3)
    assert due.date == date(2025, 10, 11)
    assert "计入 2025-10-11" in due.explain()


def test_it_skips_spring_festival_2025():
    assert add(date(2025, 1, 24), 1).date == date(2025, 1, 26)  # make-up Sunday
    assert add(date(2025, 1, 27), 1).date == date(2025, 2, 5)
    due = add(date(2025, 2, 4), 3)  # 02-05, 02-06, 02-07
    assert due.date == date(2025, 2, 7)
    assert add(date(2025, 2, 4), 4).date == date(2025, 2, 8)  # make-up Saturday
    assert "春节 2025-01-28至2025-02-04" in add(date(2025, 1, 24), 5).explain()


def test_it_crosses_the_year_end_into_new_years_day_2026():
    due = add(date(2025, 12, 30), 5)
    # 12-31, (01-01..03 off), 01-04 make-up Sunday, 01-05, 01-06, 01-07
    assert due.date == date(2026, 1, 7)
    assert "元旦 2026-01-01至2026-01-03" in due.explain()
    assert not due.provisional


def test_it_moves_a_calendar_period_ending_on_a_holiday_to_the_next_working_day():
    due = add(date(2025, 9, 1), 30, working=False)
    assert due.date == date(2025, 10, 9)
    assert "2025-10-01 为国庆节假期" in due.explain()
    assert "顺延至节假日后的第一个工作日 2025-10-09" in due.explain()


def test_it_moves_a_calendar_period_ending_on_a_weekend():
    # 2025-03-01 is a Saturday
    assert add(date(2025, 2, 22), 7, working=False).date == date(2025, 3, 3)


def test_it_keeps_a_calendar_period_ending_on_a_working_day():
    due = add(date(2025, 3, 3), 7, working=False)
    assert due.date == date(2025, 3, 10)
    assert "顺延" not in due.explain()


def test_it_does_not_count_the_start_day():
    assert add(date(2025, 3, 3), 1).date == date(2025, 3, 4)
    assert add(date(2025, 3, 3), 1, working=False).date == date(2025, 3, 4)
    assert add(date(2025, 3, 3), 0).date == date(2025, 3, 3)


def test_it_adds_the_working_days_of_a_pause():
    plain = add(date(2025, 3, 3), 10)
    assert plain.date == date(2025, 3, 17)
    paused = add(date(2025, 3, 3), 10, pauses=[(date(2025, 3, 5), date(2025, 3, 11), "征求第三方意见")])
    # 3-05..3-11 holds 5 working days
    assert paused.date == date(2025, 3, 24)
    assert "中止：2025-03-05至2025-03-11（征求第三方意见），期间5个工作日不计入" in paused.explain()


def test_it_ignores_a_pause_after_the_deadline():
    due = add(date(2025, 3, 3), 2, pauses=[Pause(date(2025, 6, 1), date(2025, 6, 5), "鉴定")])
    assert due.date == date(2025, 3, 5)
    assert "不影响期限" in due.explain()


def test_it_adds_an_extension_with_its_reason():
    due = add(
        date(2025, 3, 3),
        20,
        extensions=[(20, "案情复杂，经负责人批准")],
        rule="行政复议法第六十二条",
    )
    assert due.date == add(date(2025, 3, 3), 40).date
    assert due.days == 20
    assert due.total_days == 40
    text = due.explain()
    assert text.splitlines()[0] == "依据：行政复议法第六十二条"
    assert "延长：20个工作日，理由：案情复杂，经负责人批准" in text
    assert add(date(2025, 3, 3), 5, extensions=[Extension(2), 3]).date == add(date(2025, 3, 3), 10).date


def test_it_flags_a_deadline_in_an_unknown_year_as_provisional():
    due = add(date(2031, 3, 3), 10)  # a Monday in a year chinese-calendar does not know
    assert due.date == date(2031, 3, 17)
    assert due.provisional
    assert "暂定" in due.explain()
    assert "2031年节假日安排尚未录入" in due.explain()
    assert str(due) == "2031-03-17（暂定）"


def test_it_flags_a_deadline_crossing_into_an_unknown_year():
    due = add(date(2026, 12, 25), 10)
    assert due.provisional
    assert "2027年" in due.explain()
    assert not add(date(2026, 12, 1), 5).provisional


def test_it_lets_overrides_win_and_make_their_year_known():
    overrides = {
        date(2031, 1, 1): Override(False, "元旦"),
        date(2031, 3, 4): Override(False, "测试假日"),
        date(2031, 3, 8): Override(True, "调休上班"),
        date(2025, 10, 9): Override(False, "临时休息"),
    }
    cal = Calendar(overrides)
    assert not cal.is_workday(date(2031, 3, 4))
    assert cal.is_workday(date(2031, 3, 8))
    assert not cal.is_workday(date(2025, 10, 9))
    due = cal.add(date(2031, 3, 3), 5)
    # 03-05, 06, 07, 08 (make-up Saturday), 10
    assert due.date == date(2031, 3, 10)
    assert not due.provisional
    text = due.explain()
    assert "跳过 测试假日 2031-03-04" in text
    assert "计入 2031-03-08（调休上班" in text
    assert add(date(2025, 9, 30), 1, overrides=overrides).date == date(2025, 10, 10)


def test_it_knows_the_package_years():
    assert not is_workday(date(2025, 10, 1))
    assert is_workday(date(2025, 9, 28))
    assert not is_workday(date(2031, 3, 8))
    assert is_workday(date(2031, 3, 7))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((date(2025, 3, 3), -1), "不小于0"),
        ((date(2025, 3, 3), 99999), "超出"),
    ],
)
def test_it_rejects_bad_input_in_chinese(args, message):
    with pytest.raises(DeadlineError, match=message):
        add(*args)


def test_it_rejects_a_pause_ending_before_it_starts():
    with pytest.raises(DeadlineError, match="早于"):
        add(date(2025, 3, 3), 2, pauses=[(date(2025, 3, 5), date(2025, 3, 4))])


dates = st.dates(min_value=date(2020, 1, 1), max_value=date(2032, 12, 31))
counts = st.integers(min_value=1, max_value=60)


@settings(max_examples=300, deadline=None)
@given(start=dates, n=counts)
def test_it_never_lands_a_working_day_deadline_on_a_rest_day_or_before_its_start(start, n):
    due = add(start, n)
    assert is_workday(due.date)
    assert due.date > start


@settings(max_examples=300, deadline=None)
@given(start=dates, n=counts)
def test_it_makes_n_plus_one_working_days_strictly_later(start, n):
    assert add(start, n + 1).date > add(start, n).date


@settings(max_examples=300, deadline=None)
@given(start=dates, n=counts)
def test_it_ends_a_calendar_period_on_a_working_day_no_earlier_than_n_days(start, n):
    due = add(start, n, working=False)
    assert is_workday(due.date)
    assert due.date >= start + timedelta(days=n)
