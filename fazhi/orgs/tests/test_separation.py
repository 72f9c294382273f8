"""三权分立 enforced by the system: the administration-page matrix as each administrator and a
business user, and the takeovers of issue 10 (password reset and log in as the victim, self-granted
roles, edited group permissions, one person holding all three administrator roles). The Django
admin is closed to everyone but superusers; the pages are our own (/manage/)."""

import html
import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from fazhi.conftest import PASSWORD, make_user
from fazhi.orgs import roles
from fazhi.orgs.models import ApiToken, AuditLog, User

pytestmark = pytest.mark.django_db


def group(code):
    return roles.group_for(code)


def pages(world):
    clerk, auditor_group = world.clerk_a.pk, group("auditadmin").pk
    return {
        "admin_index": "/admin/",
        "admin_users": "/admin/orgs/user/",
        "admin_user_password": f"/admin/orgs/user/{clerk}/password/",
        "admin_group_change": f"/admin/auth/group/{auditor_group}/change/",
        "admin_security_settings": "/admin/orgs/securitysettings/",
        "org_tree": "/manage/orgs/",
        "users": "/manage/users/",
        "user_add": "/manage/users/new/",
        "user_change": f"/manage/users/{clerk}/",
        "roles": "/manage/roles/",
        "role_catalogue": "/manage/roles/catalogue/",
        "security_settings": "/manage/security/",
        "line_sources": "/manage/lines/",
        "periods": "/manage/periods/",
        "day_overrides": "/manage/holidays/",
        "maintenance": "/manage/maintenance/",
        "locked_accounts": "/security/locked/",
        "all_tokens": "/security/tokens/",
        "second_factor": "/security/second-factor/",
        "audit_log": "/audit/",
        "login_log": "/audit/logins/",
        "my_tokens": "/accounts/tokens/",
        "ledger": "/l/disputes/",
        "sensitive_ledger": "/l/correction-persons/",
    }


SYSTEM = [
    "org_tree",
    "users",
    "user_add",
    "user_change",
    "line_sources",
    "periods",
    "day_overrides",
    "maintenance",
]
SECURITY = ["roles", "role_catalogue", "security_settings", "locked_accounts", "all_tokens", "second_factor"]
AUDIT = ["audit_log", "login_log"]
BUSINESS = ["ledger", "sensitive_ledger"]
# What each persona may open (200); every other page is refused (403), and the Django admin sends
# everyone but a superuser to its login (302).
ALLOWED = {
    "sysadmin": [*SYSTEM, "my_tokens"],
    "secadmin": [*SECURITY, "my_tokens"],
    "auditadmin": [*AUDIT, "my_tokens"],
    "clerk_a": ["ledger", "my_tokens"],
    "reviewer_a": ["ledger", "sensitive_ledger", "my_tokens"],
}


@pytest.mark.parametrize("persona", list(ALLOWED))
def test_it_shows_each_administrator_only_its_own_admin_pages(client, world, persona):
    client.force_login(getattr(world, persona))
    session = client.session
    session["sudo_until"] = timezone.now().timestamp() + 600  # a sensitive list would ask otherwise
    session.save()
    wrong = []
    for name, url in pages(world).items():
        want = 302 if name.startswith("admin_") else 200 if name in ALLOWED[persona] else 403
        got = client.get(url).status_code
        if got != want:
            wrong.append(f"{name} {url}: {got}, expected {want}")
    assert wrong == []


def shown_password(response) -> str:
    return html.unescape(
        re.search(r'class="one-time-password[^"]*">([^<]+)</code>', response.content.decode()).group(1)
    )


def test_it_forces_a_reviewer_whose_password_the_admin_reset_to_choose_a_new_one(client, world):
    client.force_login(world.sysadmin)
    # No page lets an administrator set a password a user keeps.
    response = client.post(
        f"/admin/orgs/user/{world.reviewer_a.pk}/password/",
        {"password1": "Admin-Chosen-99!", "password2": "Admin-Chosen-99!"},
    )
    assert response.status_code == 302 and world.reviewer_a.check_password(PASSWORD)
    ApiToken.issue(world.reviewer_a, 7)
    response = client.post(f"/manage/users/{world.reviewer_a.pk}/one-time-password/")
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


def with_sudo(client, user):
    client.force_login(user)
    session = client.session
    session["sudo_until"] = timezone.now().timestamp() + 600
    session.save()


