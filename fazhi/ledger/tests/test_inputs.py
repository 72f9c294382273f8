"""No input answers 500: bodies that are not UTF-8 or nest too deep, years outside 1–9999, and
deleting a record that another record refers to."""

import pytest
from django.test import Client

from fazhi.ledger.tests.factories import make_dispute, make_mediator
from fazhi.mediation.models import Mediator

pytestmark = pytest.mark.django_db

BASE = "/api/v1/ledgers/disputes/"


@pytest.fixture
def api(client, world) -> Client:
    client.force_login(world.clerk_a)
    return client


def test_it_answers_400_in_chinese_to_a_body_that_is_not_utf8(api, world):
    gbk = '{"applicant": "王五"}'.encode("gbk")
    created = api.post(BASE, gbk, content_type="application/json")
    assert created.status_code == 400
    assert created.json()["detail"] == "请求体不是UTF-8编码的文本"
    obj = make_dispute(world)
    patched = api.patch(f"{BASE}{obj.pk}", b"\xff\xfe\x00", content_type="application/json")
    assert patched.status_code == 400 and "UTF-8" in patched.json()["detail"]
    token = Client().post("/api/v1/auth/token", b"\x80\x81", content_type="application/json")
    assert token.status_code == 400 and token.json()["detail"] == "请求体不是UTF-8编码的文本"


def test_it_answers_400_to_json_nested_too_deep(api, world):
    deep = "[" * 100_000 + "]" * 100_000
    response = api.post(BASE, deep, content_type="application/json")
    assert response.status_code == 400
    assert "嵌套过深" in response.json()["detail"]
    token = Client().post(
        "/api/v1/auth/token", '{"a":' * 5000 + "1" + "}" * 5000, content_type="application/json"
    )
    assert token.status_code == 400 and "嵌套过深" in token.json()["detail"]


def test_it_answers_400_to_json_that_is_not_standard(api):
    for body in ("NaN", '{"applicant": Infinity}', "9" * 5000, "{"):
        response = api.post(BASE, body, content_type="application/json")
        assert response.status_code == 400, body
        assert "请求体" in response.json()["detail"]


@pytest.mark.parametrize("year", ["0", "10000", "65536", "-1", "abc", "2025.5"])
def test_it_refuses_a_year_outside_1_to_9999_on_list_api_and_export(api, world, year):
    make_dispute(world)
    page = api.get(f"/l/disputes/?year={year}")
    assert page.status_code == 400
    assert "年度须为1至9999之间的整数" in page.content.decode()
    answer = api.get(f"{BASE}?year={year}")
    assert answer.status_code == 400 and "年度须为1至9999之间的整数" in answer.json()["detail"]
    export = api.get(f"/l/disputes/export.xlsx?year={year}", follow=True)
    assert export.status_code == 400 and "年度须为1至9999之间的整数" in export.content.decode()


def test_it_still_accepts_the_years_at_the_edges(api, world):
    make_dispute(world)
    for year in ("1", "9999", "all"):
        assert api.get(f"{BASE}?year={year}").status_code == 200
        assert api.get(f"/l/disputes/?year={year}").status_code == 200


def test_it_answers_409_naming_the_records_that_refer_to_a_deleted_one(api, world):
    mediator = make_mediator(world)
    dispute = make_dispute(world, mediator=mediator, applicant="赵六")
    response = api.delete(f"/api/v1/ledgers/mediators/{mediator.pk}?reason=重复录入")
    assert response.status_code == 409
    detail = response.json()["detail"]
    assert "不能删除" in detail and f"#{dispute.pk}" in detail and "矛盾纠纷" in detail
    assert Mediator.objects.filter(pk=mediator.pk).exists()


def test_it_explains_on_the_page_why_a_referenced_record_cannot_be_deleted(api, world):
    mediator = make_mediator(world)
    dispute = make_dispute(world, mediator=mediator)
    response = api.post(f"/l/mediators/{mediator.pk}/delete/", {"reason": "重复录入"})
    assert response.status_code == 409
    text = response.content.decode()
    assert "不能删除" in text and f"#{dispute.pk}" in text
    assert Mediator.objects.filter(pk=mediator.pk).exists()


def test_it_answers_422_not_500_to_a_record_that_breaks_a_township_constraint(api, world):
    body = {"year": 2025, "title": "2025年度重大行政决策事项目录"}
    url = "/api/v1/ledgers/decision-catalogues/"
    assert api.post(url, body, content_type="application/json").status_code == 201
    again = api.post(url, body, content_type="application/json")
    assert again.status_code == 422
    assert "重大行政决策事项目录 已经存在" in str(again.json()["errors"])
    page = api.post("/l/decision-catalogues/new/", {**body, "items": 0})
    assert page.status_code == 200 and "已经存在" in page.content.decode()
