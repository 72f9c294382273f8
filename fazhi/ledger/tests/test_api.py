"""The JSON API: tokens, scope, filters, the same validation messages as pages and imports."""

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from fazhi.conftest import PASSWORD
from fazhi.ledger import excel, registry
from fazhi.ledger.tests.factories import DISPUTE_HEADER, make_dispute, xlsx
from fazhi.mediation.models import Dispute
from fazhi.orgs.models import AuditLog

pytestmark = pytest.mark.django_db

BASE = "/api/v1/ledgers/disputes/"


def token_for(username, password=PASSWORD):
    return Client().post(
        "/api/v1/auth/token", {"username": username, "password": password}, content_type="application/json"
    )


def bearer(token) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}")


def new_dispute(**extra) -> dict:
    return {
        "registered_on": "2025-03-05",
        "kind": "neighbour",
        "village": "甲一村",
        "applicant": "王五",
        "summary": "相邻通行纠纷",
        **extra,
    }


def test_it_issues_a_token_that_authenticates(world):
    response = token_for("clerk_a")
    assert response.status_code == 200
    token = response.json()["token"]
    make_dispute(world)
    api = bearer(token)
    listed = api.get(BASE + "?year=all")
    assert listed.status_code == 200 and listed.json()["count"] == 1
    assert AuditLog.objects.filter(action="token", username="clerk_a").exists()


def test_it_refuses_a_wrong_password_and_a_bad_token(world):
    response = token_for("clerk_a", "wrong")
    assert response.status_code == 401
    assert "用户名或密码错误" in response.json()["detail"]
    assert bearer("not-a-token").get(BASE).status_code == 401
    assert Client().get(BASE).status_code == 401


def test_it_lists_with_year_pagination_filters_and_search(client, world):
    for n in range(5):
        make_dispute(world, applicant=f"今年{n}", kind="family" if n < 2 else "labour")
    old = make_dispute(world, applicant="旧案")
    Dispute.objects.filter(pk=old.pk).update(registered_on="2020-06-01")
    make_dispute(world, org=world.town_b, applicant="乙乡")
    client.force_login(world.clerk_a)
    assert client.get(BASE).json()["count"] == 5
    assert [r["applicant"] for r in client.get(BASE + "?year=2020").json()["results"]] == ["旧案"]
    assert client.get(BASE + "?year=all").json()["count"] == 6
    page = client.get(BASE + "?page_size=2&page=3").json()
    assert (page["count"], page["pages"], page["page"], len(page["results"])) == (5, 3, 3, 1)
    assert client.get(BASE + "?page=99").json()["results"] == []
    assert client.get(BASE + "?kind=family").json()["count"] == 2
    assert client.get(BASE + "?q=今年3").json()["count"] == 1
    assert client.get(BASE + "?page_size=x").status_code == 400
    record = client.get(BASE + "?q=今年3").json()["results"][0]
    assert record["org"] == "TCA"
    assert record["applicant_phone"] == "138****5678"
    assert record["village"] == world.village_a.pk


