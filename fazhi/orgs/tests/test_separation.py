"""三权分立 enforced by the system: the admin-page matrix as each administrator and a business
user, and the takeovers of issue 10 (password reset and log in as the victim, self-granted roles,
edited group permissions, one person holding all three administrator roles)."""

import html
import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied, ValidationError

from fazhi.conftest import PASSWORD, make_user
from fazhi.orgs import roles
from fazhi.orgs.models import ApiToken, AuditLog, User

pytestmark = pytest.mark.django_db


def group(code):
    return roles.group_for(code)


def pages(world):
    clerk, auditor_group = world.clerk_a.pk, group("auditadmin").pk
    return {
        "index": "/admin/",
        "users": "/admin/orgs/user/",
        "user_add": "/admin/orgs/user/add/",
        "user_change": f"/admin/orgs/user/{clerk}/change/",
        "user_password": f"/admin/orgs/user/{clerk}/password/",
        "groups": "/admin/auth/group/",
        "group_change": f"/admin/auth/group/{auditor_group}/change/",
        "group_add": "/admin/auth/group/add/",
        "orgunits": "/admin/orgs/orgunit/",
        "orgunit_add": "/admin/orgs/orgunit/add/",
        "departments": "/admin/orgs/department/",
        "security_settings": "/admin/orgs/securitysettings/",
        "audit_admin": "/admin/orgs/auditlog/",
        "axes_attempts": "/admin/axes/accessattempt/",
        "axes_failures": "/admin/axes/accessfailurelog/",
        "line_sources": "/admin/ledger/linesource/",
        "day_overrides": "/admin/workdays/dayoverride/",
        "locked_accounts": "/security/locked/",
        "all_tokens": "/security/tokens/",
        "audit_log": "/audit/",
        "login_log": "/audit/logins/",
        "my_tokens": "/accounts/tokens/",
        "ledger": "/l/disputes/",
        "sensitive_ledger": "/l/correction-persons/",
    }


# What each persona gets on each page: 200 shown, 403 refused, 302 sent to the admin's login
# (not staff). group_change is 200 for the security administrator: read-only.
ADMIN_SITE = {
    "sysadmin": {
        **dict.fromkeys(
            ["index", "users", "user_add", "user_change", "orgunits", "orgunit_add", "departments"], 200
        ),
        **dict.fromkeys(["line_sources", "day_overrides", "my_tokens"], 200),
        **dict.fromkeys(["user_password", "groups", "group_change", "group_add", "security_settings"], 403),
        **dict.fromkeys(
            ["audit_admin", "axes_attempts", "axes_failures", "locked_accounts", "all_tokens"], 403
        ),
        **dict.fromkeys(["audit_log", "login_log", "ledger", "sensitive_ledger"], 403),
    },
    "secadmin": {
        **dict.fromkeys(
            ["index", "users", "user_change", "groups", "group_change", "security_settings"], 200
        ),
        **dict.fromkeys(["locked_accounts", "all_tokens", "my_tokens"], 200),
        **dict.fromkeys(
            ["user_add", "user_password", "group_add", "orgunits", "orgunit_add", "departments"], 403
        ),
        **dict.fromkeys(
            ["audit_admin", "axes_attempts", "axes_failures", "line_sources", "day_overrides"], 403
        ),
        **dict.fromkeys(["audit_log", "login_log", "ledger", "sensitive_ledger"], 403),
    },
    "auditadmin": {
        **dict.fromkeys(
            ["index", "audit_admin", "axes_attempts", "axes_failures", "audit_log", "login_log"], 200
        ),
        "my_tokens": 200,
        **dict.fromkeys(["users", "user_add", "user_change", "user_password", "groups", "group_change"], 403),
        **dict.fromkeys(["group_add", "orgunits", "orgunit_add", "departments", "security_settings"], 403),
        **dict.fromkeys(["line_sources", "day_overrides", "locked_accounts", "all_tokens"], 403),
        **dict.fromkeys(["ledger", "sensitive_ledger"], 403),
    },
    "clerk_a": {
        **dict.fromkeys(["locked_accounts", "all_tokens", "audit_log", "login_log", "sensitive_ledger"], 403),
        **dict.fromkeys(["ledger", "my_tokens"], 200),
    },
}


