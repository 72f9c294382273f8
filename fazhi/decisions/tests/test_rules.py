"""The rules of a major decision on fixed dates: comment period, hearing materials, expert and
risk steps, the legality review's 7 working days across holidays and make-up workdays."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from fazhi.decisions import rules
from fazhi.decisions.models import Decision, DecisionCatalogue

pytestmark = pytest.mark.django_db

D = dt.date


def ready(**values) -> Decision:
    """A decision that satisfies every condition of the discussion gate; `values` break one."""
    base = {
        "title": "集镇农贸市场改造提升项目",
        "category": "project",
        "started_on": D(2025, 3, 1),
        "lead_unit": "党政办公室",
        "comment_from": D(2025, 3, 10),
        "comment_to": D(2025, 4, 9),
        "comment_feedback": "已逐条研究并反馈",
        "review_submitted_on": D(2025, 4, 14),
        "review_completed_on": D(2025, 4, 25),
        "review_result": "lawful",
        "review_opinion": "合法",
        "adviser": "王律师",
        "adviser_opinion": "同意",
        "discussed_on": D(2025, 5, 6),
        "meeting": "党政联席会议",
        "minutes": "同意",
        "outcome": "adopted",
    }
    base.update(values)
    return Decision(**base)


def test_it_lets_a_complete_decision_go_to_discussion():
    assert rules.ready_for_discussion(ready()) == []
    assert rules.PROCEDURE.by_code["discussion"].gate(ready()) == []


def test_it_requires_thirty_days_of_public_comment_unless_a_reason_is_recorded():
    short = ready(comment_to=D(2025, 4, 8))  # 29 days after 10 March
    unmet = rules.ready_for_discussion(short)
    assert len(unmet) == 1
    assert "不足30日（应至少至2025-04-09）" in unmet[0] and "第十五条" in unmet[0]
    assert (
        rules.ready_for_discussion(ready(comment_to=D(2025, 4, 8), comment_shortened_reason="汛期抢险急需"))
        == []
    )


def test_it_counts_the_comment_period_in_calendar_days_through_a_holiday():
    # 1 September + 30 days = 1 October, inside the National Day holiday: 30 days have run anyway.
    d = ready(comment_from=D(2025, 9, 1), comment_to=D(2025, 10, 1), review_submitted_on=D(2025, 10, 9))
    d.review_completed_on, d.discussed_on = D(2025, 10, 20), D(2025, 10, 21)
    assert rules.comment_min_end(d) == D(2025, 10, 1)
    assert rules.ready_for_discussion(d) == []


def test_it_refuses_discussion_before_the_comment_period_has_ended():
    unmet = rules.ready_for_discussion(ready(comment_to=D(2025, 5, 10), discussed_on=D(2025, 5, 6)))
    assert any("公开征求意见期至2025-05-10，尚未届满" in m for m in unmet)


def test_it_needs_no_public_comment_for_a_secret_matter():
    assert rules.ready_for_discussion(ready(is_secret=True, comment_from=None, comment_to=None)) == []
    unmet = rules.ready_for_discussion(ready(comment_from=None, comment_to=None))
    assert unmet == ["决策草案未向社会公开征求意见（《重大行政决策程序暂行条例》第十四条、第十五条）"]


def test_it_requires_the_comment_feedback():
    unmet = rules.ready_for_discussion(ready(comment_feedback=""))
    assert unmet == ["未填写公众意见的研究采纳及反馈情况（《重大行政决策程序暂行条例》第十八条、第二十九条）"]


def test_it_requires_hearing_materials_seven_days_before_the_hearing():
    d = ready(hearing_on=D(2025, 4, 20), hearing_materials_on=D(2025, 4, 14))
    assert rules.hearing_materials_due(d) == D(2025, 4, 13)
    assert rules.ready_for_discussion(d) == [
        "听证材料应于听证7日前（2025-04-13前）送达听证参加人（《重大行政决策程序暂行条例》第十七条）"
    ]
    assert (
        rules.ready_for_discussion(ready(hearing_on=D(2025, 4, 20), hearing_materials_on=D(2025, 4, 13)))
        == []
    )


def test_it_requires_expert_argument_only_for_a_technical_matter():
    assert rules.ready_for_discussion(ready(is_technical=False)) == []
    unmet = rules.ready_for_discussion(ready(is_technical=True))
    assert unmet == [
        "本事项专业性、技术性较强，须先组织专家论证并形成论证意见（《重大行政决策程序暂行条例》第十九条）"
    ]
    d = ready(is_technical=True, expert_on=D(2025, 4, 12), expert_opinion="可行")
    assert rules.ready_for_discussion(d) == []


def test_it_requires_a_risk_report_and_a_controllable_risk_when_stability_is_at_stake():
    unmet = rules.ready_for_discussion(ready(has_risk=True))
    assert unmet == [
        "本事项可能影响社会稳定或公共安全，须先开展风险评估并形成评估报告（《重大行政决策程序暂行条例》第二十二条）"
    ]
    d = ready(has_risk=True, risk_report_on=D(2025, 4, 12), risk_summary="风险点")
    assert rules.ready_for_discussion(d) == [
        "风险评估认为风险不可控，应调整决策草案或采取措施后再作决策（《重大行政决策程序暂行条例》第二十四条）"
    ]
    d.risk_controllable = True
    assert rules.ready_for_discussion(d) == []


def test_it_counts_seven_working_days_of_review_across_the_national_day_holiday():
    # Friday 26 Sep 2025: Sunday 28 Sep is a make-up workday, 1-8 Oct are holidays, Saturday 11 Oct works.
    d = ready(review_submitted_on=D(2025, 9, 26), comment_from=D(2025, 8, 1), comment_to=D(2025, 8, 31))
    assert rules.review_min_end(d).date == D(2025, 10, 13)
    d.review_completed_on, d.discussed_on = D(2025, 10, 11), D(2025, 10, 20)
    assert rules.workdays_between(d.review_submitted_on, d.review_completed_on) == 6
    assert rules.ready_for_discussion(d) == [
        "合法性审查自2025-09-26送审至2025-10-11完成，仅6个工作日，不得少于7个工作日（《重大行政决策程序暂行条例》第二十六条）"
    ]
    d.review_completed_on = D(2025, 10, 13)
    assert rules.ready_for_discussion(d) == []
    explained = rules.review_min_end(d).explain()
    assert "第二十六条" in explained and "国庆节" in explained and "调休上班" in explained


def test_it_counts_the_review_across_the_new_year():
    d = ready(review_submitted_on=D(2025, 12, 26))
    assert rules.review_min_end(d).date == D(2026, 1, 7)  # 1-3 January 2026 off, 4 January works


def test_it_refuses_an_unlawful_or_missing_review_and_a_review_without_an_adviser():
    assert rules.ready_for_discussion(ready(review_result="unlawful")) == [
        "合法性审查认为不合法，不得提交讨论（《重大行政决策程序暂行条例》第二十五条）"
    ]
    unmet = rules.ready_for_discussion(ready(review_completed_on=None, adviser="", adviser_opinion=""))
    assert unmet == [
        "决策草案未经合法性审查（未出具审查结论），不得提交讨论（《重大行政决策程序暂行条例》第二十五条）",
        "合法性审查未听取法律顾问或公职律师的意见（《重大行政决策程序暂行条例》第二十八条）",
    ]


def test_it_requires_minutes_of_the_discussion():
    unmet = rules.PROCEDURE.by_code["discussion"].gate(ready(minutes=""))
    assert unmet == [
        "未填写集体讨论的日期、会议名称、会议纪要和讨论结果（《重大行政决策程序暂行条例》第三十条）"
    ]


def test_it_lists_a_decision_only_in_a_catalogue_the_party_committee_agreed_and_published():
    cat = DecisionCatalogue(year=2025, title="2025年度目录")
    d = ready(step="draft")
    d.catalogue = None
    assert rules.PROCEDURE.unmet(d, "listed") == [
        "未选择所列入的重大行政决策事项目录（《重大行政决策程序暂行条例》第三条第三款）"
    ]
    d.catalogue = cat
    assert rules.PROCEDURE.unmet(d, "listed") == [
        "“2025年度目录”尚未经同级党委同意并向社会公布（《重大行政决策程序暂行条例》第三条第三款）"
    ]
    cat.party_agreed_on, cat.published_on = D(2025, 1, 20), D(2025, 1, 23)
    assert rules.PROCEDURE.unmet(d, "listed") == []


def test_it_publishes_a_catalogue_only_after_the_party_committee_agreed(world):
    cat = DecisionCatalogue(org=world.town_a, year=2025, title="目录", published_on=D(2025, 1, 23))
    with pytest.raises(ValidationError, match="党委同意后再公布"):
        cat.full_clean()


def test_it_reports_to_the_party_committee_only_an_approved_decision():
    d = ready(step="discussion", outcome="rejected", party_reported_on=D(2025, 5, 8))
    assert rules.PROCEDURE.unmet(d, "reported") == [
        "集体讨论未同意该决策，不能报告党委后公布（《重大行政决策程序暂行条例》第三十条）"
    ]
    d.outcome = "adopted"
    assert rules.PROCEDURE.unmet(d, "reported") == []
    d.step = "reported"
    assert rules.PROCEDURE.unmet(d, "published") == [
        "未填写公布日期和公布渠道（《重大行政决策程序暂行条例》第三十二条）"
    ]


def test_it_checks_every_gate_of_an_imported_step():
    d = ready(step="published", comment_feedback="", review_result="unlawful")
    unmet = rules.PROCEDURE.check_state(d)
    assert "未填写公众意见的研究采纳及反馈情况（《重大行政决策程序暂行条例》第十八条、第二十九条）" in unmet
    assert "合法性审查认为不合法，不得提交讨论（《重大行政决策程序暂行条例》第二十五条）" in unmet
    assert any("第三十一条" in m for m in unmet) and any("第三条第三款" in m for m in unmet)


def test_it_requires_the_review_to_follow_the_expert_argument():
    d = ready(is_technical=True, expert_on=D(2025, 4, 28), expert_opinion="可行", discussed_on=D(2025, 5, 6))
    assert rules.ready_for_discussion(d) == [
        "专家论证（2025-04-28）晚于合法性审查完成日，合法性审查应审查法定程序的履行情况，须在其后重新完成审查（《重大行政决策程序暂行条例》第二十七条）"
    ]
