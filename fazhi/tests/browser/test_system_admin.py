"""The system administrator's walk in a real browser at 1366×768 (issue 14): build a village under
a township in the org tree, create a clerk there, issue a one-time password; the clerk logs in with
it and must choose a new password before anything else."""

import pytest

from fazhi.orgs import roles
from fazhi.orgs.models import OrgUnit, User
from fazhi.tests.browser.conftest import log_in

pytestmark = pytest.mark.browser
LAPTOP = {"viewport": {"width": 1366, "height": 768}}


def test_it_walks_the_system_administrator_from_a_new_village_to_a_clerk_who_logs_in(open_page, world):
    page = open_page(**LAPTOP)
    page.context.set_default_timeout(60_000)  # a loaded machine; the default is 10 s
    page.on("dialog", lambda dialog: dialog.accept())  # the confirmations (data-confirm)
    log_in(page, world.sysadmin)

    page.get_by_role("navigation", name="主菜单").get_by_role("link", name="组织架构", exact=True).click()
    page.get_by_role("button", name="全部收起").click()
    assert not page.get_by_role("link", name="甲一村第1网格").is_visible()
    page.get_by_role("button", name="全部展开").click()
    assert page.get_by_role("link", name="甲一村第1网格").is_visible()
    page.get_by_role("link", name="甲镇", exact=True).click()
    page.locator("#id_add-name").fill("青松村")
    page.get_by_role("button", name="添加").click()
    assert page.get_by_text("已在“甲镇”下添加“青松村”").is_visible()
    village = OrgUnit.objects.get(name="青松村")
    assert village.parent == world.town_a

    page.get_by_role("navigation", name="主菜单").get_by_role("link", name="用户管理", exact=True).click()
    page.get_by_role("link", name="新建账号").click()
    page.get_by_label("用户名").fill("qingsong")
    page.get_by_label("姓名").fill("林小青")
    page.get_by_label("所属单位").select_option(value=str(village.pk))
    page.get_by_role("button", name="创建并签发一次性密码").click()
    first = page.locator(".one-time-password").inner_text()
    clerk = User.objects.get(username="qingsong")
    clerk.groups.add(roles.group_for("clerk"))  # the security administrator's part, not this walk's

    page.get_by_role("link", name="返回用户列表").click()
    page.get_by_label("搜索").fill("qingsong")
    page.get_by_role("button", name="筛选").click()
    page.locator("#users tr", has_text="qingsong").get_by_role("button", name="签发一次性密码").click()
    password = page.locator(".one-time-password").inner_text()
    assert password != first

    clerk_page = open_page(**LAPTOP)
    clerk_page.context.set_default_timeout(60_000)
    clerk_page.goto("/accounts/login/")
    clerk_page.get_by_label("用户名").fill("qingsong")
    clerk_page.get_by_label("密码").fill(password)
    clerk_page.get_by_role("button", name="登录").click()
    clerk_page.wait_for_url("**/accounts/password/")
    new = "Qingsong-Passw0rd!"
    clerk_page.get_by_label("旧密码").fill(password)
    clerk_page.get_by_label("新密码", exact=True).fill(new)
    clerk_page.get_by_label("新密码确认").fill(new)
    clerk_page.get_by_role("button", name="保存新密码").click()
    clerk_page.wait_for_url(lambda url: "/accounts/password/" not in url)
    clerk.refresh_from_db()
    assert not clerk.must_change_password and clerk.check_password(new)
