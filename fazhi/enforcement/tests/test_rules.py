"""The enforcement rules and due dates on fixed dates (2025 National Day: 10-01 to 10-08 off,
09-28 and 10-11 make-up workdays; 2026 New Year: 01-01 to 01-03 off, 01-04 a make-up workday)."""

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError

from fazhi.enforcement import rules
from fazhi.ledger.models import ProcedureSetting

pytestmark = pytest.mark.django_db
D = dt.date


FROM, UNTIL = D(2024, 1, 1), D(2027, 12, 31)


def officer(name="王执法", valid_from=FROM, valid_until=UNTIL, revoked_on=None, pk=None):
    return SimpleNamespace(
        pk=pk or hash(name) % 1000,
        name=name,
        certificate_number="A001",
        valid_from=valid_from,
        valid_until=valid_until,
        revoked_on=revoked_on,
    )


def case(**kw):
    values = {
        "kind": "penalty",
        "filed_on": D(2025, 7, 5),
        "officer_1": None,
        "officer_2": None,
        "officer_3": None,
        "officer_1_id": None,
        "officer_2_id": None,
        "officer_3_id": None,
        "notice_on": None,
        "hearing_requested": False,
        "hearing_notice_on": None,
        "rights_waived_on": None,
        "hearing_held_on": None,
        "coercion_route": "",
        "demand_served_on": None,
        "performance_due_on": None,
        "demand_statement_on": None,
        "demand_statement_reply": "",
        "performed_on": None,
        "court_applied_on": None,
        "legal_review_on": None,
        "legal_reviewer": "",
        "legal_review_result": "",
        "decision_on": None,
        "decision_result": "",
        "fine": Decimal("0"),
        "is_major": False,
        "served_on": None,
        "published_on": None,
        "publicity_exempt": False,
        "changed_on": None,
        "change_reason": "",
        "withdrawn_on": None,
        "withdrawal_note": "",
        "archived_on": None,
        "av_required": False,
        "av_recorded": False,
        "extended_days": 0,
        "extension_reason": "",
        "step": "registered",
    }
    values.update(kw)
    for n in ("officer_1", "officer_2", "officer_3"):
        if values[n] is not None:
            values[f"{n}_id"] = values[n].pk
    return SimpleNamespace(**values)


def test_it_counts_a_certificate_valid_between_its_dates_and_until_revoked():
    o = officer(valid_from=D(2025, 1, 1), valid_until=D(2025, 12, 31))
    assert rules.certificate_valid_on(o, D(2025, 12, 31))
    assert not rules.certificate_valid_on(o, D(2026, 1, 1))
    assert not rules.certificate_valid_on(o, D(2024, 12, 31))
    revoked = officer(revoked_on=D(2025, 6, 1))
    assert rules.certificate_valid_on(revoked, D(2025, 5, 31))
    assert not rules.certificate_valid_on(revoked, D(2025, 6, 1))


def test_it_refuses_filing_with_fewer_than_two_officers():
    unmet = rules.gate_filed(case(officer_1=officer()))
    assert unmet == ["承办执法人员不足两名：执法人员不得少于两人（行政处罚法第四十二条）"]


def test_it_refuses_filing_when_a_certificate_has_expired_on_the_filing_date():
    expired = officer("李过期", valid_until=D(2025, 7, 4), pk=2)
    unmet = rules.gate_filed(case(officer_1=officer(pk=1), officer_2=expired))
    assert (
        "执法人员李过期在立案日期2025-07-05没有有效的行政执法证件，有效期至2025-07-04（行政处罚法第四十二条）"
        in unmet
    )
    assert "持有效执法证件的执法人员不足两名，不能立案（行政处罚法第四十二条）" in unmet


def test_it_counts_the_same_officer_twice_only_once():
    same = officer(pk=1)
    assert rules.gate_filed(case(officer_1=same, officer_2=same))[0].startswith("承办执法人员不足两名")


def test_it_cites_the_coercion_law_for_a_coercion_case():
    assert "行政强制法第十八条" in rules.gate_filed(case(kind="coercion"))[-1]


def test_it_files_with_two_valid_officers():
    assert rules.gate_filed(case(officer_1=officer(pk=1), officer_2=officer("赵", pk=2))) == []


def test_it_refuses_a_penalty_decision_without_prior_notice():
    unmet = rules.gate_decided(case(decision_on=D(2025, 8, 1), decision_result="penalty"))
    assert any("行政处罚法第四十四条、第六十二条" in m for m in unmet)


def test_it_allows_a_no_penalty_decision_without_notice():
    assert rules.gate_decided(case(decision_on=D(2025, 8, 1), decision_result="no_penalty")) == []


def test_it_refuses_a_major_decision_without_a_passed_legal_review():
    c = case(decision_on=D(2025, 8, 1), decision_result="penalty", notice_on=D(2025, 7, 20), is_major=True)
    assert rules.gate_decided(c) == [
        "重大执法决定未经法制审核或者审核未通过的，不得作出决定（行政处罚法第五十八条）"
    ]
    c.legal_review_on, c.legal_review_result = D(2025, 7, 25), "correct"
    assert rules.gate_decided(c) == [
        "重大执法决定未经法制审核或者审核未通过的，不得作出决定（行政处罚法第五十八条）"
    ]
    c.legal_review_result = "agree"
    assert rules.gate_decided(c) == []
    c.legal_review_on = D(2025, 8, 2)
    assert rules.gate_decided(c) == ["法制审核日期晚于决定日期：应当先审核后决定（行政处罚法第五十八条）"]


