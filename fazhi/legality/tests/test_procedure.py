"""The normative-document gate through the page, the API and an import alike; the review request's
supplement; the to-do list (filing due and late, review late, correction due); the outsider."""

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from fazhi.ledger import excel, registry
from fazhi.ledger.tests.factories import xlsx
from fazhi.legality.models import NormativeDocument, ReviewRequest, VillageRule

pytestmark = pytest.mark.django_db

NO_REVIEW = "未经合法性审核（未出具审核结论）的规范性文件，不得提交集体审议或印发（参照地方组织法第七十五条）（依本省规定）"
DELIBERATION = {"deliberated_on": "2025-04-02", "meeting": "镇政府常务会议", "deliberation": "通过"}


def text(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def at_review(world, **values) -> NormativeDocument:
    base = {
        "org": world.town_a,
        "title": "集镇环境卫生管理规定",
        "drafting_unit": "党政办公室",
        "started_on": dt.date(2025, 3, 1),
        "step": "review",
        "assessed_on": dt.date(2025, 3, 5),
        "assessment": "已论证",
        "comment_from": dt.date(2025, 3, 10),
        "comment_to": dt.date(2025, 3, 19),
        "review_submitted_on": dt.date(2025, 3, 24),
    }
    base.update(values)
    return NormativeDocument.objects.create(**base)


def test_it_refuses_deliberation_on_the_page_until_the_review_has_passed(client, world):
    d = at_review(world)
    client.force_login(world.clerk_a)
    response = client.post(f"/l/normative-documents/{d.pk}/step/deliberation/", DELIBERATION)
    assert response.status_code == 200
    assert NO_REVIEW in text(response)
    assert NormativeDocument.objects.get().step == "review"
    d.review_completed_on, d.review_result, d.review_opinion = dt.date(2025, 3, 31), "amended", "修改后合法"
    d.save()
    response = client.post(f"/l/normative-documents/{d.pk}/step/deliberation/", DELIBERATION)
    assert response.status_code == 302
    assert NormativeDocument.objects.get().step == "deliberation"


def test_it_answers_409_in_the_api_and_validates_the_number(client, world):
    d = at_review(world)
    client.force_login(world.clerk_a)
    base = f"/api/v1/ledgers/normative-documents/{d.pk}/transitions"
    response = client.post(f"{base}/deliberation", DELIBERATION, content_type="application/json")
    assert response.status_code == 409 and response.json()["unmet"] == [NO_REVIEW]
    d.review_completed_on, d.review_result, d.review_opinion = dt.date(2025, 3, 31), "lawful", "合法"
    d.save()
    assert (
        client.post(f"{base}/deliberation", DELIBERATION, content_type="application/json").status_code == 200
    )
    bad = {"number": "甲府规〔2025〕第03号", "registered_on": "2025-04-03"}
    response = client.post(f"{base}/numbered", bad, content_type="application/json")
    assert response.status_code == 409
    unmet = response.json()["unmet"]
    assert any("不加“第”字" in m for m in unmet) and any("前导零" in m for m in unmet)
    good = {"number": "甲府规〔2025〕3号", "registered_on": "2025-04-03"}
    assert client.post(f"{base}/numbered", good, content_type="application/json").status_code == 200
    body = {"published_on": "2025-04-05", "publish_channel": "政府网站"}
    assert client.post(f"{base}/published", body, content_type="application/json").status_code == 200
    detail = client.get(f"/api/v1/ledgers/normative-documents/{d.pk}").json()
    assert detail["step"] == "published" and "filed" in str(detail["next_steps"])


def test_it_refuses_an_imported_document_marked_published_without_a_review(client, world):
    ledger = registry.get("normative-documents")
    names = ["title", "drafting_unit", "started_on", "number", "published_on", "publish_channel"]
    header = [excel.STEP_LABEL, *(excel.header_label(ledger, n) for n in names)]
    row = [
        "公布",
        "镇区占道经营管理办法",
        "党政办公室",
        "2025-03-01",
        "甲府规〔2025〕4号",
        "2025-04-01",
        "政府网站",
    ]
    client.force_login(world.clerk_a)
    upload = SimpleUploadedFile("规范性文件.xlsx", xlsx([header, row]))
    page = text(
        client.post(reverse("ledger:import", args=["normative-documents"]), {"file": upload}, follow=True)
    )
    assert NO_REVIEW in page
    assert "未填写评估论证日期和评估论证情况（参照地方组织法第七十五条）" in page
    assert not NormativeDocument.objects.exists()


def test_it_lists_the_filing_with_the_county_as_due_then_late(client, world):
    today = timezone.localdate()
    due = at_review(world, step="published", published_on=today - dt.timedelta(days=10))
    late = at_review(world, step="published", published_on=today - dt.timedelta(days=45))
    at_review(
        world,
        step="filed",
        published_on=today - dt.timedelta(days=45),
        filed_on=today - dt.timedelta(days=20),
    )
    client.force_login(world.clerk_a)
    items = [i for i in client.get("/api/v1/todo?days=30").json() if i["kind"] == "legality.filing"]
    states = {i["record"]["id"]: i["state"] for i in items}
    assert states == {due.pk: "due", late.pk: "late"}
    assert all("报送县政府备案（依本省规定）" in i["reason"] for i in items)
    page = text(client.get(f"/l/normative-documents/{late.pk}/"))
    assert "报送备案期限" in page and "依本省规定" in page
    client.force_login(world.clerk_b)
    assert client.get("/api/v1/todo").json() == []


def test_it_stops_the_review_clock_while_materials_are_awaited_and_restarts_it(client, world):
    today = timezone.localdate()
    r = ReviewRequest.objects.create(
        org=world.town_a,
        title="村级光伏电站租赁协议",
        kind="contract",
        department="党政办公室",
        submitted_on=today - dt.timedelta(days=40),
    )
    client.force_login(world.clerk_a)
    [item] = [i for i in client.get("/api/v1/todo").json() if i["kind"] == "legality.review"]
    assert item["state"] == "late" and item["record"]["id"] == r.pk
    base = f"/api/v1/ledgers/legality-reviews/{r.pk}/transitions"
    body = {"supplement_requested_on": (today - dt.timedelta(days=38)).isoformat()}
    response = client.post(f"{base}/supplement", body, content_type="application/json")
    assert response.json()["unmet"] == [
        "未填写要求补充材料的日期和需补充的材料（送审材料不齐全的，可以退回或要求补充）"
    ]
    body["supplement_reason"] = "缺少项目批复文件"
    assert client.post(f"{base}/supplement", body, content_type="application/json").status_code == 200
    assert [i for i in client.get("/api/v1/todo").json() if i["kind"] == "legality.review"] == []
    body = {"supplement_received_on": today.isoformat()}
    assert client.post(f"{base}/resumed", body, content_type="application/json").status_code == 200
    [item] = [i for i in client.get("/api/v1/todo?days=30").json() if i["kind"] == "legality.review"]
    assert item["state"] == "due" and item["due"] > today.isoformat()


def test_it_lists_a_village_rule_correction_by_its_deadline(client, world):
    today = timezone.localdate()
    v = VillageRule.objects.create(
        org=world.town_a,
        village=world.village_a,
        title="村规民约",
        filed_on=today - dt.timedelta(days=60),
        step="correction",
        reviewed_on=today - dt.timedelta(days=50),
        review_result="correct",
        problems="侵犯村民财产权益的条款",
        correction_ordered_on=today - dt.timedelta(days=45),
        correction_due_on=today - dt.timedelta(days=15),
    )
    client.force_login(world.clerk_a)
    [item] = [i for i in client.get("/api/v1/todo").json() if i["kind"] == "legality.village_rule_correction"]
    assert item["record"]["id"] == v.pk and item["state"] == "late"
    assert "村民委员会组织法第二十七条" in item["reason"]
    response = client.post(f"/l/village-rules/{v.pk}/step/corrected/", {"corrected_on": today.isoformat()})
    assert response.status_code == 302
    assert [
        i for i in client.get("/api/v1/todo").json() if i["kind"] == "legality.village_rule_correction"
    ] == []


def test_it_keeps_other_townships_out(client, world):
    d = at_review(world)
    client.force_login(world.clerk_b)
    assert client.get(f"/l/normative-documents/{d.pk}/").status_code == 404
    assert client.post(f"/l/normative-documents/{d.pk}/step/deliberation/", DELIBERATION).status_code == 404