@pytest.mark.parametrize("persona", list(ADMIN_SITE))
def test_it_shows_each_administrator_only_its_own_admin_pages(client, world, persona):
    user = getattr(world, persona)
    client.force_login(user)
    expected = ADMIN_SITE[persona]
    wrong = []
    for name, url in pages(world).items():
        want = expected.get(name, 302 if url.startswith("/admin/") else None)
        got = client.get(url).status_code
        if got != want:
            wrong.append(f"{name} {url}: {got}, expected {want}")
    assert wrong == []


def admin_action(client, action, *users):
    return client.post(
        "/admin/orgs/user/",
        {"action": action, "_selected_action": [u.pk for u in users], "index": "0"},
    )


def shown_password(response) -> str:
    return html.unescape(
        re.search(r'class="one-time-password">([^<]+)</code>', response.content.decode()).group(1)
    )


def test_it_forces_a_reviewer_whose_password_the_admin_reset_to_choose_a_new_one(client, world):
    client.force_login(world.sysadmin)
    # The admin's own password form is closed: an administrator never sets a password a user keeps.
    response = client.post(
        f"/admin/orgs/user/{world.reviewer_a.pk}/password/",
        {"password1": "Admin-Chosen-99!", "password2": "Admin-Chosen-99!"},
    )
    assert response.status_code == 403
    ApiToken.issue(world.reviewer_a, 7)
    response = admin_action(client, "issue_one_time_passwords", world.reviewer_a)
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    password = shown_password(response)
    assert "只显示这一次" in response.content.decode()
    row = AuditLog.objects.get(action=AuditLog.Action.ONE_TIME_PASSWORD)
    assert (row.username, row.target) == ("sysadmin", "reviewer_a")
    assert not ApiToken.objects.filter(user=world.reviewer_a).active().exists()
    client.logout()
    response = client.post("/accounts/login/", {"username": "reviewer_a", "password": password})
    assert response.status_code == 302
    response = client.get("/l/correction-persons/")
    assert response.status_code == 302 and response["Location"] == "/accounts/password/"
    token = client.post(
        "/api/v1/auth/token",
        {"username": "reviewer_a", "password": password},
        content_type="application/json",
    )
    assert token.status_code == 403 and "修改密码" in token.json()["detail"]


def test_it_refuses_the_security_administrator_its_own_roles(client, world):
    client.force_login(world.secadmin)
    url = f"/admin/orgs/user/{world.secadmin.pk}/change/"
    response = client.post(url, {"groups": [group("county").pk, group("reviewer").pk]})
    assert response.status_code == 403
    assert world.secadmin.role_codes == {"secadmin"}
    # Behind the page, the model refuses too, whichever way the change comes.
    from simple_history.models import HistoricalRecords

    request = type("R", (), {"user": world.secadmin, "META": {}})()
    HistoricalRecords.context.request = request
    try:
        with pytest.raises(PermissionDenied, match="不能修改自己的角色"):
            world.secadmin.groups.add(group("county"))
    finally:
        del HistoricalRecords.context.request


def test_it_refuses_edits_to_the_permissions_of_the_auditor_role(client, world):
    client.force_login(world.secadmin)
    auditors = group("auditadmin")
    before = set(auditors.permissions.values_list("pk", flat=True))
    view_disputes = Permission.objects.get(codename="view_dispute")
    response = client.post(
        f"/admin/auth/group/{auditors.pk}/change/",
        {"name": auditors.name, "permissions": [*before, view_disputes.pk]},
    )
    assert response.status_code == 403
    assert set(auditors.permissions.values_list("pk", flat=True)) == before
    assert "auth.change_group" not in world.secadmin.get_all_permissions()


