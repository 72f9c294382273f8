"""Disclosure due dates and gates on fixed dates (2025 National Day: 10-01 to 10-08 off, 09-28 and
10-11 make-up workdays; 2026 New Year: 01-01 to 01-03 off, 01-04 a make-up workday)."""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError

from fazhi.disclosure import rules

pytestmark = pytest.mark.django_db
D = dt.date


def req(**kw):
    values = {
        "received_on": D(2025, 9, 26),
        "supplement_notice_on": None,
        "supplement_content": "",
        "supplement_received_on": None,
        "abandoned_on": None,
        "consult_from": None,
        "consult_party": "",
        "consult_reason": "",
        "consult_to": None,
        "extended_days": 0,
        "extension_reason": "",
        "extension_notice_on": None,
        "replied_on": None,
        "reply_type": "",
        "responsible_organ": "",
        "archived_on": None,
        "step": "received",
    }
    values.update(kw)
    return SimpleNamespace(**values)


def test_it_dates_a_proactive_item_twenty_working_days_after_it_was_formed_across_the_year_end():
    d = rules.proactive_due(SimpleNamespace(formed_on=D(2025, 12, 25)))
    assert d.date == D(2026, 1, 23)
    assert "政府信息公开条例第二十六条" in d.explain() and "元旦" in d.explain()


def test_it_refuses_publishing_before_the_secrecy_review():
    item = SimpleNamespace(
        formed_on=D(2025, 3, 1), secrecy_reviewed_on=None, published_on=D(2025, 3, 5), channel="website"
    )
    assert rules.gate_item_published(item) == ["未经保密审查的信息不得公开（政府信息公开条例第十七条）"]
    item.secrecy_reviewed_on = D(2025, 3, 6)
    assert rules.gate_item_published(item) == [
        "公开日期早于保密审查日期：应当先审查后公开（政府信息公开条例第十七条）"
    ]


def test_it_dates_the_reply_twenty_working_days_after_receipt_over_national_day():
    d = rules.reply_due(req())
    assert d.date == D(2025, 10, 30)
    assert "计入 2025-09-28" in d.explain() and "政府信息公开条例第三十三条" in d.explain()


def test_it_restarts_the_clock_on_the_supplements_receipt():
    d = rules.reply_due(req(supplement_notice_on=D(2025, 9, 29), supplement_received_on=D(2025, 10, 20)))
    assert d.date == D(2025, 11, 17)
    assert "起算日：2025-10-20" in d.explain() and "第三十条" in d.explain()


def test_it_pauses_the_clock_while_a_third_party_is_consulted():
    r = req(consult_from=D(2025, 10, 13), consult_to=D(2025, 10, 17), consult_party="某公司")
    d = rules.reply_due(r)
    assert d.date == D(2025, 11, 6)
    assert "期间5个工作日不计入" in d.explain() and "某公司" in d.explain()


def test_it_adds_the_one_extension_with_its_reason():
    r = req(
        consult_from=D(2025, 10, 13),
        consult_to=D(2025, 10, 17),
        extended_days=20,
        extension_reason="需调档检索",
    )
    d = rules.reply_due(r)
    assert d.date == D(2025, 12, 4)
    assert "延长：20个工作日，理由：需调档检索" in d.explain()


def test_it_keeps_an_open_consultation_paused_until_today():
    r = req(consult_from=D(2025, 10, 13))
    d = rules.reply_due(r, today=D(2025, 10, 17))
    assert d.date == D(2025, 11, 6)
    assert "第三方意见尚未收到" in d.explain()


def test_it_refuses_an_extension_beyond_twenty_working_days_or_without_a_reason():
    with pytest.raises(ValidationError) as err:
        rules.check_request(req(extended_days=25))
    assert err.value.message_dict["extended_days"] == [
        "延长答复的期限最长不得超过20个工作日（政府信息公开条例第三十三条）"
    ]
    assert "extension_reason" in err.value.message_dict


def test_it_refuses_an_extension_notified_after_the_original_due_date():
    r = req(extended_days=10, extension_reason="需调档", extension_notice_on=D(2025, 10, 31))
    assert rules.gate_extended(r) == [
        "延期告知日期晚于原答复期限（2025-10-30）：延长应当在答复期限内决定并告知申请人（政府信息公开条例第三十三条）"
    ]
    r.extension_notice_on = D(2025, 10, 30)
    assert rules.gate_extended(r) == []


def test_it_refuses_a_supplement_notice_after_seven_working_days():
    # 2025-09-26 + 7 working days = 2025-10-13
    r = req(supplement_notice_on=D(2025, 10, 14), supplement_content="请明确年份")
    assert rules.gate_supplement(r) == [
        "补正告知应当自收到申请之日起7个工作日内（2025-10-13前）一次性作出，已超过期限，应按原申请答复（政府信息公开条例第三十条）"
    ]
    r.supplement_notice_on = D(2025, 10, 13)
    assert rules.gate_supplement(r) == []


def test_it_refuses_a_reply_naming_no_responsible_organ_or_while_consulting():
    r = req(replied_on=D(2025, 10, 20), reply_type="not_ours", consult_from=D(2025, 10, 9))
    unmet = rules.gate_replied(r)
    assert any("第三十六条第五项" in m for m in unmet)
    assert any("第三十二条" in m for m in unmet)


def test_it_offers_the_seven_statutory_reply_types():
    from fazhi.disclosure.models import InfoRequest

    assert len(InfoRequest.ReplyType.choices) == 7
