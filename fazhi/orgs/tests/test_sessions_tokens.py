"""Sessions and API tokens: absolute lifetime and idle timeout for pages, htmx and the API alike;
background polling does not keep a session alive; tokens expire and are revoked by logout, a
password change, a disabled account, the user and the security administrator."""

import time
from datetime import timedelta

import pytest
from django.utils import timezone

from fazhi.conftest import PASSWORD
from fazhi.orgs.models import ApiToken, AuditLog, SecuritySettings

pytestmark = pytest.mark.django_db


def get_token(client, username="clerk_a", password=PASSWORD):
    response = client.post(
        "/api/v1/auth/token", {"username": username, "password": password}, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    return response.json()


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


def age_session(client, *, idle_minutes=0, logged_in_hours=0):
    session = client.session
    now = time.time()
    session["last_seen"] = now - idle_minutes * 60
    session["login_at"] = now - logged_in_hours * 3600 - idle_minutes * 60
    session.save()


def test_it_answers_a_token_with_its_expiry_a_week_ahead(client, world):
    answer = get_token(client)
    assert set(answer) == {"token", "expires_at"}
    token = ApiToken.objects.get(user=world.clerk_a)
    assert token.expires_at.isoformat() == answer["expires_at"]
    assert round((token.expires_at - token.created_at).total_seconds() / 86400) == 7
    assert token.key_hash != answer["token"] and answer["token"] not in token.key_hash
    assert token.created_ip == "127.0.0.1"


def test_it_refuses_a_token_after_logout(client, world):
    raw = get_token(client)["token"]
    assert client.get("/api/v1/orgs", headers=bearer(raw)).status_code == 200
    response = client.post("/api/v1/auth/logout", headers=bearer(raw))
    assert response.status_code == 204
    response = client.get("/api/v1/orgs", headers=bearer(raw))
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    assert "令牌无效、已过期、已撤销" in response.json()["detail"]
    assert client.post("/api/v1/auth/logout", headers=bearer(raw)).status_code == 401
    assert AuditLog.objects.filter(action=AuditLog.Action.TOKEN_REVOKE, username="clerk_a").count() == 1


def test_it_refuses_an_expired_token(client, world):
    raw = get_token(client)["token"]
    ApiToken.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    assert client.get("/api/v1/orgs", headers=bearer(raw)).status_code == 401


def test_it_revokes_every_token_when_the_password_changes(client, world):
    first, second = get_token(client)["token"], get_token(client)["token"]
    client.force_login(world.clerk_a)
    new = "Another-Passw0rd!"
    response = client.post(
        "/accounts/password/", {"old_password": PASSWORD, "new_password1": new, "new_password2": new}
    )
    assert response.status_code == 302
    client.logout()
    for raw in (first, second):
        assert client.get("/api/v1/orgs", headers=bearer(raw)).status_code == 401
    assert {t.status for t in ApiToken.objects.all()} == {"已撤销（密码已修改）"}


def test_it_refuses_the_token_of_a_disabled_account(client, world):
    raw = get_token(client)["token"]
    world.clerk_a.is_active = False
    world.clerk_a.save()
    assert client.get("/api/v1/orgs", headers=bearer(raw)).status_code == 401
    assert not ApiToken.objects.active().exists()


def test_it_answers_an_unauthenticated_api_call_in_chinese_json(client, world):
    response = client.get("/api/v1/ledgers/disputes/")
    assert response.status_code == 401 and "令牌" in response.json()["detail"]


def test_it_ends_an_idle_session_for_the_api_too(client, world):
    client.force_login(world.clerk_a)
    assert client.get("/api/v1/ledgers/disputes/").status_code == 200
    age_session(client, idle_minutes=180)
    response = client.get("/api/v1/ledgers/disputes/")
    assert response.status_code == 401 and "长时间未操作" in response.json()["detail"]
    assert client.get("/api/v1/ledgers/disputes/").status_code == 401


def test_it_ends_a_session_after_its_absolute_lifetime_however_active(client, world):
    client.force_login(world.clerk_a)
    hours = SecuritySettings.current().session_max_hours
    age_session(client, logged_in_hours=hours + 1)
    response = client.get("/l/disputes/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert "登录已超过最长时间" in client.get(response["Location"]).content.decode()


def test_it_sends_an_idle_htmx_request_to_the_login_page(client, world):
    client.force_login(world.clerk_a)
    age_session(client, idle_minutes=SecuritySettings.current().idle_timeout_minutes + 1)
    response = client.get("/l/disputes/", headers={"HX-Request": "true"})
    assert response.status_code == 204 and response["HX-Redirect"].startswith("/accounts/login/")


def test_it_does_not_let_the_job_progress_poll_keep_a_session_alive(client, world):
    client.force_login(world.clerk_a)
    idle = SecuritySettings.current().idle_timeout_minutes
    age_session(client, idle_minutes=idle - 5)
    before = client.session["last_seen"]
    client.get("/tasks/999999/", headers={"HX-Request": "true"})
    assert client.session["last_seen"] == before
    client.get("/l/disputes/")
    assert client.session["last_seen"] > before


def test_it_lets_a_user_see_and_revoke_own_tokens(client, world):
    raw = get_token(client)["token"]
    client.get("/api/v1/orgs", headers=bearer(raw))
    client.force_login(world.clerk_a)
    page = client.get("/accounts/tokens/").content.decode()
    token = ApiToken.objects.get()
    assert f"#{token.pk}" in page and "127.0.0.1" in page and "有效" in page
    assert token.last_used_at is not None
    response = client.post(f"/accounts/tokens/{token.pk}/revoke/")
    assert response.status_code == 302
    assert "已撤销（本人撤销）" in client.get("/accounts/tokens/").content.decode()
    client.logout()
    assert client.get("/api/v1/orgs", headers=bearer(raw)).status_code == 401


def test_it_lets_the_security_administrator_revoke_anyones_token_and_no_one_else(client, world):
    raw = get_token(client)["token"]
    token = ApiToken.objects.get()
    client.force_login(world.clerk_b)
    assert client.post(f"/accounts/tokens/{token.pk}/revoke/").status_code == 404
    assert ApiToken.objects.active().count() == 1
    client.force_login(world.secadmin)
    assert "clerk_a" in client.get("/security/tokens/").content.decode()
    client.post(f"/accounts/tokens/{token.pk}/revoke/")
    client.logout()
    assert client.get("/api/v1/orgs", headers=bearer(raw)).status_code == 401
    row = AuditLog.objects.get(action=AuditLog.Action.TOKEN_REVOKE)
    assert (row.username, row.target) == ("secadmin", "clerk_a")
