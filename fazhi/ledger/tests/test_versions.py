"""Concurrent edits: an edit page or a PATCH based on an older version is refused, never silently
overwrites a change made meanwhile. Runs on SQLite and (scripts/testpg.py) PostgreSQL."""

import pytest
from django.test import Client

from fazhi.ledger.tests.factories import make_dispute
from fazhi.mediation.models import Dispute

pytestmark = pytest.mark.django_db

BASE = "/api/v1/ledgers/disputes/"


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def edit_form(client, obj) -> dict:
    """What the edit page holds when it is opened, as the browser would post it back."""
    form = client.get(f"/l/disputes/{obj.pk}/edit/").context["form"]
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None or value is False:
            continue
        data[name] = "on" if value is True else value
    data["version"] = client.get(f"/l/disputes/{obj.pk}/edit/").context["version"]
    return data


def test_it_counts_versions_on_every_save(world):
    obj = make_dispute(world)
    assert obj.version == 1
    client = logged_in(world.clerk_a)
    assert (
        client.patch(
            f"{BASE}{obj.pk}", {"summary": "改一次", "version": 1}, content_type="application/json"
        ).json()["version"]
        == 2
    )
    obj.refresh_from_db()
    assert obj.version == 2


def test_it_refuses_a_stale_edit_page_and_shows_what_changed(world):
    obj = make_dispute(world, summary="原来的情况")
    clerk, reviewer = logged_in(world.clerk_a), logged_in(world.reviewer_a)
    stale = edit_form(clerk, obj)
    # Meanwhile the reviewer changes the record through the API.
    changed = reviewer.patch(
        f"{BASE}{obj.pk}",
        {"summary": "审核员补充的情况"},
        content_type="application/json",
        HTTP_IF_MATCH='"1"',
    )
    assert changed.status_code == 200
    stale["applicant"] = "填报员改的名字"
    response = clerk.post(f"/l/disputes/{obj.pk}/edit/", stale)
    assert response.status_code == 409
    text = response.content.decode()
    assert "该记录已被他人修改" in text
    assert "纠纷简要情况" in text and "原来的情况" in text and "审核员补充的情况" in text
    assert "reviewer_a" in text
    obj.refresh_from_db()
    assert (obj.summary, obj.applicant) == ("审核员补充的情况", "张三")
    # The page now carries the current version: saving again is a deliberate choice.
    again = clerk.post(f"/l/disputes/{obj.pk}/edit/", {**stale, "version": response.context["version"]})
    assert again.status_code == 302
    obj.refresh_from_db()
    assert obj.applicant == "填报员改的名字" and obj.version == 3


def test_it_saves_an_edit_page_nobody_else_touched(world):
    obj = make_dispute(world)
    clerk = logged_in(world.clerk_a)
    data = {**edit_form(clerk, obj), "summary": "改后的情况"}
    assert clerk.post(f"/l/disputes/{obj.pk}/edit/", data).status_code == 302
    obj.refresh_from_db()
    assert obj.summary == "改后的情况" and obj.version == 2


def test_it_answers_409_to_a_patch_on_an_older_version(world):
    obj = make_dispute(world, summary="原来的情况")
    clerk, reviewer = logged_in(world.clerk_a), logged_in(world.reviewer_a)
    read = clerk.get(f"{BASE}{obj.pk}")
    etag = read["ETag"]
    assert etag == '"1"' and read.json()["version"] == 1
    assert (
        reviewer.patch(
            f"{BASE}{obj.pk}", {"summary": "审核员改的"}, content_type="application/json", HTTP_IF_MATCH=etag
        ).status_code
        == 200
    )
    late = clerk.patch(
        f"{BASE}{obj.pk}", {"applicant": "迟到的修改"}, content_type="application/json", HTTP_IF_MATCH=etag
    )
    assert late.status_code == 409
    body = late.json()
    assert body["detail"] == "该记录已被他人修改" and body["version"] == 2
    assert [(c["label"], c["old"], c["new"]) for c in body["changes"]] == [
        ("纠纷简要情况", "原来的情况", "审核员改的")
    ]
    by_field = clerk.patch(
        f"{BASE}{obj.pk}", {"applicant": "迟到的修改", "version": 1}, content_type="application/json"
    )
    assert by_field.status_code == 409
    obj.refresh_from_db()
    assert obj.applicant == "张三"
    fresh = clerk.patch(
        f"{BASE}{obj.pk}", {"applicant": "重读后修改", "version": 2}, content_type="application/json"
    )
    assert fresh.status_code == 200 and fresh.json()["version"] == 3


def test_it_answers_400_to_a_version_that_is_not_a_number(world):
    obj = make_dispute(world)
    clerk = logged_in(world.clerk_a)
    for bad in ("abc", True, [1], -1):
        response = clerk.patch(f"{BASE}{obj.pk}", {"version": bad}, content_type="application/json")
        assert response.status_code == 400, bad
        assert "版本号" in response.json()["detail"]


def test_it_raises_the_version_on_an_import_update(world, tmp_path):
    from fazhi.ledger import excel, registry

    obj = make_dispute(world)
    ledger = registry.get("disputes")
    path = tmp_path / "export.xlsx"
    with open(path, "wb") as out:
        excel.write_export(ledger, Dispute.objects.filter(pk=obj.pk), out, reveal=True)
    header, rows = excel.read_rows(path)
    summary = header.index(excel.header_label(ledger, "summary"))
    rows[0][summary] = "导入改的"
    result = excel.import_rows(ledger, world.town_a, world.clerk_a, header, rows, commit=True)
    assert result.committed and result.updates == 1
    obj.refresh_from_db()
    assert obj.summary == "导入改的" and obj.version == 2


def test_it_answers_428_to_a_patch_that_gives_no_version(world):
    obj = make_dispute(world, summary="原来的情况")
    clerk = logged_in(world.clerk_a)
    blind = clerk.patch(f"{BASE}{obj.pk}", {"summary": "不看版本的修改"}, content_type="application/json")
    assert blind.status_code == 428
    detail = blind.json()["detail"]
    assert "版本号" in detail and "If-Match" in detail and "version" in detail
    obj.refresh_from_db()
    assert obj.summary == "原来的情况" and obj.version == 1
    # The version from the record's ETag (or a weak one, as proxies rewrite it) is enough.
    etag = clerk.get(f"{BASE}{obj.pk}")["ETag"]
    ok = clerk.patch(
        f"{BASE}{obj.pk}",
        {"summary": "读取后修改"},
        content_type="application/json",
        HTTP_IF_MATCH=f"W/{etag}",
    )
    assert ok.status_code == 200 and ok.json()["version"] == 2


def test_the_schema_declares_the_precondition(client, world):
    client.force_login(world.clerk_a)
    spec = client.get("/api/v1/openapi.json").json()
    patch = spec["paths"]["/api/v1/ledgers/disputes/{pk}"]["patch"]
    assert {"409", "428"} <= set(patch["responses"])
    assert [p["name"] for p in patch["parameters"] if p["in"] == "header"] == ["If-Match"]
