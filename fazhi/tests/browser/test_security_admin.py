"""The security administrator's walk in a real browser: enrol the TOTP second factor from the QR
page, unlock a locked clerk, revoke a clerk's API token; the audit administrator then finds each
event in the audit log."""

from base64 import b32decode

import pytest
from django.test import Client
from django_otp.oath import TOTP

from fazhi.orgs.models import ApiToken
from fazhi.tests.browser.conftest import DESKTOP, log_in

pytestmark = pytest.mark.browser


def enrol_second_factor(page):
    page.wait_for_url("**/accounts/otp/setup/**")
    assert page.locator(".otp-qr svg").is_visible()
    secret = page.locator("#otp-secret").inner_text()
    code = f"{TOTP(b32decode(secret)).token():06d}"
    page.get_by_label("动态口令").fill(code)
    page.get_by_role("button", name="完成绑定").click()
    assert page.locator("#recovery-codes li").count() == 10
    page.get_by_role("link", name="我已保存，继续").click()


def test_it_walks_the_security_administrator_through_enrolment_unlock_and_revocation(
    open_page, world, settings
):
    settings.FAZHI_ADMIN_TOTP = True
    outsider = Client()
    for _ in range(5):
        outsider.post("/accounts/login/", {"username": "clerk_a", "password": "wrong-password"})
    ApiToken.issue(world.clerk_a, 7)

    page = open_page(**DESKTOP)
    log_in(page, world.secadmin)
    enrol_second_factor(page)

    page.goto("/security/locked/")
    row = page.locator("#locked-accounts tr", has_text="clerk_a")
    row.get_by_role("button", name="解除锁定").click()
    assert page.get_by_text("已解除账号 clerk_a 的登录锁定").is_visible()

    page.goto("/security/tokens/")
    page.locator("#tokens tr", has_text="clerk_a").get_by_role("button", name="撤销").click()
    assert page.get_by_text("已撤销 clerk_a 的API令牌").is_visible()
    assert not ApiToken.objects.active().exists()

    auditor = open_page(**DESKTOP)
    log_in(auditor, world.auditadmin)
    enrol_second_factor(auditor)
    auditor.goto("/audit/")
    table = auditor.locator("table tbody")
    for event in ("登录锁定", "解除登录锁定", "撤销API令牌", "绑定动态口令"):
        assert table.get_by_text(event, exact=True).first.is_visible(), event
