"""Deadlines and gates of 行政复议与应诉 on fixed dates."""

import datetime as dt

import pytest

from fazhi.litigation import rules
from fazhi.litigation.models import Case

pytestmark = pytest.mark.django_db

D = dt.date


def case(**kw) -> Case:
    values = {"kind": "reconsideration", "received_on": D(2025, 3, 3), "claimant": "张某", "act": "罚款决定"}
    values.update(kw)
    return Case(**values)


def test_it_gives_a_reconsideration_answer_10_working_days_across_national_day_and_make_up_days():
    due = rules.answer_due(case(received_on=D(2025, 9, 26)))
    # 09-28 (Sun) and 10-11 (Sat) are make-up workdays, 10-01..10-08 are skipped.
    assert due.date == D(2025, 10, 16)
    text = due.explain()
    assert "第四十八条" in text and "第八十八条" in text and "第七十条" in text and "没有证据、依据" in text


def test_it_gives_5_working_days_under_the_simple_procedure():
    due = rules.answer_due(case(received_on=D(2025, 9, 26), simple_procedure=True))
    assert due.date == D(2025, 10, 10) and "第五十四条" in due.explain()


def test_it_gives_a_court_defence_15_calendar_days_moving_off_the_holiday():
    due = rules.answer_due(case(kind="litigation", received_on=D(2025, 9, 20)))
    assert due.date == D(2025, 10, 9) and "第六十七条" in due.explain() and not due.working


def test_it_counts_working_days_across_the_year_end():
    assert rules.answer_due(case(received_on=D(2024, 12, 25))).date == D(2025, 1, 9)


def test_it_marks_a_due_date_in_an_unknown_year_provisional():
    due = rules.answer_due(case(received_on=D(2031, 5, 6)))
    assert due.provisional and "暂定" in str(due)


def test_it_judges_an_answer_on_time_against_the_working_day_due_date():
    assert rules.answered_on_time(case(received_on=D(2025, 9, 26), answered_on=D(2025, 10, 16)))
    assert not rules.answered_on_time(case(received_on=D(2025, 9, 26), answered_on=D(2025, 10, 17)))


def heard(**kw) -> Case:
    return case(**{"step": "answered", "hearing_on": D(2025, 4, 10), **kw})


def test_it_refuses_a_hearing_attended_by_lawyers_alone():
    unmet = rules.CASE.unmet(heard(kind="litigation", lawyers="王律师"), "hearing")
    assert unmet == [
        "仅有律师出庭应诉，不视为行政机关负责人或工作人员出庭应诉（最高人民法院关于适用《行政诉讼法》的解释第一百二十八条）",
        "须记录出庭应诉的负责人（姓名和职务），或负责人不能出庭应诉的理由（行政诉讼法第三条第三款）",
    ]


def test_it_requires_staff_when_the_principal_is_absent_with_a_reason():
    unmet = rules.CASE.unmet(heard(absence_reason="出差", lawyers="王律师"), "hearing")
    assert (
        len(unmet) == 1
        and "委托本机关相应的工作人员参加听证" in unmet[0]
        and "行政复议法第五十一条" in unmet[0]
    )
    assert rules.CASE.unmet(heard(absence_reason="出差", staff_attended="赵干事"), "hearing") == []


def test_it_requires_the_position_of_the_principal_who_appears():
    assert "第一百二十八条" in rules.CASE.unmet(heard(attended_by="李镇长"), "hearing")[0]
    assert rules.CASE.unmet(heard(attended_by="李镇长", attended_role="head"), "hearing") == []


def test_it_refuses_to_record_a_hearing_before_its_date():
    unmet = rules.CASE.unmet(
        heard(hearing_on=D(2099, 1, 5), attended_by="李镇长", attended_role="head"), "hearing"
    )
    assert unmet == ["开庭（听证）日期2099-01-05尚未到，开庭后再记录审理情况"]


def test_it_accepts_a_written_reconsideration_without_a_hearing():
    assert rules.CASE.unmet(case(step="answered", written_review=True), "hearing") == []


def test_it_closes_without_a_hearing_only_by_withdrawal_settlement_or_rejection():
    c = case(step="answered", closed_on=D(2025, 4, 1), result="upheld")
    assert "只能以撤回、调解和解或驳回结案" in rules.CASE.unmet(c, "closed")[0]
    c.result = "withdrawn"
    assert rules.CASE.unmet(c, "closed") == []


def test_it_requires_correction_and_the_reply_to_judicial_advice_for_a_lost_case():
    c = case(step="closed", result="upheld", closed_on=D(2025, 5, 1))
    assert rules.CASE.unmet(c, "corrected") == [
        "只有败诉、被纠错或收到司法建议（复议意见书）的案件需要纠错整改"
    ]
    c.result, c.advice = "revoked", "建议规范程序"
    assert rules.CASE.unmet(c, "corrected") == [
        "须记录纠错整改情况和完成日期（行政复议法第七十六条、第七十七条）",
        "收到司法建议（复议意见书）的，须记录回复日期和回复内容（行政复议法第七十七条）",
    ]


def test_it_dates_the_correction_60_days_from_the_advice():
    c = case(result="revoked", closed_on=D(2025, 5, 6), advice="建议", advice_received_on=D(2025, 5, 9))
    assert rules.correction_due(c).date == D(2025, 7, 8)


def test_it_checks_fields_against_the_kind_of_case():
    errors = rules.case_errors(
        case(kind="litigation", simple_procedure=True, attended_role="head", answered_on=D(2025, 3, 1))
    )
    assert set(errors) == {"simple_procedure", "attended_by", "answered_on"}
    assert "trial_level" in rules.case_errors(case(trial_level="first"))
