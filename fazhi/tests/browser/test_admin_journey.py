"""Issue 14's whole journey in one browser session per person, at 1366×768: the system
administrator builds a village under a township, adds a local kind of dispute to the dictionary
and creates a township clerk with a one-time password; the clerk logs in, must change it, enters a
dispute of the new kind in the new village and submits the report draft; the 司法所 reviewer is
told by the bell and sees the report waiting for their check. (test_system_admin.py walks the org
tree and the re-issued password in detail; test_notifications.py the notification itself.)"""

import pytest

from fazhi.dicts.models import Entry
from fazhi.mediation.models import Dispute
from fazhi.orgs import roles
from fazhi.orgs.models import OrgUnit, User
from fazhi.reports import drafting, editing
from fazhi.reports.tests.conftest import YEAR, add_records
from fazhi.tests.browser.conftest import log_in

pytestmark = pytest.mark.browser
LAPTOP = {"viewport": {"width": 1366, "height": 768}}
# A loaded machine: drafting and report pages need more than the default ten seconds.
SLOW_MS = 60_000


def opened(open_page):
    page = open_page(**LAPTOP)
    page.set_default_timeout(SLOW_MS)
    page.on("dialog", lambda dialog: dialog.accept())  # the confirmations (data-confirm)
    return page


def menu(page, name):
    page.get_by_role("navigation", name="主菜单").get_by_role("link", name=name, exact=True).click()


def test_from_a_new_village_and_clerk_to_a_report_waiting_for_the_reviewer(open_page, world):
    admin = opened(open_page)
    log_in(admin, world.sysadmin)

    # The org tree: a village under the township.
    menu(admin, "组织架构")
    admin.get_by_role("link", name="甲镇", exact=True).click()
    admin.locator("#id_add-name").fill("青松村")
    admin.get_by_role("button", name="添加").click()
    assert admin.get_by_text("已在“甲镇”下添加“青松村”").is_visible()
    village = OrgUnit.objects.get(name="青松村", parent=world.town_a)

    # The dictionary: a kind of dispute this county counts apart.
    menu(admin, "数据字典")
    admin.get_by_role("link", name="纠纷类型").click()
    admin.get_by_placeholder("新选项名称").fill("彩礼纠纷")
    admin.get_by_role("button", name="新增").click()
    assert admin.get_by_text("已新增“彩礼纠纷”").is_visible()
    kind = Entry.objects.get(dictionary="mediation.dispute_kind", label="彩礼纠纷")

    # The account: a clerk of the township, with a one-time password shown once.
    menu(admin, "用户管理")
    admin.get_by_role("link", name="新建账号").click()
    admin.get_by_label("用户名").fill("qingsong")
    admin.get_by_label("姓名").fill("林小青")
    admin.get_by_label("所属单位").select_option(value=str(world.town_a.pk))
    admin.get_by_role("button", name="创建并签发一次性密码").click()
    password = admin.locator(".one-time-password").inner_text()
    clerk_user = User.objects.get(username="qingsong")
    assert clerk_user.must_change_password
    clerk_user.groups.add(roles.group_for("clerk"))  # the security administrator's part

    # The clerk: first login, new password, then the dispute of the new kind.
    clerk = opened(open_page)
    clerk.goto("/accounts/login/")
    clerk.get_by_label("用户名").fill("qingsong")
    clerk.get_by_label("密码").fill(password)
    clerk.get_by_role("button", name="登录").click()
    clerk.wait_for_url("**/accounts/password/")
    new = "Qingsong-Passw0rd!"
    clerk.get_by_label("旧密码").fill(password)
    clerk.get_by_label("新密码", exact=True).fill(new)
    clerk.get_by_label("新密码确认").fill(new)
    clerk.get_by_role("button", name="保存新密码").click()
    clerk.wait_for_url(lambda url: "/accounts/password/" not in url)

    clerk.goto("/l/disputes/new/")
    clerk.get_by_label("登记日期").fill(f"{YEAR}-05-20")
    clerk.get_by_label("纠纷类型").select_option(label="彩礼纠纷")
    clerk.get_by_label("发生村（社区）").select_option(label="青松村")
    clerk.get_by_label("申请人（当事人）").fill("陈春燕")
    clerk.get_by_label("纠纷简要情况").fill("订婚后退婚，双方就返还彩礼数额发生争议")
    clerk.get_by_role("button", name="保存", exact=True).click()
    clerk.wait_for_url(lambda url: "/new/" not in url)
    dispute = Dispute.objects.get(applicant="陈春燕")
    assert (dispute.kind, dispute.village, dispute.org) == (kind.code, village, world.town_a)
    assert dispute.created_by == clerk_user
    clerk.goto(f"/l/disputes/?year={YEAR}")
    row = clerk.locator("#ledger-table tbody tr", has_text="陈春燕")
    assert "彩礼纠纷" in row.inner_text()

    # The report: drafted (a background job, not this journey's subject), submitted in the page.
    add_records(world)
    clerk_user.refresh_from_db()
    report = drafting.draft_report(world.town_a, YEAR, clerk_user)
    editing.accept_all(report, clerk_user)
    clerk.goto(f"/reports/{report.pk}/")
    clerk.get_by_role("button", name="提交司法所审核", exact=True).click()
    clerk.wait_for_load_state()
    assert clerk.locator("#report-state").inner_text() == "待司法所审核"

    # The 司法所 reviewer: the bell, the notification, the report waiting for the check.
    reviewer = opened(open_page)
    log_in(reviewer, world.reviewer_a)
    assert reviewer.locator("#bell-count").inner_text() == "1"
    reviewer.locator("#bell").click()
    reviewer.locator("#notifications button", has_text="等待您司法所审核").click()
    reviewer.wait_for_url(f"**/reports/{report.pk}/")
    assert reviewer.locator("#report-state").inner_text() == "待司法所审核"
    assert reviewer.get_by_role("button", name="审核通过", exact=True).is_visible()