def test_it_refuses_all_three_administrator_roles_to_one_person(client, world):
    newcomer = make_user("newcomer", world.county, "county")
    newcomer.groups.clear()
    client.force_login(world.secadmin)
    url = f"/admin/orgs/user/{newcomer.pk}/change/"
    response = client.post(url, {"groups": [group(c).pk for c in ("sysadmin", "secadmin", "auditadmin")]})
    assert response.status_code == 200
    assert "系统管理员、安全管理员、审计管理员互斥" in response.content.decode()
    response = client.post(url, {"groups": [group("secadmin").pk, group("reviewer").pk]})
    assert "不能同时担任业务角色" in response.content.decode()
    assert newcomer.role_codes == set()
    with pytest.raises(ValidationError):
        newcomer.groups.add(group("sysadmin"), group("auditadmin"))


def test_it_lets_the_security_administrator_assign_catalogue_roles_to_others(client, world):
    newcomer = make_user("newcomer", world.county, "county")
    newcomer.groups.clear()
    homemade = Group.objects.create(name="自建角色")
    client.force_login(world.secadmin)
    url = f"/admin/orgs/user/{newcomer.pk}/change/"
    response = client.post(url, {"groups": [homemade.pk]})
    assert response.status_code == 200 and not newcomer.groups.exists()
    response = client.post(url, {"groups": [group("auditadmin").pk]})
    assert response.status_code == 302
    newcomer.refresh_from_db()
    assert newcomer.role_codes == {"auditadmin"} and newcomer.is_staff
    row = AuditLog.objects.filter(action=AuditLog.Action.ROLE_CHANGE, target="newcomer").latest("at")
    assert row.username == "secadmin" and "审计管理员" in row.detail


def test_it_lets_the_system_administrator_create_disable_and_re_enable_accounts(client, world):
    client.force_login(world.sysadmin)
    response = client.post(
        "/admin/orgs/user/add/",
        {"username": "clerk_new", "full_name": "新同事", "title": "", "org": world.town_a.pk, "email": ""},
    )
    assert response.status_code == 200
    password = shown_password(response)
    created = User.objects.get(username="clerk_new")
    assert created.must_change_password and created.check_password(password)
    assert AuditLog.objects.filter(action=AuditLog.Action.ACCOUNT_CREATE, target="clerk_new").exists()
    # The change form cannot flip the account state or the forced change; only the audited actions can.
    response = client.post(
        f"/admin/orgs/user/{created.pk}/change/",
        {"full_name": "新同事", "title": "党政办", "org": world.town_a.pk, "email": ""},
    )
    assert response.status_code == 302
    created.refresh_from_db()
    assert created.title == "党政办" and created.is_active and created.must_change_password
    ApiToken.issue(world.clerk_a, 7)
    admin_action(client, "disable_accounts", world.clerk_a)
    world.clerk_a.refresh_from_db()
    assert not world.clerk_a.is_active
    assert not ApiToken.objects.filter(user=world.clerk_a).active().exists()
    assert AuditLog.objects.filter(action=AuditLog.Action.ACCOUNT_DISABLE, target="clerk_a").exists()
    response = admin_action(client, "enable_accounts", world.clerk_a)
    password = shown_password(response)
    world.clerk_a.refresh_from_db()
    assert world.clerk_a.is_active and world.clerk_a.must_change_password
    assert world.clerk_a.check_password(password) and not world.clerk_a.check_password(PASSWORD)
    assert AuditLog.objects.filter(action=AuditLog.Action.ACCOUNT_ENABLE, target="clerk_a").exists()
    response = admin_action(client, "disable_accounts", world.sysadmin)
    world.sysadmin.refresh_from_db()
    assert world.sysadmin.is_active
