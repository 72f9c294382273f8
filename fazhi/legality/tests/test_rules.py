"""Legality rules on fixed dates: document numbers, comment periods, the review's minimum and
due date (restarted by a supplement), the filing window, village rule corrections."""

import datetime as dt

import pytest

from fazhi.ledger.models import ProcedureSetting
from fazhi.legality import rules
from fazhi.legality.models import NormativeDocument, ReviewRequest, VillageRule

pytestmark = pytest.mark.django_db

D = dt.date


def test_it_accepts_a_well_formed_document_number():
    assert rules.number_problems("青石府规〔2025〕3号") == []
    assert rules.number_problems("〔2025〕12号") == []


@pytest.mark.parametrize(
    ("number", "problem"),
    [
        ("青石府规〔2025〕03号", "序号不编虚位"),
        ("青石府规〔2025〕第3号", "不加“第”字"),
        ("青石府规[2025]3号", "六角括号"),
        ("青石府规（2025）3号", "六角括号"),
        ("青石府规〔25〕3号", "四位数字"),
        ("青石府规2025年3号", "机关代字〔年份〕序号号"),
    ],
)
def test_it_refuses_a_malformed_document_number(number, problem):
    problems = rules.number_problems(number)
    assert any(problem in p for p in problems), problems
    assert all("GB/T 9704-2012 第7.2.5条" in p for p in problems)


def doc(**values) -> NormativeDocument:
    base = {
        "title": "集镇环境卫生管理规定",
        "drafting_unit": "党政办公室",
        "started_on": D(2025, 3, 1),
        "step": "review",
        "comment_from": D(2025, 3, 10),
        "comment_to": D(2025, 3, 19),
        "review_submitted_on": D(2025, 3, 24),
        "review_completed_on": D(2025, 3, 31),
        "review_result": "lawful",
        "review_opinion": "合法",
        "deliberated_on": D(2025, 4, 2),
        "meeting": "镇政府常务会议",
    }
    base.update(values)
    return NormativeDocument(**base)


def test_it_requires_seven_working_days_of_comment_or_thirty_days_for_business():
    # Friday 26 Sep 2025 + 7 working days: 28 Sep (make-up), 29, 30 Sep, 9, 10, 11 (make-up), 13 Oct.
    d = doc(step="assessed", comment_from=D(2025, 9, 26), comment_to=D(2025, 10, 11))
    assert rules.comment_min_end(d) == D(2025, 10, 13)
    unmet = rules.DOCUMENT_PROCEDURE.unmet(d, "comment")
    assert len(unmet) == 1 and "不少于7个工作日（应至少至2025-10-13）" in unmet[0]
    d.comment_to = D(2025, 10, 13)
    assert rules.DOCUMENT_PROCEDURE.unmet(d, "comment") == []
    d.concerns_business = True
    assert rules.comment_min_end(d) == D(2025, 10, 26)
    assert (
        "涉及市场主体生产经营的，征求意见期限应不少于30日" in rules.DOCUMENT_PROCEDURE.unmet(d, "comment")[0]
    )


def test_it_refuses_deliberation_without_a_passed_review():
    assert rules.DOCUMENT_PROCEDURE.unmet(doc(), "deliberation") == []
    unmet = rules.DOCUMENT_PROCEDURE.unmet(doc(review_completed_on=None, review_result=""), "deliberation")
    assert unmet == [
        "未经合法性审核（未出具审核结论）的规范性文件，不得提交集体审议或印发（参照地方组织法第七十五条）（依本省规定）"
    ]
    unmet = rules.DOCUMENT_PROCEDURE.unmet(doc(review_result="unlawful"), "deliberation")
    assert unmet == ["经合法性审核不合法的规范性文件，不得提交集体审议或印发（依本省规定）"]


def test_it_requires_five_working_days_of_review_unless_urgent_and_reads_the_administrators_setting():
    short = doc(
        review_submitted_on=D(2025, 9, 26), review_completed_on=D(2025, 9, 30), deliberated_on=D(2025, 10, 9)
    )
    assert rules.DOCUMENT_PROCEDURE.unmet(short, "deliberation") == [
        "合法性审核自2025-09-26送审至2025-09-30仅3个工作日，一般不得少于5个工作日（依本省规定）"
    ]
    short.urgent, short.urgent_reason = True, "防汛紧急"
    assert rules.DOCUMENT_PROCEDURE.unmet(short, "deliberation") == []
    short.urgent = False
    ProcedureSetting.objects.create(key="legality.review_min", days=3, note="本省办法")
    assert rules.DOCUMENT_PROCEDURE.unmet(short, "deliberation") == []


