"""Home pages per role: administrators see accounts, sign-ins, locks and audit events as their
role allows and never a ledger figure; the county's late counts are the to-do page's; an empty
to-do page says whether nothing is due or the role sees no ledger."""

import pytest
from axes.models import AccessAttempt
from django.utils import timezone

from fazhi.ledger.tests.test_tables import late_dispute
from fazhi.orgs.models import AuditLog, SecuritySettings

pytestmark = pytest.mark.django_db

LEDGER_WORDS = ["逾期事项", "尚未填报的月份", "已填报", "各乡镇", "甲镇：", "项指标", "待办"]


def home(client, user) -> str:
    client.force_login(user)
    response = client.get("/")
    assert response.status_code == 200
    assert [t.name for t in response.templates][0] == "home/admin.html"
    return response.content.decode()


def test_it_shows_the_system_administrator_accounts_and_sign_ins_but_no_ledger_figure(client, world):
    late_dispute(world)
    world.clerk_b.is_active = False
    world.clerk_b.save()
    page = home(client, world.sysadmin)
    assert 'id="home-accounts"' in page and 'id="home-sessions"' in page
    assert "已停用</span><strong>1</strong>" in page
    sessions = page[page.index('id="home-sessions"') : page.index('id="home-sessions"') + 2000]
    assert "（sysadmin，测试县）" in sessions  # the administrator's own session is in progress
    assert 'id="home-locked"' not in page and 'id="home-events"' not in page
    for word in LEDGER_WORDS:
        assert word not in page, word


def test_it_shows_the_security_administrator_the_locked_accounts(client, world):
    policy = SecuritySettings.current()
    AccessAttempt.objects.create(
        username="clerk_a",
        ip_address="10.0.0.9",
        user_agent="test",
        failures_since_start=policy.lockout_failures,
        attempt_time=timezone.now(),
    )
    page = home(client, world.secadmin)
    locked = page[page.index('id="home-locked"') :]
    assert "clerk_a（10.0.0.9）" in locked and "当前没有被锁定的账号" not in locked
    assert 'id="home-events"' not in page
    for word in LEDGER_WORDS:
        assert word not in page, word


def test_it_shows_the_audit_administrator_recent_events_only(client, world):
    AuditLog.objects.create(
        username="clerk_a", action=AuditLog.Action.EXPORT, target="矛盾纠纷", outcome="failure"
    )
    page = home(client, world.auditadmin)
    events = page[page.index('id="home-events"') :]
    assert "clerk_a" in events and "导出" in events and "近24小时失败 1 次" in events
    assert 'id="home-accounts"' not in page and 'id="home-locked"' not in page
    for word in LEDGER_WORDS:
        assert word not in page, word


def test_it_gives_the_county_the_to_do_pages_late_figures(client, world):
    late_dispute(world)
    late_dispute(world)
    late_dispute(world, org=world.town_b)
    client.force_login(world.county_user)
    home_page = client.get("/")
    todo_page = client.get("/l/todo/")
    assert {r.org.name: r.late for r in home_page.context["rows"]} == {"甲镇": 2, "乙乡": 1}
    assert sum(r.due for r in home_page.context["rows"]) == home_page.context["todo_total"]
    assert home_page.context["todo_late"] == todo_page.context["late"] == 3
    assert home_page.context["todo_total"] == todo_page.context["total"]


def test_it_tells_a_role_without_ledgers_why_the_to_do_list_is_empty(client, world):
    late_dispute(world)
    client.force_login(world.sysadmin)
    page = client.get("/l/todo/").content.decode()
    assert "您的角色不查看台账" in page
    assert "没有到期事项" not in page and "导出Excel" not in page and "已逾期" not in page
    page = client.get("/l/nil-returns/").content.decode()
    assert "您的角色不查看台账" in page and "未填报" not in page
    client.force_login(world.clerk_b)
    page = client.get("/l/todo/").content.decode()
    assert "没有到期事项" in page and "您的角色不查看台账" not in page


def test_it_keeps_the_township_home_and_says_when_months_are_complete(client, world):
    client.force_login(world.leader_a)
    response = client.get(f"/?year={timezone.localdate().year + 1}")
    assert [t.name for t in response.templates][0] == "home/township.html"
    assert "所有已结束的月份均已填报" in response.content.decode()