def test_it_refuses_the_security_administrator_its_own_roles(client, world):
    with_sudo(client, world.secadmin)
    response = client.post(f"/manage/roles/{world.secadmin.pk}/", {"roles": ["county", "reviewer"]})
    assert response.status_code == 403 and "不能修改自己的角色" in response.content.decode()
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
    assert response.status_code == 302
    assert set(auditors.permissions.values_list("pk", flat=True)) == before
    assert "auth.change_group" not in world.secadmin.get_all_permissions()
    # The catalogue page shows the permissions and offers nothing to change them with.
    page = client.get("/manage/roles/catalogue/").content.decode()
    assert "查看审计与登录日志" in page and "<form" not in page.split("<main")[1]


def test_it_refuses_all_three_administrator_roles_to_one_person(client, world):
    newcomer = make_user("newcomer", world.county, "county")
    newcomer.groups.clear()
    with_sudo(client, world.secadmin)
    url = f"/manage/roles/{newcomer.pk}/"
    response = client.post(url, {"roles": ["sysadmin", "secadmin", "auditadmin"]})
    assert response.status_code == 400
    assert "系统管理员、安全管理员、审计管理员互斥" in response.content.decode()
    response = client.post(url, {"roles": ["secadmin", "reviewer"]})
    assert "不能同时担任业务角色" in response.content.decode()
    assert newcomer.role_codes == set()
    with pytest.raises(ValidationError):
        newcomer.groups.add(group("sysadmin"), group("auditadmin"))


def test_it_lets_the_security_administrator_assign_catalogue_roles_to_others(client, world):
    newcomer = make_user("newcomer", world.county, "county")
    newcomer.groups.clear()
    homemade = Group.objects.create(name="自建角色")
    with_sudo(client, world.secadmin)
    url = f"/manage/roles/{newcomer.pk}/"
    response = client.post(url, {"roles": [homemade.name]})
    assert response.status_code == 200 and not newcomer.groups.exists()
    response = client.post(url, {"roles": ["auditadmin"]})
    assert response.status_code == 302
    newcomer.refresh_from_db()
    assert newcomer.role_codes == {"auditadmin"}
    row = AuditLog.objects.filter(action=AuditLog.Action.ROLE_CHANGE, target="newcomer").latest("at")
    assert row.username == "secadmin" and "审计管理员" in row.detail


def test_it_lets_the_system_administrator_create_disable_and_re_enable_accounts(client, world):
    client.force_login(world.sysadmin)
    response = client.post(
        "/manage/users/new/",
        {"username": "clerk_new", "full_name": "新同事", "title": "", "org": world.town_a.pk, "email": ""},
    )
    assert response.status_code == 200
    password = shown_password(response)
    created = User.objects.get(username="clerk_new")
    assert created.must_change_password and created.check_password(password)
    assert AuditLog.objects.filter(action=AuditLog.Action.ACCOUNT_CREATE, target="clerk_new").exists()
    # The edit form cannot flip the account state or the forced change; only the audited actions can.
    response = client.post(
        f"/manage/users/{created.pk}/",
        {"full_name": "新同事", "title": "党政办", "org": world.town_a.pk, "email": "", "is_active": ""},
    )
    assert response.status_code == 302
    created.refresh_from_db()
    assert created.title == "党政办" and created.is_active and created.must_change_password
    ApiToken.issue(world.clerk_a, 7)
    client.post(f"/manage/users/{world.clerk_a.pk}/state/", {"active": "0"})
    world.clerk_a.refresh_from_db()
    assert not world.clerk_a.is_active
    assert not ApiToken.objects.filter(user=world.clerk_a).active().exists()
    assert AuditLog.objects.filter(action=AuditLog.Action.ACCOUNT_DISABLE, target="clerk_a").exists()
    response = client.post(f"/manage/users/{world.clerk_a.pk}/state/", {"active": "1"})
    password = shown_password(response)
    world.clerk_a.refresh_from_db()
    assert world.clerk_a.is_active and world.clerk_a.must_change_password
    assert world.clerk_a.check_password(password) and not world.clerk_a.check_password(PASSWORD)
    assert AuditLog.objects.filter(action=AuditLog.Action.ACCOUNT_ENABLE, target="clerk_a").exists()
    assert client.post(f"/manage/users/{world.sysadmin.pk}/state/", {"active": "0"}).status_code == 403
    world.sysadmin.refresh_from_db()
    assert world.sysadmin.is_active
