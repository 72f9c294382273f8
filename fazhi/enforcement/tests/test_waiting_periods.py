"""A penalty decision waits for the periods after the prior notice (行政处罚法第六十四条: the party
may ask for a hearing within 5 working days; 陈述申辩: a period the county sets), unless the party
waived them in writing or asked for a hearing that was held; the hearing step is offered only when
the party asked for one. The same gate answers on the step page, the API and an import."""

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from fazhi.enforcement.models import Case
from fazhi.enforcement.tests.factories import certified_officers
from fazhi.ledger.models import ProcedureSetting
from fazhi.ledger.tests.factories import xlsx

pytestmark = pytest.mark.django_db

HEARING_PERIOD = "行政处罚法第六十四条、第八十五条"
NOTICE = dt.date(2025, 9, 10)  # a Wednesday: 5 working days run to 2025-09-17
INSIDE = dt.date(2025, 9, 12)
AFTER = dt.date(2025, 9, 18)


def text(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


@pytest.fixture
def notified(world):
    officers = certified_officers(world.town_a, ("王有效", "李有效"))
    return Case.objects.create(
        org=world.town_a,
        kind="penalty",
        cause="擅自占道经营",
        registered_on=dt.date(2025, 9, 1),
        party_name="张三",
        step="notified",
        filed_on=dt.date(2025, 9, 2),
        officer_1=officers[0],
        officer_2=officers[1],
        notice_on=NOTICE,
    )


def decide(client, case, day):
    return client.post(
        f"/api/v1/ledgers/enforcement-cases/{case.pk}/transitions/decided",
        {"decision_on": day.isoformat(), "decision_result": "penalty", "fine": "500"},
        content_type="application/json",
    )


def test_it_refuses_a_decision_inside_the_hearing_period_until_the_waiver_is_recorded(
    client, world, notified
):
    client.force_login(world.clerk_a)
    refused = decide(client, notified, INSIDE)
    assert refused.status_code == 409
    unmet = " ".join(refused.json()["unmet"])
    assert HEARING_PERIOD in unmet and "至2025-09-17" in unmet and "最早可于2025-09-18" in unmet
    page = client.post(
        reverse("ledger:step", args=["enforcement-cases", notified.pk, "decided"]),
        {"decision_on": INSIDE.isoformat(), "decision_result": "penalty", "fine": "500"},
    )
    assert HEARING_PERIOD in text(page)
    notified.refresh_from_db()
    assert notified.step == "notified" and notified.decision_on is None
    # The party signs a waiver on the 11th: the decision on the 12th now stands.
    patched = client.patch(
        f"/api/v1/ledgers/enforcement-cases/{notified.pk}",
        {"rights_waived_on": "2025-09-11", "version": notified.version},
        content_type="application/json",
    )
    assert patched.status_code == 200, patched.content
    assert decide(client, notified, INSIDE).status_code == 200
    notified.refresh_from_db()
    assert notified.step == "decided" and notified.decision_on == INSIDE


def test_it_accepts_a_decision_once_both_periods_have_run(client, world, notified):
    client.force_login(world.clerk_a)
    assert decide(client, notified, AFTER).status_code == 200


def test_it_waits_for_the_statement_period_the_county_sets(client, world, notified):
    ProcedureSetting.objects.create(key="enforcement.statement", days=10)
    client.force_login(world.clerk_a)
    refused = decide(client, notified, AFTER)
    assert refused.status_code == 409
    unmet = " ".join(refused.json()["unmet"])
    assert "陈述、申辩期限（10个工作日" in unmet and "依本地实践" in unmet and HEARING_PERIOD not in unmet


def test_it_offers_the_hearing_only_when_the_party_asked_for_one(client, world, notified):
    client.force_login(world.clerk_a)
    detail = client.get(f"/api/v1/ledgers/enforcement-cases/{notified.pk}").json()
    assert "heard" not in [s["code"] for s in detail["next_steps"]]
    refused = client.post(
        f"/api/v1/ledgers/enforcement-cases/{notified.pk}/transitions/heard",
        {"hearing_notice_on": "2025-09-12", "hearing_held_on": "2025-09-25"},
        content_type="application/json",
    )
    assert refused.status_code == 409 and "当事人未要求听证" in " ".join(refused.json()["unmet"])
    notified.hearing_requested = True
    notified.save()
    detail = client.get(f"/api/v1/ledgers/enforcement-cases/{notified.pk}").json()
    assert "heard" in [s["code"] for s in detail["next_steps"]]
    # A hearing was asked for: the decision waits for it, then follows the record.
    assert decide(client, notified, AFTER).status_code == 409
    heard = client.post(
        f"/api/v1/ledgers/enforcement-cases/{notified.pk}/transitions/heard",
        {"hearing_notice_on": "2025-09-12", "hearing_held_on": "2025-09-25"},
        content_type="application/json",
    )
    assert heard.status_code == 200, heard.content
    early = decide(client, notified, dt.date(2025, 9, 24))
    assert early.status_code == 409 and "第六十五条" in " ".join(early.json()["unmet"])
    assert decide(client, notified, dt.date(2025, 9, 26)).status_code == 200


def test_it_refuses_an_imported_decision_inside_the_hearing_period(client, world, notified):
    client.force_login(world.clerk_a)
    header = ["案由", "登记日期", "当事人", "案件类型", "办理环节", "立案日期", "承办人员一", "承办人员二"]
    header += ["事先告知日期", "决定日期", "处理结果"]
    row = ["占道经营", "2025-09-01", "李四", "行政处罚", "作出决定", "2025-09-02", "王有效", "李有效"]
    row += ["2025-09-10", "2025-09-12", "作出行政处罚决定"]
    file = SimpleUploadedFile("案件.xlsx", xlsx([header, row]))
    response = client.post(reverse("ledger:import", args=["enforcement-cases"]), {"file": file}, follow=True)
    assert HEARING_PERIOD in text(response)
    assert not Case.objects.filter(party_name="李四").exists()
    row[9] = "2025-09-18"
    file = SimpleUploadedFile("案件.xlsx", xlsx([header, row]))
    response = client.post(reverse("ledger:import", args=["enforcement-cases"]), {"file": file}, follow=True)
    assert "校验通过，可以写入" in text(response)
