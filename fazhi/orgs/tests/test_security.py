"""Security policy through the real pages: lockout, password rules, forced change, idle timeout,
the audit pages and the separation of the administrator roles."""

import time

import pytest
from django.core.exceptions import ValidationError

from fazhi.conftest import PASSWORD
from fazhi.orgs.models import AuditLog, SecuritySettings
from fazhi.orgs.security import PolicyPasswordValidator

pytestmark = pytest.mark.django_db


def login(client, username, password):
    return client.post("/accounts/login/", {"username": username, "password": password})


def test_it_logs_in_with_the_right_password(client, world):
    response = login(client, "clerk_a", PASSWORD)
    assert response.status_code == 302
    assert client.get("/").status_code == 200


def test_it_locks_an_account_after_repeated_failures(client, world):
    limit = SecuritySettings.current().lockout_failures
    for _ in range(limit - 1):
        response = login(client, "clerk_a", "wrong")
        assert response.status_code == 200
    response = login(client, "clerk_a", "wrong")
    assert response.status_code == 429
    response = login(client, "clerk_a", PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    # Another account is not affected by clerk_a's lock.
    assert login(client, "clerk_b", PASSWORD).status_code == 302


def test_it_also_refuses_api_tokens_to_a_locked_account(client, world):
    for _ in range(SecuritySettings.current().lockout_failures):
        login(client, "clerk_a", "wrong")
    response = client.post(
        "/api/v1/auth/token", {"username": "clerk_a", "password": PASSWORD}, content_type="application/json"
    )
    assert response.status_code in (401, 403, 429)
    assert "token" not in response.content.decode()


def test_it_enforces_the_password_policy_in_chinese(world):
    validator = PolicyPasswordValidator()
    with pytest.raises(ValidationError) as short:
        validator.validate("Ab1!")
    assert "密码长度至少 12 位" in short.value.messages
    with pytest.raises(ValidationError) as plain:
        validator.validate("abcdefghijkl")
    assert plain.value.messages == ["密码须包含大写字母、小写字母、数字、符号中至少 3 类"]
    validator.validate("Abcdefgh1234")
    with pytest.raises(ValidationError):
        validator.validate("Abcdefgh123")
    SecuritySettings.objects.create(password_min_length=14)
    with pytest.raises(ValidationError):
        validator.validate("Abcdefgh1234")


def test_it_sends_a_user_who_must_change_the_password_to_the_form(client, world):
    world.clerk_a.must_change_password = True
    world.clerk_a.save()
    client.force_login(world.clerk_a)
    response = client.get("/l/disputes/")
    assert response.status_code == 302 and response["Location"] == "/accounts/password/"
    response = client.post(
        "/accounts/password/", {"old_password": PASSWORD, "new_password1": "short", "new_password2": "short"}
    )
    assert "密码长度至少" in response.content.decode()
    new = "Neu-Passw0rt!"
    response = client.post(
        "/accounts/password/", {"old_password": PASSWORD, "new_password1": new, "new_password2": new}
    )
    assert response.status_code == 302
    assert client.get("/l/disputes/").status_code == 200
    assert AuditLog.objects.filter(action="password", username="clerk_a").exists()


def test_it_logs_out_after_the_idle_timeout(client, world):
    client.force_login(world.clerk_a)
    assert client.get("/").status_code == 200
    session = client.session
    session["last_seen"] = time.time() - (SecuritySettings.current().idle_timeout_minutes + 1) * 60
    session.save()
    response = client.get("/l/disputes/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    response = client.get(response["Location"])
    assert "长时间未操作，已自动退出" in response.content.decode()
    response = client.get("/l/disputes/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_it_keeps_an_active_session(client, world):
    client.force_login(world.clerk_a)
    session = client.session
    session["last_seen"] = time.time() - 5 * 60
    session.save()
    assert client.get("/l/disputes/").status_code == 200


def test_it_opens_the_audit_pages_to_the_audit_administrator_only(client, world):
    client.force_login(world.auditadmin)
    assert client.get("/audit/").status_code == 200
    assert client.get("/audit/logins/").status_code == 200
    assert client.get("/audit/logins/?kind=failure").status_code == 200
    for user in (world.clerk_a, world.county_user, world.sysadmin, world.secadmin):
        client.force_login(user)
        assert client.get("/audit/").status_code == 403
        assert client.get("/audit/logins/").status_code == 403


def test_it_lets_the_security_administrator_grant_roles_and_not_the_system_administrator(client, world):
    url = f"/manage/roles/{world.clerk_a.pk}/"
    client.force_login(world.sysadmin)
    assert client.get(url).status_code == 403
    response = client.get(f"/manage/users/{world.clerk_a.pk}/")
    assert response.status_code == 200
    fields = response.context["form"].fields
    assert "groups" not in fields and "full_name" in fields
    client.force_login(world.secadmin)
    assert client.get(f"/manage/users/{world.clerk_a.pk}/").status_code == 403
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith("/l/sudo/")
    client.force_login(world.clerk_a)
    assert client.get(url).status_code == 403
