"""HTTP hardening: production settings pass `check --deploy`, pages and API answers are not
cached, logout clears the site's data, error answers are Chinese (pages in the layout with the
reason and a way back; JSON with `detail` on the API)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.test import Client
from django.urls import reverse

from fazhi.ledger.tests.factories import make_dispute

ROOT = Path(__file__).resolve().parents[2]


def test_it_passes_the_deployment_check_with_production_settings(tmp_path):
    env = {
        **os.environ,
        "FAZHI_PRODUCTION": "1",
        "FAZHI_SECRET_KEY": "p" * 20 + "-production-secret-key-with-enough-entropy-0123456789",
        "FAZHI_FIELD_KEY": Fernet.generate_key().decode(),
        "FAZHI_VAR_DIR": str(tmp_path),
    }
    env.pop("FAZHI_DEMO", None)
    env.pop("FAZHI_DEBUG", None)
    done = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "no issues" in done.stdout


@pytest.mark.django_db
def test_it_forbids_caching_pages_and_api_answers(client, world):
    dispute = make_dispute(world)
    client.force_login(world.clerk_a)
    for url in [
        reverse("ledger:detail", args=["disputes", dispute.pk]),
        f"/api/v1/ledgers/disputes/{dispute.pk}",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "no-store" in response["Cache-Control"], url
        assert "script-src 'self'" in response["Content-Security-Policy"]


@pytest.mark.django_db
def test_it_clears_the_site_data_on_logout(client, world):
    client.force_login(world.clerk_a)
    response = client.post(reverse("logout"))
    assert response["Clear-Site-Data"] == '"cache", "cookies", "storage"'
    assert "Clear-Site-Data" not in client.get(reverse("login")).headers


@pytest.mark.django_db
def test_it_explains_a_missing_record_in_chinese_in_the_layout(client, world):
    client.force_login(world.clerk_a)
    response = client.get(
        reverse("ledger:detail", args=["disputes", 999999]), HTTP_REFERER="http://testserver/l/disputes/"
    )
    page = response.content.decode()
    assert response.status_code == 404
    assert "页面不存在" in page and "记录不存在或无权查看" in page
    assert 'href="http://testserver/l/disputes/"' in page and "回到首页" in page
    assert "bg-fazhi" in page  # the site's navigation bar


@pytest.mark.django_db
def test_it_explains_a_refusal_in_chinese(client, world):
    dispute = make_dispute(world)
    client.force_login(world.clerk_a)
    response = client.post(reverse("ledger:reveal", args=["disputes", dispute.pk, "applicant_id_number"]))
    page = response.content.decode()
    assert response.status_code == 403
    assert "没有权限" in page and "您没有查看完整个人信息的权限" in page


@pytest.mark.django_db
def test_it_answers_a_django_english_404_with_the_chinese_default(client, world):
    client.force_login(world.clerk_a)
    page = client.get("/no/such/page/").content.decode()
    assert "您要找的页面或记录不存在" in page


@pytest.mark.django_db
def test_it_answers_a_server_error_in_chinese_without_the_details(world, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("boom: internal detail")

    monkeypatch.setattr("fazhi.ledger.todo.items", broken)
    client = Client(raise_request_exception=False)
    client.force_login(world.clerk_a)
    response = client.get(reverse("ledger:todo"))
    page = response.content.decode()
    assert response.status_code == 500
    assert "系统出错" in page and "请稍后重试" in page and "internal detail" not in page


@pytest.mark.django_db
def test_it_answers_api_errors_as_json_in_chinese(client, world):
    client.force_login(world.clerk_a)
    response = client.get("/api/v1/ledgers/disputes/999999")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["detail"] == "记录不存在或无权查看"
    response = client.get("/api/v1/no-such-route")
    assert response.status_code == 404 and "不存在" in response.json()["detail"]


@pytest.mark.django_db
def test_it_answers_a_stale_form_in_chinese(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.clerk_a)
    response = client.post(reverse("logout"))
    assert response.status_code == 403 and "页面已过期" in response.content.decode()
