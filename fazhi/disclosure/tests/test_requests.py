"""Information requests and proactive items through the pages, the API and an import; the
reply due date on the detail page and the to-do list."""

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from fazhi.disclosure.models import InfoRequest, ProactiveItem
from fazhi.ledger.tests.factories import xlsx
from fazhi.workdays.deadlines import add

pytestmark = pytest.mark.django_db

NO_REVIEW = "未经保密审查的信息不得公开（政府信息公开条例第十七条）"
TOO_LONG = "延长答复的期限最长不得超过20个工作日（政府信息公开条例第三十三条）"


def text(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def new_request(world, **kw):
    values = {
        "org": world.town_a,
        "received_on": timezone.localdate() - dt.timedelta(days=3),
        "applicant_name": "张三",
        "request": "本村土地征收补偿明细",
    }
    values.update(kw)
    return InfoRequest.objects.create(**values)


def test_it_refuses_an_extension_beyond_twenty_working_days_on_the_page_and_in_the_api(client, world):
    r = new_request(world)
    client.force_login(world.clerk_a)
    data = {
        "extended_days": 25,
        "extension_reason": "",
        "extension_notice_on": timezone.localdate().isoformat(),
    }
    page = client.post(reverse("ledger:step", args=["disclosure-requests", r.pk, "extended"]), data)
    assert page.status_code == 200
    assert "最长不得超过20个工作日" in text(page)
    response = client.post(
        f"/api/v1/ledgers/disclosure-requests/{r.pk}/transitions/extended",
        data,
        content_type="application/json",
    )
    assert response.status_code == 409
    assert any("最长不得超过20个工作日" in m for m in response.json()["unmet"])
    r.refresh_from_db()
    assert r.step == "received" and r.extended_days == 0


def test_it_extends_once_and_shows_the_new_due_date_with_its_reason(client, world):
    received = timezone.localdate() - dt.timedelta(days=3)
    r = new_request(world, received_on=received)
    client.force_login(world.clerk_a)
    response = client.post(
        f"/api/v1/ledgers/disclosure-requests/{r.pk}/transitions/extended",
        {
            "extended_days": 10,
            "extension_reason": "需调档检索",
            "extension_notice_on": timezone.localdate().isoformat(),
        },
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["next_steps"] == [{"code": "replied", "label": "答复"}]
    page = text(client.get(reverse("ledger:detail", args=["disclosure-requests", r.pk])))
    due = add(received, 20, extensions=[10]).date
    assert f"答复申请人 {due.isoformat()}" in page and "延长：10个工作日，理由：需调档检索" in page


def test_it_refuses_publishing_an_item_without_secrecy_review_through_the_api(client, world):
    item = ProactiveItem.objects.create(
        org=world.town_a, title="低保名单", category="social_assistance", formed_on=timezone.localdate()
    )
    client.force_login(world.clerk_a)
    response = client.post(
        f"/api/v1/ledgers/disclosure-items/{item.pk}/transitions/published",
        {"published_on": timezone.localdate().isoformat(), "channel": "website"},
        content_type="application/json",
    )
    assert response.status_code == 409
    assert response.json()["unmet"] == ["当前环节“信息形成”之后不能直接进入“公开”"]


def test_it_refuses_an_imported_item_marked_published_without_secrecy_review(client, world):
    client.force_login(world.clerk_a)
    day = timezone.localdate()
    rows = [
        ["信息名称", "公开类别", "形成（变更）日期", "办理环节", "公开日期", "公开渠道"],
        ["低保名单", "社会救助", day, "公开", day, "政府网站"],
    ]
    file = SimpleUploadedFile("公开.xlsx", xlsx(rows))
    response = client.post(reverse("ledger:import", args=["disclosure-items"]), {"file": file}, follow=True)
    assert NO_REVIEW in text(response)
    assert ProactiveItem.objects.count() == 0


def test_it_refuses_an_imported_request_with_a_long_extension(client, world):
    client.force_login(world.clerk_a)
    day = timezone.localdate() - dt.timedelta(days=5)
    rows = [
        [
            "收到申请日期",
            "申请人",
            "申请公开的信息内容",
            "办理环节",
            "延长答复期限（工作日）",
            "延期理由",
            "告知申请人延期日期",
        ],
        [day, "张三", "补偿明细", "延长答复期限", 30, "调档", day],
    ]
    file = SimpleUploadedFile("申请.xlsx", xlsx(rows))
    response = client.post(
        reverse("ledger:import", args=["disclosure-requests"]), {"file": file}, follow=True
    )
    assert "20" in text(response) and "第三十三条" in text(response)
    assert InfoRequest.objects.count() == 0


def test_it_lists_the_reply_due_and_the_pending_item_on_the_to_do_list(client, world):
    today = timezone.localdate()
    late = new_request(world, received_on=today - dt.timedelta(days=45))
    paused = new_request(
        world,
        received_on=today - dt.timedelta(days=10),
        step="consulting",
        consult_from=today - dt.timedelta(days=5),
        consult_party="某公司",
        consult_reason="涉及商业秘密",
    )
    waiting = new_request(
        world,
        received_on=today - dt.timedelta(days=5),
        step="supplement",
        supplement_notice_on=today - dt.timedelta(days=4),
        supplement_content="请明确年份",
    )
    item = ProactiveItem.objects.create(
        org=world.town_a,
        title="宅基地审核结果",
        category="homestead",
        formed_on=today - dt.timedelta(days=40),
    )
    client.force_login(world.clerk_a)
    items = {(i["kind"], i["record"]["id"]): i for i in client.get("/api/v1/todo?days=20").json()}
    reply = items[("disclosure.reply", late.pk)]
    assert reply["state"] == "late" and reply["due"] == add(late.received_on, 20).date.isoformat()
    assert "第三十三条" in reply["reason"]
    third = items[("disclosure.third_party", paused.pk)]
    assert third["due"] == add(paused.consult_from, 15).date.isoformat() and "第三十二条" in third["reason"]
    assert ("disclosure.reply", paused.pk) not in items  # the clock is paused
    assert ("disclosure.reply", waiting.pk) not in items  # the applicant owes the supplement
    proactive = items[("disclosure.proactive", item.pk)]
    assert proactive["state"] == "late" and "第二十六条" in proactive["reason"]
    client.force_login(world.clerk_b)
    assert client.get("/api/v1/todo").json() == []