def test_it_refuses_issue_without_a_passed_review_even_when_imported_at_a_later_step():
    unmet = rules.DOCUMENT_PROCEDURE.check_state(doc(step="published", review_result="unlawful"))
    assert "经合法性审核不合法的规范性文件，不得提交集体审议或印发（依本省规定）" in unmet
    assert any("统一编号" in m for m in unmet) and any("公布日期" in m for m in unmet)


def test_it_dates_the_filing_thirty_days_after_publication_moving_off_a_holiday():
    d = doc(published_on=D(2025, 9, 1))
    due = rules.filing_due(d)
    assert due.date == D(2025, 10, 9)  # 1 Oct is National Day: moved to the first working day after it
    assert "依本省规定" in due.explain() and "国庆节" in due.explain()
    ProcedureSetting.objects.create(key="legality.filing", days=15)
    assert rules.filing_due(d).date == D(2025, 9, 16)


def review(**values) -> ReviewRequest:
    base = {
        "title": "关于加强农村建房管理的通知",
        "kind": "normative",
        "department": "党政办公室",
        "submitted_on": D(2025, 12, 26),
        "step": "received",
    }
    base.update(values)
    return ReviewRequest(**base)


def test_it_dates_a_review_fifteen_working_days_over_the_new_year():
    due = rules.review_due(review())
    assert due.date == D(2026, 1, 19)  # 1-3 January off, Sunday 4 January a make-up workday
    assert "元旦" in due.explain()


def test_it_restarts_the_review_clock_when_materials_are_supplemented():
    r = review(
        submitted_on=D(2025, 3, 3),
        supplement_requested_on=D(2025, 3, 5),
        supplement_received_on=D(2025, 3, 17),
    )
    due = rules.review_due(r)
    assert due.date == D(2025, 4, 8)  # 15 working days from 17 March, skipping 清明节 4-6 April
    assert "清明节" in due.explain()
    assert "自材料补齐之日起重新计算" in due.explain() and "起算日：2025-03-17" in due.explain()


def test_it_requires_the_minimum_review_per_kind():
    r = review(
        step="received",
        submitted_on=D(2025, 3, 3),
        completed_on=D(2025, 3, 6),
        result="lawful",
        opinion="合法",
    )
    assert rules.REVIEW_PROCEDURE.unmet(r, "concluded") == [
        "审核自2025-03-03起至2025-03-06仅3个工作日，规范性文件的合法性审核时间不得少于5个工作日（依本省规定）"
    ]
    r.kind = "decision"
    r.completed_on = D(2025, 3, 11)
    assert rules.REVIEW_PROCEDURE.unmet(r, "concluded") == [
        "审核自2025-03-03起至2025-03-11仅6个工作日，重大行政决策的合法性审核时间不得少于7个工作日（《重大行政决策程序暂行条例》第二十六条）"
    ]
    r.kind = "contract"
    assert rules.REVIEW_PROCEDURE.unmet(r, "concluded") == []


def test_it_orders_a_village_rule_corrected_only_when_the_review_found_a_problem():
    v = VillageRule(
        title="村规民约",
        filed_on=D(2025, 3, 1),
        step="reviewed",
        reviewed_on=D(2025, 3, 5),
        review_result="ok",
    )
    v.correction_ordered_on, v.correction_due_on = D(2025, 3, 6), D(2025, 4, 6)
    assert rules.VILLAGE_RULE_PROCEDURE.unmet(v, "correction") == [
        "审查未发现与法律相抵触或侵犯村民权利的内容，无需责令改正（村民委员会组织法第二十七条）"
    ]
    v.step = "filed"
    v.review_result = "correct"
    assert rules.VILLAGE_RULE_PROCEDURE.unmet(v, "reviewed") == [
        "须责令改正的，应写明违法或侵犯村民权利的内容（村民委员会组织法第二十七条）"
    ]


def test_it_tells_a_document_s_validity():
    assert rules.validity(doc(step="filed")) == "有效"
    assert rules.validity(doc(step="filed", valid_until=D(2020, 1, 1))) == "已失效（有效期届满）"
    assert rules.validity(doc(step="repealed")) == "已废止"
    assert rules.validity(doc(step="review")) == "未生效"
