"""Deadlines and field rules of 信访 on fixed dates (holidays, make-up workdays, year ends)."""

import datetime as dt

import pytest

from fazhi.petitions import rules
from fazhi.petitions.models import Petition

pytestmark = pytest.mark.django_db

D = dt.date


def petition(**kw) -> Petition:
    values = {"received_on": D(2025, 3, 3), "petitioner": "王某", "subject": "反映问题"}
    values.update(kw)
    return Petition(**values)


def test_it_gives_15_calendar_days_for_the_written_notice_moving_off_national_day():
    due = rules.notice_due(petition(received_on=D(2025, 9, 20)))
    # 15th day is 2025-10-05, inside the 国庆节、中秋节 holiday (10-01..10-08): next working day.
    assert due.date == D(2025, 10, 9)
    assert "第二十三条" in due.explain() and "顺延" in due.explain()


def test_it_moves_a_notice_due_on_a_weekend_across_the_year_end():
    assert rules.notice_due(petition(received_on=D(2024, 12, 20))).date == D(2025, 1, 6)


def test_it_counts_the_objection_to_an_assigned_petition_in_working_days_with_a_make_up_sunday():
    due = rules.objection_due(petition(received_on=D(2025, 9, 26), channel="referred"))
    # 09-28 (Sunday) is a make-up workday; 10-01..10-08 are skipped.
    assert due.date == D(2025, 10, 10)
    assert "调休上班" in due.explain()


def test_it_counts_60_days_from_acceptance_and_adds_the_one_extension_with_its_reason():
    p = petition(received_on=D(2024, 12, 30), notified_on=D(2025, 1, 2))
    assert rules.conclusion_due(p).date == D(2025, 3, 3)
    p.extended_days, p.extension_reason, p.extension_approved_by = 30, "需现场勘验", "李镇长"
    due = rules.conclusion_due(p)
    assert due.date == D(2025, 4, 2)
    assert "延长：30日，理由：需现场勘验（李镇长批准）" in due.explain()
    assert "第三十四条" in due.explain()


def test_it_starts_the_handling_period_from_receipt_until_acceptance_is_recorded():
    due = rules.conclusion_due(petition(received_on=D(2025, 1, 2)))
    assert due.date == D(2025, 3, 3)
    assert "暂以收到日期起算" in due.explain()


def test_it_flags_a_due_date_in_a_year_without_a_known_schedule_as_provisional():
    due = rules.notice_due(petition(received_on=D(2031, 3, 3)))
    assert due.provisional and "暂定" in due.explain()


def test_it_allows_one_extension_of_at_most_30_days_with_reason_and_approval():
    errors = rules.petition_errors(petition(extended_days=31))
    assert "不得超过30日" in errors["extended_days"] and "第三十四条" in errors["extended_days"]
    assert "理由" in errors["extension_reason"]
    assert "负责人批准" in errors["extension_approved_by"]
    ok = petition(extended_days=30, extension_reason="情况复杂", extension_approved_by="李镇长")
    assert rules.petition_errors(ok) == {}


def test_it_refuses_dates_before_receipt_and_out_of_order():
    errors = rules.petition_errors(
        petition(
            received_on=D(2025, 3, 3),
            notified_on=D(2025, 3, 1),
            concluded_on=D(2025, 4, 1),
            review_requested_on=D(2025, 3, 20),
            closed_on=D(2025, 3, 31),
        )
    )
    assert set(errors) == {"notified_on", "review_requested_on", "closed_on"}


def test_it_judges_on_time_conclusion_against_the_extended_due_date():
    p = petition(received_on=D(2025, 1, 2), notified_on=D(2025, 1, 2), concluded_on=D(2025, 3, 20))
    assert not rules.concluded_on_time(p)
    p.extended_days, p.extension_reason, p.extension_approved_by = 20, "需调档", "李镇长"
    assert rules.concluded_on_time(p)


def test_it_names_the_article_in_every_gate():
    p = petition(step="notified", route="handle")
    unmet = rules.PETITION.unmet(p, "handling")
    assert unmet == ["须明确承办人（单位）（《信访工作条例》第三十二条）"]
    p.step = "handling"
    assert "第三十二条" in rules.PETITION.unmet(p, "opinion")[0]
    p.step = "notified"
    assert rules.PETITION.unmet(p, "closed") == [
        "须记录办结日期",
        "本机关办理的信访事项须经办理并出具处理意见后才能办结（《信访工作条例》第三十二条、第三十四条）",
        "须出具信访处理意见书，载明信访人请求、事实和理由、处理意见及其法律法规依据；尚缺：出具日期、处理结果、处理意见书要点（《信访工作条例》第三十二条）",
    ]


def test_it_closes_a_transferred_petition_after_the_notice_without_an_opinion():
    p = petition(step="notified", notified_on=D(2025, 3, 4), route="transfer", closed_on=D(2025, 3, 4))
    assert rules.PETITION.unmet(p, "closed") == []
    assert "不由本机关办理" in rules.PETITION.unmet(p, "handling")[0]


def test_it_does_not_close_a_review_without_its_result():
    p = petition(
        step="review",
        route="handle",
        concluded_on=D(2025, 4, 1),
        result="reject",
        opinion="不予支持",
        review_kind="review",
        review_requested_on=D(2025, 4, 10),
        closed_on=D(2025, 4, 20),
    )
    assert rules.PETITION.unmet(p, "closed") == [
        "已申请复查的，须记录复查意见后办结（《信访工作条例》第三十五条、第三十六条）"
    ]
