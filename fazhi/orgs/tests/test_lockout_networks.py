"""Login lockout per username and address with a wider per-username limit, the security
administrator's unlock page, administrator networks and explicit trusted-proxy handling."""

from datetime import timedelta
from ipaddress import ip_network

import pytest
from django.utils import timezone

from fazhi.conftest import PASSWORD
from fazhi.lib.maintenance import STEPS
from fazhi.orgs.models import ApiToken, AuditLog, SecuritySettings, User
from fazhi.orgs.network import client_address

pytestmark = pytest.mark.django_db

OUTSIDE = "203.0.113.5"


def login(client, username, password, address="127.0.0.1", **extra):
    return client.post(
        "/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=address, **extra
    )


def fail(client, username, times, address):
    for _ in range(times):
        login(client, username, "wrong-password", address)


def test_it_does_not_lock_the_administrator_out_because_of_failures_from_another_address(client, world):
    limit = SecuritySettings.current().lockout_failures
    fail(client, "secadmin", limit, "10.9.9.9")
    assert login(client, "secadmin", PASSWORD, "10.9.9.9").status_code == 429
    assert login(client, "secadmin", PASSWORD, "127.0.0.1").status_code == 302
    rows = AuditLog.objects.filter(action=AuditLog.Action.LOCKOUT, target="secadmin")
    assert rows.count() == 1 and "10.9.9.9" in rows.get().detail and rows.get().ip == "10.9.9.9"


def test_it_locks_a_username_everywhere_after_the_wider_limit(client, world):
    SecuritySettings.objects.create(lockout_failures=5, lockout_failures_username=8)
    for n in range(4):
        fail(client, "clerk_a", 2, f"10.0.0.{n + 10}")
    response = login(client, "clerk_a", PASSWORD, "10.0.0.99")
    assert response.status_code == 429
    assert "暂时锁定" in response.content.decode()


def test_it_lets_the_security_administrator_see_and_unlock_a_locked_clerk(client, world):
    fail(client, "clerk_a", SecuritySettings.current().lockout_failures, "127.0.0.1")
    assert login(client, "clerk_a", PASSWORD).status_code == 429
    client.force_login(world.secadmin)
    page = client.get("/security/locked/").content.decode()
    assert "clerk_a" in page and "127.0.0.1" in page
    response = client.post("/security/locked/", {"username": "clerk_a"})
    assert response.status_code == 302
    assert "当前没有被锁定的账号" in client.get("/security/locked/").content.decode()
    row = AuditLog.objects.get(action=AuditLog.Action.UNLOCK)
    assert (row.username, row.target) == ("secadmin", "clerk_a")
    client.logout()
    assert login(client, "clerk_a", PASSWORD).status_code == 302


def test_it_refuses_the_unlock_page_to_everyone_but_the_security_administrator(client, world):
    for user in (world.clerk_a, world.sysadmin, world.auditadmin):
        client.force_login(user)
        assert client.post("/security/locked/", {"username": "clerk_b"}).status_code == 403
    assert not AuditLog.objects.filter(action=AuditLog.Action.UNLOCK).exists()


def test_it_answers_a_locked_api_client_in_json(client, world):
    fail(client, "clerk_a", SecuritySettings.current().lockout_failures, "127.0.0.1")
    response = client.post(
        "/api/v1/auth/token", {"username": "clerk_a", "password": PASSWORD}, content_type="application/json"
    )
    assert response.status_code == 429
    assert "锁定" in response.json()["detail"]


def test_it_refuses_admin_pages_and_administrator_logins_outside_the_admin_networks(client, world):
    client.force_login(world.sysadmin)
    response = client.get("/admin/", REMOTE_ADDR=OUTSIDE)
    assert response.status_code == 403 and "管理网段" in response.content.decode()
    client.logout()
    response = login(client, "secadmin", PASSWORD, OUTSIDE)
    assert response.status_code == 200 and "管理网段" in response.content.decode()
    assert "_auth_user_id" not in client.session
    token = client.post(
        "/api/v1/auth/token",
        {"username": "auditadmin", "password": PASSWORD},
        content_type="application/json",
        REMOTE_ADDR=OUTSIDE,
    )
    assert token.status_code == 403 and "管理网段" in token.json()["detail"]
    # Business users work from anywhere the site is reachable.
    assert login(client, "clerk_a", PASSWORD, OUTSIDE).status_code == 302
    assert client.get("/l/disputes/", REMOTE_ADDR=OUTSIDE).status_code == 200


def test_it_believes_x_forwarded_for_only_from_trusted_proxies(client, world, settings):
    client.force_login(world.sysadmin)
    # A forged header from an outside address changes nothing.
    response = client.get("/manage/users/", REMOTE_ADDR=OUTSIDE, HTTP_X_FORWARDED_FOR="127.0.0.1")
    assert response.status_code == 403
    settings.FAZHI_TRUSTED_PROXIES = [ip_network("10.0.0.1/32")]
    response = client.get("/manage/users/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=f"{OUTSIDE}")
    assert response.status_code == 403
    client.force_login(world.sysadmin)
    response = client.get(
        "/manage/users/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=f"{OUTSIDE}, 192.168.1.20"
    )
    assert response.status_code == 200


def test_it_reads_the_client_from_the_right_of_the_forwarded_chain():
    proxies = [ip_network("10.0.0.0/24")]
    assert client_address("10.0.0.1", "1.2.3.4, 5.6.7.8, 10.0.0.2", proxies) == "5.6.7.8"
    assert client_address("8.8.8.8", "1.2.3.4", proxies) == "8.8.8.8"
    assert client_address("10.0.0.1", "not-an-address", proxies) == "10.0.0.1"
    assert client_address("10.0.0.1", None, proxies) == "10.0.0.1"


def test_it_disables_accounts_unused_for_the_configured_days(world):
    long_ago = timezone.now() - timedelta(days=120)
    User.objects.filter(username__in=["clerk_a", "clerk_b", "leader_a"]).update(
        last_login=long_ago, date_joined=long_ago
    )
    User.objects.filter(username="reviewer_a").update(last_login=timezone.now() - timedelta(days=3))
    token, _ = ApiToken.objects.get_or_create(
        user=world.clerk_b,
        key_hash="x" * 64,
        defaults={"expires_at": timezone.now() + timedelta(days=1), "last_used_at": timezone.now()},
    )
    summary = STEPS["disable_idle_accounts"].run()
    assert "停用账号 2 个" in summary
    active = dict(User.objects.values_list("username", "is_active"))
    assert active["clerk_a"] is False and active["leader_a"] is False
    assert active["clerk_b"] and active["reviewer_a"]
    rows = AuditLog.objects.filter(action=AuditLog.Action.ACCOUNT_DISABLE)
    assert sorted(rows.values_list("target", flat=True)) == ["clerk_a", "leader_a"]
    assert all(r.username == "系统" and "90 天未使用" in r.detail for r in rows)