def test_it_creates_with_chinese_labels_and_ids(client, world):
    client.force_login(world.clerk_a)
    response = client.post(
        BASE, new_dispute(kind="婚姻家庭", amount="1,500"), content_type="application/json"
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["kind"] == "family" and Decimal(body["amount"]) == 1500 and body["status"] == "accepted"
    dispute = Dispute.objects.get(pk=body["id"])
    assert dispute.org == world.town_a and dispute.created_by == world.clerk_a
    response = client.post(BASE, new_dispute(village=world.village_a.pk), content_type="application/json")
    assert response.status_code == 201


def test_it_answers_422_with_chinese_messages_shared_with_the_import(client, world, tmp_path):
    client.force_login(world.clerk_a)
    response = client.post(
        BASE,
        new_dispute(kind="打架", registered_on="2025-02-30", village="乙一村", applicant="", extra="x"),
        content_type="application/json",
    )
    assert response.status_code == 422
    errors = {e["field"]: e["message"] for e in response.json()["errors"]}
    assert errors["kind"].startswith("“打架”不在数据字典“纠纷类型”中，可选：婚姻家庭、邻里纠纷")
    assert errors["registered_on"] == "日期“2025-02-30”不存在"
    assert errors["village"].startswith("未找到“乙一村”")
    assert errors["applicant"] == "这个字段是必填项。"
    assert errors["extra"] == "没有这个字段"
    assert not Dispute.objects.exists()
    # The same cells in an Excel import get the very same words.
    path = xlsx([DISPUTE_HEADER, ["2025-02-30", "打架", "乙一村", "", "相邻通行纠纷"]], tmp_path / "x.xlsx")
    result = excel.import_file(registry.get("disputes"), world.town_a, world.clerk_a, path, commit=False)
    imported = {e.column: e.message for e in result.errors}
    assert imported == {
        "登记日期": errors["registered_on"],
        "纠纷类型": errors["kind"],
        "发生村（社区）": errors["village"],
        "申请人（当事人）": errors["applicant"],
    }


def test_it_gives_the_same_rule_message_as_the_page_form(client, world):
    client.force_login(world.clerk_a)
    response = client.post(
        BASE, new_dispute(status="succeeded", closed_on="2025-03-10"), content_type="application/json"
    )
    assert response.status_code == 422
    api_message = {e["field"]: e["message"] for e in response.json()["errors"]}["agreement"]
    form = {
        "registered_on": "2025-03-05",
        "kind": "neighbour",
        "village": world.village_a.pk,
        "applicant": "王五",
        "summary": "相邻通行纠纷",
        "source": "application",
        "amount": "0",
        "recovered": "0",
        "status": "succeeded",
        "closed_on": "2025-03-10",
    }
    page = client.post(reverse("ledger:create", args=["disputes"]), form)
    assert page.status_code == 200
    assert api_message == "调解成功须注明协议形式（书面或口头）"
    assert api_message in page.content.decode()


def test_it_patches_a_record(client, world):
    dispute = make_dispute(world)
    client.force_login(world.clerk_a)
    response = client.patch(
        BASE + str(dispute.pk), {"applicant": "改名", "version": 1}, content_type="application/json"
    )
    assert response.status_code == 200 and response.json()["applicant"] == "改名"
    dispute.refresh_from_db()
    assert dispute.applicant == "改名" and dispute.applicant_phone == "13812345678"
    response = client.patch(
        BASE + str(dispute.pk), {"registered_on": "昨天", "version": 2}, content_type="application/json"
    )
    assert response.status_code == 422
    assert client.patch(BASE + str(dispute.pk), "[1]", content_type="application/json").status_code == 400


def test_it_requires_a_reason_to_delete(client, world):
    dispute = make_dispute(world)
    client.force_login(world.clerk_a)
    response = client.delete(BASE + str(dispute.pk))
    assert response.status_code == 422
    assert response.json()["errors"][0]["message"] == "请填写删除原因（至少2个字）"
    assert Dispute.objects.filter(pk=dispute.pk).exists()
    response = client.delete(BASE + str(dispute.pk) + "?reason=重复登记")
    assert response.status_code == 204
    assert not Dispute.objects.filter(pk=dispute.pk).exists()
    assert Dispute.history.filter(id=dispute.pk).first().history_change_reason == "删除：重复登记"


def test_it_lists_only_visible_orgs(client, world):
    client.force_login(world.clerk_a)
    orgs = client.get("/api/v1/orgs").json()
    assert {o["code"] for o in orgs} == {"TCA", "TCA01", "TCA0101"}
    assert {"code": "TCA", "name": "甲镇", "level": "township"}.items() <= orgs[0].items()
    client.force_login(world.county_user)
    assert {o["code"] for o in client.get("/api/v1/orgs").json()} == {
        "TC",
        "TCA",
        "TCB",
        "TCA01",
        "TCB01",
        "TCA0101",
    }


def test_it_describes_the_ledger_routes_in_openapi(client, world):
    client.force_login(world.clerk_a)
    schema = client.get("/api/v1/openapi.json").json()
    for code in [lg.code for lg in registry.all_ledgers()]:
        assert f"/api/v1/ledgers/{code}/" in schema["paths"]
        assert f"/api/v1/ledgers/{code}/{{pk}}" in schema["paths"]
    assert "/api/v1/auth/token" in schema["paths"]
    codes = {lg["code"] for lg in client.get("/api/v1/ledgers").json()}
    assert "disputes" in codes