def test_it_refuses_a_decision_before_a_requested_hearing():
    c = case(
        decision_on=D(2025, 8, 1), decision_result="penalty", notice_on=D(2025, 7, 20), hearing_requested=True
    )
    assert rules.gate_decided(c) == [
        "当事人要求听证的，应当组织听证后再作出决定（行政处罚法第六十三条、第六十五条）"
    ]


def test_it_requires_seven_working_days_between_hearing_notice_and_hearing():
    # 2025-09-26 + 7 working days = 2025-10-13 (National Day skipped, 09-28 counted)
    c = case(hearing_requested=True, hearing_notice_on=D(2025, 9, 26), hearing_held_on=D(2025, 10, 10))
    assert rules.gate_heard(c) == [
        "听证通知（2025-09-26）距听证日期不足七个工作日，最早可于2025-10-13举行听证（行政处罚法第六十四条、第八十五条）"
    ]
    c.hearing_held_on = D(2025, 10, 13)
    assert rules.gate_heard(c) == []


def test_it_dates_the_decision_ninety_calendar_days_after_filing_moved_past_national_day():
    d = rules.decision_due(case(filed_on=D(2025, 7, 5)))
    assert d.date == D(2025, 10, 9)
    assert "行政处罚法第六十条" in d.explain() and "国庆节" in d.explain()


def test_it_extends_the_decision_date_with_the_recorded_reason():
    d = rules.decision_due(case(filed_on=D(2025, 7, 5), extended_days=30, extension_reason="需鉴定"))
    assert d.date == D(2025, 11, 3)
    assert "延长：30日，理由：需鉴定" in d.explain()


def test_it_has_no_ninety_day_limit_for_an_inspection():
    assert rules.decision_due(case(kind="inspection")) is None


def test_it_dates_service_seven_working_days_after_the_decision():
    d = rules.service_due(case(decision_on=D(2025, 9, 30), decision_result="penalty"))
    assert d.date == D(2025, 10, 16)
    assert "行政处罚法第六十一条" in d.explain()


def test_it_dates_publication_of_a_penalty_across_the_year_end():
    d = rules.publication_due(case(decision_on=D(2025, 12, 29), decision_result="penalty"))
    assert d.date == D(2026, 1, 8)
    assert "2026-01-04" in d.explain()  # the make-up workday is counted


def test_it_gives_other_decisions_twenty_working_days_to_be_published():
    d = rules.publication_due(case(decision_on=D(2025, 9, 30), decision_result="inspection"))
    assert d.date == D(2025, 11, 4)
    assert rules.publication_due(case(decision_on=D(2025, 9, 30), decision_result="dropped")) is None
    exempt = case(decision_on=D(2025, 9, 30), decision_result="penalty", publicity_exempt=True)
    assert rules.publication_due(exempt) is None


def test_it_takes_the_publication_period_from_the_administrator():
    ProcedureSetting.objects.create(key="enforcement.publication_penalty", days=5)
    d = rules.publication_due(case(decision_on=D(2025, 9, 30), decision_result="penalty"))
    assert d.date == D(2025, 10, 14)


def test_it_dates_withdrawal_three_working_days_after_the_change():
    c = case(changed_on=D(2025, 9, 30), published_on=D(2025, 9, 1))
    assert rules.withdrawal_due(c).date == D(2025, 10, 11)
    assert rules.withdrawal_due(case(changed_on=D(2025, 9, 30))) is None  # never published


def test_it_refuses_archiving_without_service_publication_withdrawal_or_video():
    c = case(
        decision_on=D(2025, 9, 1),
        decision_result="penalty",
        changed_on=D(2025, 9, 20),
        published_on=D(2025, 9, 5),
        av_required=True,
        archived_on=D(2025, 10, 20),
    )
    assert rules.gate_archived(c) == [
        "执法决定书尚未送达当事人，不能归档（行政处罚法第六十一条）",
        "已公示的决定被变更、撤销，应先撤回公示（行政处罚法第四十八条）",
        "直接涉及人身自由、生命健康、重大财产权益的现场执法应当全程音像记录，本案未记录（行政处罚法第四十七条；依本省规定）",
    ]


def test_it_requires_a_reason_for_an_extension_and_a_credit_code_only_for_organisations():
    with pytest.raises(ValidationError) as err:
        rules.check_case(
            case(extended_days=30, party_id_number="", party_kind="person", party_credit_code="")
        )
    assert "extension_reason" in err.value.message_dict
    with pytest.raises(ValidationError) as err:
        rules.check_case(
            case(party_kind="company", party_id_number="110105199001011234", party_credit_code="")
        )
    assert "party_id_number" in err.value.message_dict


def test_it_checks_the_order_of_an_imported_case_through_every_gate():
    c = case(step="published", decision_on=D(2025, 8, 1), decision_result="penalty")
    unmet = rules.CASE_PROCEDURE.check_state(c)
    assert "承办执法人员不足两名：执法人员不得少于两人（行政处罚法第四十二条）" in unmet
    assert any("第六十二条" in m for m in unmet)
    assert "未填写公示日期（国办发〔2018〕118号行政执法公示制度）" in unmet
