"""TOTP second factor with a frozen clock: enrolment through the QR page, wrong, expired and
reused codes refused, recovery codes usable once, the switch for every user, and the security
administrator's audited reset of a lost device."""

import re
import time

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from fazhi.conftest import PASSWORD
from fazhi.orgs.models import AuditLog, SecuritySettings

pytestmark = pytest.mark.django_db


class Clock:
    def __init__(self, monkeypatch):
        self.now = float(int(time.time()) // 30 * 30 + 5)  # well inside a 30-second step
        monkeypatch.setattr("django_otp.oath.time", lambda: self.now)
        monkeypatch.setattr(time, "time", lambda: self.now)

    def code(self, device, at=None) -> str:
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, 0)
        totp.time = self.now if at is None else at
        return f"{totp.token():06d}"


@pytest.fixture
def clock(monkeypatch, settings):
    settings.FAZHI_ADMIN_TOTP = True
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    return Clock(monkeypatch)


def enrol(client, clock, user):
    client.force_login(user)
    page = client.get("/accounts/otp/setup/").content.decode()
    assert "<svg" in page and re.search(r'id="otp-secret">[A-Z2-7]+<', page)
    device = TOTPDevice.objects.get(user=user)
    response = client.post("/accounts/otp/setup/", {"code": clock.code(device), "next": "/"})
    assert response.status_code == 200
    listed = re.search(r'id="recovery-codes">(.*?)</ul>', response.content.decode(), re.S).group(1)
    return device, re.findall(r"<li>(\w+)</li>", listed)


def test_it_makes_an_administrator_enrol_before_reaching_the_admin(client, world, clock):
    client.force_login(world.secadmin)
    response = client.get("/manage/security/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/otp/")
    assert client.get(response["Location"])["Location"].startswith("/accounts/otp/setup/")
    assert client.get("/api/v1/orgs").status_code == 401
    device, codes = enrol(client, clock, world.secadmin)
    assert len(codes) == 10
    assert client.get("/manage/security/").status_code == 200
    row = AuditLog.objects.get(action=AuditLog.Action.OTP_ENROL)
    assert (row.username, row.target) == ("secadmin", "secadmin")
    # A business user is not asked unless the security administrator switches it on for all.
    client.force_login(world.clerk_a)
    assert client.get("/l/disputes/").status_code == 200


def test_it_refuses_a_wrong_an_expired_and_a_reused_code(client, world, clock):
    device, _ = enrol(client, clock, world.auditadmin)
    client.logout()
    clock.now += 300
    client.force_login(world.auditadmin)
    current = clock.code(device)
    wrong = f"{(int(current) + 1) % 1_000_000:06d}"
    expired = clock.code(device, at=clock.now - 120)
    for code in (wrong, expired):
        response = client.post("/accounts/otp/", {"code": code})
        assert "动态口令不正确、已过期或已使用过" in response.content.decode()
        assert client.get("/audit/").status_code == 302
    assert client.post("/accounts/otp/", {"code": current}).status_code == 302
    assert client.get("/audit/").status_code == 200
    client.logout()
    client.force_login(world.auditadmin)
    response = client.post("/accounts/otp/", {"code": current})
    assert "已使用过" in response.content.decode()
    clock.now += 30
    assert client.post("/accounts/otp/", {"code": clock.code(device)}).status_code == 302


def test_it_accepts_each_recovery_code_once(client, world, clock):
    _, codes = enrol(client, clock, world.sysadmin)
    for attempt in range(2):
        client.logout()
        client.force_login(world.sysadmin)
        response = client.post("/accounts/otp/", {"code": codes[0]})
        assert response.status_code == (302 if attempt == 0 else 200)


def test_it_asks_the_api_for_a_code_from_an_enrolled_administrator(client, world, clock):
    device, _ = enrol(client, clock, world.secadmin)
    body = {"username": "secadmin", "password": PASSWORD}
    response = client.post("/api/v1/auth/token", body, content_type="application/json")
    assert response.status_code == 401 and "动态口令" in response.json()["detail"]
    clock.now += 30
    body["otp"] = clock.code(device)
    assert client.post("/api/v1/auth/token", body, content_type="application/json").status_code == 200


def test_it_lets_the_security_administrator_require_it_for_all_and_reset_a_lost_device(client, world, clock):
    settings_row = SecuritySettings.current()
    settings_row.second_factor_for_all = True
    settings_row.save()
    client.force_login(world.clerk_a)
    assert client.get("/l/disputes/")["Location"].startswith("/accounts/otp/")
    enrol(client, clock, world.clerk_a)
    assert client.get("/l/disputes/").status_code == 200
    enrol(client, clock, world.secadmin)
    page = client.get("/security/second-factor/").content.decode()
    assert "clerk_a" in page
    client.post("/security/second-factor/", {"username": "secadmin"})
    assert TOTPDevice.objects.filter(user=world.secadmin).exists()
    client.post("/security/second-factor/", {"username": "clerk_a"})
    assert not TOTPDevice.objects.filter(user=world.clerk_a).exists()
    row = AuditLog.objects.get(action=AuditLog.Action.OTP_RESET)
    assert (row.username, row.target) == ("secadmin", "clerk_a")
    client.force_login(world.clerk_a)
    assert client.get("/accounts/otp/")["Location"].startswith("/accounts/otp/setup/")
