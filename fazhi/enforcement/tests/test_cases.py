"""Enforcement cases through the pages, the API and an import: the same gates refuse alike;
due dates on the detail page and on the to-do list."""

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from fazhi.enforcement.models import Case, Officer
from fazhi.ledger.tests.factories import xlsx

pytestmark = pytest.mark.django_db

TWO_OFFICERS = "持有效执法证件的执法人员不足两名，不能立案（行政处罚法第四十二条）"
NO_NOTICE = "不得作出行政处罚决定（行政处罚法第四十四条、第六十二条）"
NO_REVIEW = "重大执法决定未经法制审核或者审核未通过的，不得作出决定（行政处罚法第五十八条）"


def text(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def officer(world, name, until, org=None):
    return Officer.objects.create(
        org=org or world.town_a,
        name=name,
        certificate_number=f"C-{name}",
        valid_from=dt.date(2020, 1, 1),
        valid_until=until,
    )


@pytest.fixture
def officers(world):
    today = timezone.localdate()
    return (
        officer(world, "王有效", today + dt.timedelta(days=400)),
        officer(world, "李有效", today + dt.timedelta(days=400)),
        officer(world, "赵过期", today - dt.timedelta(days=1)),
    )


def new_case(world, **kw):
    values = {
        "org": world.town_a,
        "kind": "penalty",
        "cause": "擅自堆放建材",
        "registered_on": timezone.localdate() - dt.timedelta(days=5),
        "party_name": "张三",
    }
    values.update(kw)
    return Case.objects.create(**values)


def test_it_refuses_filing_on_the_step_page_with_an_expired_certificate(client, world, officers):
    c = new_case(world)
    client.force_login(world.clerk_a)
    url = reverse("ledger:step", args=["enforcement-cases", c.pk, "filed"])
    today = timezone.localdate().isoformat()
    response = client.post(url, {"filed_on": today, "officer_1": officers[0].pk, "officer_2": officers[2].pk})
    assert response.status_code == 200
    assert TWO_OFFICERS in text(response) and "赵过期" in text(response)
    c.refresh_from_db()
    assert c.step == "registered"
    response = client.post(url, {"filed_on": today, "officer_1": officers[0].pk, "officer_2": officers[1].pk})
    assert response.status_code == 302
    c.refresh_from_db()
    assert c.step == "filed" and c.officer_2 == officers[1]


def test_it_offers_only_the_townships_own_officers(client, world, officers):
    stranger = officer(world, "乙乡人员", timezone.localdate() + dt.timedelta(days=400), org=world.town_b)
    c = new_case(world)
    client.force_login(world.clerk_a)
    url = reverse("ledger:step", args=["enforcement-cases", c.pk, "filed"])
    page = client.get(url).content.decode()
    assert "王有效" in page and "乙乡人员" not in page
    today = timezone.localdate().isoformat()
    response = client.post(url, {"filed_on": today, "officer_1": officers[0].pk, "officer_2": stranger.pk})
    assert response.status_code == 200
    c.refresh_from_db()
    assert c.step == "registered"


def test_it_refuses_filing_through_the_api_with_the_same_list(client, world, officers):
    c = new_case(world)
    client.force_login(world.clerk_a)
    response = client.post(
        f"/api/v1/ledgers/enforcement-cases/{c.pk}/transitions/filed",
        {
            "filed_on": timezone.localdate().isoformat(),
            "officer_1": officers[0].pk,
            "officer_2": officers[2].pk,
        },
        content_type="application/json",
    )
    assert response.status_code == 409
    assert TWO_OFFICERS in response.json()["unmet"]
    detail = client.get(f"/api/v1/ledgers/enforcement-cases/{c.pk}").json()
    assert detail["step"] == "registered" and detail["next_steps"] == [{"code": "filed", "label": "立案"}]


def test_it_refuses_a_penalty_decision_without_notice_or_review_through_the_api(client, world, officers):
    today = timezone.localdate()
    c = new_case(
        world,
        step="filed",
        filed_on=today - dt.timedelta(days=3),
        officer_1=officers[0],
        officer_2=officers[1],
        is_major=True,
    )
    client.force_login(world.clerk_a)
    response = client.post(
        f"/api/v1/ledgers/enforcement-cases/{c.pk}/transitions/decided",
        {"decision_on": today.isoformat(), "decision_result": "penalty", "fine": "500"},
        content_type="application/json",
    )
    assert response.status_code == 409
    unmet = response.json()["unmet"]
    assert any(NO_NOTICE in m for m in unmet) and NO_REVIEW in unmet
    page = client.post(
        reverse("ledger:step", args=["enforcement-cases", c.pk, "decided"]),
        {"decision_on": today.isoformat(), "decision_result": "penalty", "fine": "500"},
    )
    assert NO_NOTICE in text(page) and NO_REVIEW in text(page)
    c.refresh_from_db()
    assert c.step == "filed" and c.decision_on is None


def test_it_refuses_an_imported_case_at_a_later_step_without_its_prerequisites(client, world, officers):
    client.force_login(world.clerk_a)
    header = [
        "案由",
        "登记日期",
        "当事人",
        "案件类型",
        "办理环节",
        "立案日期",
        "承办人员一",
        "承办人员二",
        "决定日期",
        "处理结果",
    ]
    day = timezone.localdate()  # 赵过期's certificate ran out yesterday
    rows = [
        header,
        ["堆放建材", day, "张三", "行政处罚", "作出决定", day, "王有效", "赵过期", day, "作出行政处罚决定"],
    ]
    file = SimpleUploadedFile("案件.xlsx", xlsx(rows))
    response = client.post(reverse("ledger:import", args=["enforcement-cases"]), {"file": file}, follow=True)
    page = text(response)
    assert TWO_OFFICERS in page and NO_NOTICE in page
    assert Case.objects.count() == 0


def test_it_shows_the_due_dates_with_their_explanation_on_the_detail_page(client, world, officers):
    c = new_case(
        world,
        step="decided",
        filed_on=dt.date(2025, 9, 1),
        officer_1=officers[0],
        officer_2=officers[1],
        notice_on=dt.date(2025, 9, 10),
        decision_on=dt.date(2025, 9, 30),
        decision_result="penalty",
    )
    client.force_login(world.clerk_a)
    page = text(client.get(reverse("ledger:detail", args=["enforcement-cases", c.pk])))
    assert "送达决定书 2025-10-16" in page and "公示执法决定 2025-10-16" in page
    assert "行政处罚法第六十一条" in page and "跳过 国庆节" in page


def test_it_puts_late_service_and_a_pending_withdrawal_on_the_to_do_list(client, world, officers):
    today = timezone.localdate()
    decided = new_case(
        world,
        step="decided",
        filed_on=today - dt.timedelta(days=60),
        officer_1=officers[0],
        officer_2=officers[1],
        notice_on=today - dt.timedelta(days=50),
        decision_on=today - dt.timedelta(days=40),
        decision_result="penalty",
    )
    changed = new_case(
        world,
        step="changed",
        filed_on=today - dt.timedelta(days=90),
        officer_1=officers[0],
        officer_2=officers[1],
        notice_on=today - dt.timedelta(days=80),
        decision_on=today - dt.timedelta(days=70),
        decision_result="penalty",
        served_on=today - dt.timedelta(days=69),
        published_on=today - dt.timedelta(days=68),
        changed_on=today - dt.timedelta(days=1),
        change_reason="经复议撤销",
    )
    client.force_login(world.clerk_a)
    items = {(i["kind"], i["record"]["id"]): i for i in client.get("/api/v1/todo").json()}
    assert items[("enforcement.service", decided.pk)]["state"] == "late"
    assert items[("enforcement.publication", decided.pk)]["state"] == "late"
    withdrawal = items[("enforcement.withdrawal", changed.pk)]
    assert withdrawal["state"] == "due" and "行政处罚法第四十八条" in withdrawal["reason"]
    from fazhi.workdays.deadlines import add

    assert withdrawal["due"] == add(changed.changed_on, 3).date.isoformat()
    client.force_login(world.clerk_b)
    assert client.get("/api/v1/todo").json() == []


def test_it_warns_of_a_certificate_expiring_within_the_warning_period(client, world):
    today = timezone.localdate()
    soon = officer(world, "钱将到期", today + dt.timedelta(days=25))
    officer(world, "孙还早", today + dt.timedelta(days=45))
    client.force_login(world.clerk_a)
    items = [i for i in client.get("/api/v1/todo").json() if i["kind"] == "enforcement.certificate"]
    assert [(i["record"]["id"], i["due"], i["state"]) for i in items] == [
        (soon.pk, soon.valid_until.isoformat(), "notice")
    ]
    todo_page = text(client.get("/l/todo/?days=10"))
    assert "提前提醒" in todo_page and "钱将到期" in todo_page
    page = text(client.get(reverse("ledger:detail", args=["enforcement-officers", soon.pk])))
    assert "执法证件有效期届满" in page and "到期前30日" in page


def test_it_flags_a_certificate_holder_without_a_case_in_two_years(client, world, officers):
    today = timezone.localdate()
    new_case(
        world,
        step="filed",
        filed_on=today - dt.timedelta(days=10),
        officer_1=officers[0],
        officer_2=officers[1],
    )
    client.force_login(world.clerk_a)
    idle = {
        i["record"]["id"]
        for i in client.get("/api/v1/todo").json()
        if i["kind"] == "enforcement.officer_idle"
    }
    # 王有效 and 李有效 took a case; 赵过期's certificate has expired, so only holders are flagged.
    assert idle == set()
    quiet = officer(world, "周闲置", today + dt.timedelta(days=400))
    idle = {
        i["record"]["id"]
        for i in client.get("/api/v1/todo").json()
        if i["kind"] == "enforcement.officer_idle"
    }
    assert idle == {quiet.pk}
