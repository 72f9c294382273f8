"""Every security-relevant event leaves exactly one audit row with time (UTC), user, address,
type, object, outcome and reason (issue 10 item 8).

Each case prepares what the event needs, calls `start()` right before the event, performs it and
returns what the row must say. To cover a new event, add a function to CASES."""

import inspect
import re
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.forms.models import model_to_dict
from django.test import RequestFactory
from django.urls import reverse
from simple_history.models import HistoricalRecords

from fazhi.background.models import BackgroundTask as Job
from fazhi.conftest import PASSWORD
from fazhi.corrections.tests.factories import make_person
from fazhi.ledger.models import ImportBatch
from fazhi.ledger.tests.factories import DISPUTE_HEADER, dispute_row, make_dispute, xlsx
from fazhi.orgs import roles
from fazhi.orgs.models import AuditLog, SecuritySettings, User

pytestmark = pytest.mark.django_db
A = AuditLog.Action
WEB = "127.0.0.1"


@dataclass
class Expect:
    action: str
    username: str
    target: str
    outcome: str = AuditLog.Outcome.SUCCESS
    ip: str | None = WEB
    # A failed login names the account tried; nobody was logged in to link the row to.
    linked: bool = True
    # Rows of other events the same request writes (the failed login that causes a lockout).
    others: tuple = ()


@contextmanager
def acting_as(user):
    """What HistoryRequestMiddleware provides during a request: the current request."""
    request = RequestFactory().post("/admin/")
    request.user = user
    HistoricalRecords.context.request = request
    try:
        yield
    finally:
        del HistoricalRecords.context.request


def login(client, w, start):
    start()
    client.post(reverse("login"), {"username": "clerk_a", "password": PASSWORD})
    return Expect(A.LOGIN, "clerk_a", "clerk_a")


def login_failure(client, w, start):
    start()
    client.post(reverse("login"), {"username": "clerk_a", "password": "wrong-Passw0rd"})
    return Expect(A.LOGIN, "clerk_a", "clerk_a", AuditLog.Outcome.FAILURE, linked=False)


def logout(client, w, start):
    client.force_login(w.clerk_a)
    start()
    client.post(reverse("logout"))
    return Expect(A.LOGOUT, "clerk_a", "clerk_a")


def password_change(client, w, start):
    client.force_login(w.clerk_a)
    start()
    new = "Neu-Passw0rd!2025x"
    client.post(
        reverse("password_change"), {"old_password": PASSWORD, "new_password1": new, "new_password2": new}
    )
    return Expect(A.PASSWORD, "clerk_a", "clerk_a")


def _reveal(client, w, start, user, password):
    dispute = make_dispute(w)
    client.force_login(user)
    start()
    url = reverse("ledger:reveal", args=["disputes", dispute.pk, "applicant_id_number"])
    client.post(url, {"password": password} if password else {})


def reveal(client, w, start):
    _reveal(client, w, start, w.reviewer_a, PASSWORD)
    return Expect(A.REVEAL, "reviewer_a", "当事人身份证号")


def reveal_without_permission(client, w, start):
    _reveal(client, w, start, w.clerk_a, PASSWORD)
    return Expect(A.REVEAL, "clerk_a", "当事人身份证号", AuditLog.Outcome.FAILURE)


def reveal_wrong_password(client, w, start):
    _reveal(client, w, start, w.reviewer_a, "wrong-Passw0rd")
    return Expect(A.REVEAL, "reviewer_a", "当事人身份证号", AuditLog.Outcome.FAILURE)


def export(client, w, start):
    make_dispute(w)
    client.force_login(w.clerk_a)
    start()
    client.get(reverse("ledger:export", args=["disputes"]))
    return Expect(A.EXPORT, "clerk_a", "矛盾纠纷")


def import_web(client, w, start):
    client.force_login(w.clerk_a)
    file = SimpleUploadedFile("纠纷.xlsx", xlsx([DISPUTE_HEADER, dispute_row(1), dispute_row(2)]))
    client.post(reverse("ledger:import", args=["disputes"]), {"file": file})
    job = Job.objects.latest("pk")
    start()
    client.post(reverse("ledger:job_commit", args=[job.pk]))
    return Expect(A.IMPORT, "clerk_a", "纠纷.xlsx")


def import_command_line(client, w, start, tmp_path):
    path = xlsx([DISPUTE_HEADER, dispute_row(1)], tmp_path / "命令行.xlsx")
    start()
    call_command("import_ledger", "disputes", str(path), "--org", w.town_a.code, "--user", "clerk_a")
    return Expect(A.IMPORT, "clerk_a", "命令行.xlsx", ip=None)


def _line_batch(client, w):
    from fazhi.corrections.tests.factories import LINE_HEADER, line_row, make_line_source

    make_line_source()
    client.force_login(w.reviewer_a)
    data = xlsx([LINE_HEADER, line_row(1), line_row(2)])
    response = client.post(
        reverse("ledger:line_upload", args=["zhjz"]), {"file": SimpleUploadedFile("智慧矫正.xlsx", data)}
    )
    assert response.status_code == 302
    return ImportBatch.objects.latest("pk")


def import_line_system(client, w, start):
    batch = _line_batch(client, w)
    start()
    client.post(reverse("ledger:line_batch", args=[batch.pk]))
    return Expect(A.IMPORT, "reviewer_a", "智慧矫正.xlsx")


def batch_rollback(client, w, start):
    batch = _line_batch(client, w)
    client.post(reverse("ledger:line_batch", args=[batch.pk]))
    start()
    client.post(reverse("ledger:line_rollback", args=[batch.pk]))
    return Expect(A.ROLLBACK, "reviewer_a", "社区矫正")


def delete(client, w, start):
    dispute = make_dispute(w)
    client.force_login(w.clerk_a)
    start()
    client.post(reverse("ledger:delete", args=["disputes", dispute.pk]), {"reason": "重复登记"})
    return Expect(A.DELETE, "clerk_a", f"#{dispute.pk}")


def report_step(client, w, start):
    from fazhi.reports import drafting
    from fazhi.reports.tests.conftest import YEAR, add_records

    add_records(w)
    report = drafting.draft_report(w.town_a, YEAR, w.clerk_a)
    client.force_login(w.reviewer_a)
    start()
    client.post(reverse("reports:step", args=[report.pk, "check"]), {"note": "数据与台账一致"})
    return Expect(A.REPORT_STEP, "reviewer_a", f"{YEAR}年度报告")


def _report_in(w, *actions):
    """A drafted report of the township walked through the given workflow steps."""
    from fazhi.reports import drafting, workflow
    from fazhi.reports.tests.conftest import YEAR, add_records

    add_records(w)
    report = drafting.draft_report(w.town_a, YEAR, w.clerk_a)
    by = {"send_review": w.clerk_a, "check": w.reviewer_a}
    for action in actions:
        workflow.transition(report, action, by[action])
    return report, YEAR


def _refused_step(client, w, start, user, action, note, *walk):
    from fazhi.reports.models import Report

    report, year = _report_in(w, *walk)
    state = Report.objects.get(pk=report.pk).state
    client.force_login(user)
    start()
    client.post(reverse("reports:step", args=[report.pk, action]), {"note": note})
    assert Report.objects.get(pk=report.pk).state == state
    return Expect(A.REPORT_STEP, user.username, f"{year}年度报告", AuditLog.Outcome.FAILURE)


def report_sign_off_refused_wrong_role(client, w, start):
    # A clerk may not sign off a checked report: that is the leader's step.
    return _refused_step(client, w, start, w.clerk_a, "sign_off", "同意", "send_review", "check")


def report_submit_refused_wrong_state(client, w, start):
    # A draft that was neither checked, signed nor secrecy-reviewed cannot be submitted.
    return _refused_step(client, w, start, w.clerk_a, "submit", "")


def report_return_refused_wrong_role(client, w, start):
    # Only the reviewer or the signing leader returns a report under review.
    return _refused_step(client, w, start, w.clerk_a, "return", "请再改改", "send_review")


def report_correct_refused(client, w, start):
    from fazhi.reports.tests.conftest import YEAR

    report, _ = _report_in(w)
    client.force_login(w.clerk_a)
    start()
    client.post(reverse("reports:correct", args=[report.pk]), {"reason": "数据有误"})
    return Expect(A.REPORT_STEP, "clerk_a", f"{YEAR}年度报告", AuditLog.Outcome.FAILURE)


def view_sensitive_record(client, w, start):
    person = make_person(w)
    client.force_login(w.reviewer_a)
    start()
    client.get(reverse("ledger:detail", args=["correction-persons", person.pk]))
    return Expect(A.VIEW_SENSITIVE, "reviewer_a", person.name)


def list_sensitive_ledger(client, w, start):
    make_person(w)
    client.force_login(w.reviewer_a)
    start()
    client.get(reverse("ledger:list", args=["correction-persons"]))
    return Expect(A.LIST_SENSITIVE, "reviewer_a", "社区矫正")


def list_sensitive_ledger_api(client, w, start):
    make_person(w)
    client.force_login(w.reviewer_a)
    start()
    client.get("/api/v1/ledgers/correction-persons/")
    return Expect(A.LIST_SENSITIVE, "reviewer_a", "社区矫正")


def security_settings(client, w, start):
    client.force_login(w.secadmin)
    data = {k: v for k, v in model_to_dict(SecuritySettings.current()).items() if v not in (None, False)}
    data["password_min_length"] = 14
    start()
    client.post(reverse("manage:security"), data)
    return Expect(A.SETTINGS, "secadmin", "安全设置")


def period_settings(client, w, start):
    from fazhi.ledger import procedures

    period = next(p for p in procedures.all_periods() if p.configurable)
    client.force_login(w.sysadmin)
    start()
    client.post(reverse("manage:period_edit", args=[period.key]), {"days": period.days + 5, "note": "省规定"})
    return Expect(A.PERIOD_SETTINGS, "sysadmin", period.label)


def role_change(client, w, start):
    start()
    with acting_as(w.secadmin):
        w.clerk_b.groups.add(roles.group_for("reviewer"))
    return Expect(A.ROLE_CHANGE, "secadmin", "clerk_b")


def permission_change(client, w, start):
    group = Group.objects.create(name="临时角色")
    start()
    with acting_as(w.secadmin):
        group.permissions.add(Permission.objects.get(codename="reveal_pii"))
    return Expect(A.PERMISSION_CHANGE, "secadmin", "临时角色")


def account_create(client, w, start):
    start()
    with acting_as(w.sysadmin):
        User.objects.create_user("new_clerk", password=PASSWORD, org=w.town_a)
    return Expect(A.ACCOUNT_CREATE, "sysadmin", "new_clerk")


def account_disable(client, w, start):
    start()
    with acting_as(w.sysadmin):
        w.clerk_b.is_active = False
        w.clerk_b.save()
    return Expect(A.ACCOUNT_DISABLE, "sysadmin", "clerk_b")


def account_enable(client, w, start):
    w.clerk_b.is_active = False
    w.clerk_b.save()
    start()
    with acting_as(w.sysadmin):
        w.clerk_b.is_active = True
        w.clerk_b.save()
    return Expect(A.ACCOUNT_ENABLE, "sysadmin", "clerk_b")


def lockout(client, w, start):
    from fazhi.orgs.tests.test_lockout_networks import fail

    fail(client, "clerk_a", SecuritySettings.current().lockout_failures - 1, WEB)
    start()
    fail(client, "clerk_a", 1, WEB)
    return Expect(
        A.LOCKOUT, "clerk_a", "clerk_a", linked=False, others=((A.LOGIN, AuditLog.Outcome.FAILURE),)
    )


def unlock(client, w, start):
    from fazhi.orgs.tests.test_lockout_networks import fail

    fail(client, "clerk_a", SecuritySettings.current().lockout_failures, "10.7.7.7")
    client.force_login(w.secadmin)
    start()
    client.post(reverse("locked_accounts"), {"username": "clerk_a"})
    return Expect(A.UNLOCK, "secadmin", "clerk_a")


def token_revoke(client, w, start):
    from fazhi.orgs.models import ApiToken

    _, token = ApiToken.issue(w.clerk_a, 7)
    client.force_login(w.secadmin)
    start()
    client.post(reverse("revoke_token", args=[token.pk]))
    return Expect(A.TOKEN_REVOKE, "secadmin", "clerk_a")


def second_factor_reset(client, w, start):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.create(user=w.clerk_a, name="手机", confirmed=True)
    client.force_login(w.secadmin)
    start()
    client.post(reverse("otp_manage"), {"username": "clerk_a"})
    return Expect(A.OTP_RESET, "secadmin", "clerk_a")


def second_factor_failure(client, w, start):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.create(user=w.secadmin, name="手机", confirmed=True)
    client.force_login(w.secadmin)
    start()
    client.post(reverse("otp_verify"), {"code": "wrong"})
    return Expect(A.OTP_FAILURE, "secadmin", "secadmin", AuditLog.Outcome.FAILURE)


def _sudo(client):
    from django.utils import timezone

    session = client.session
    session["sudo_until"] = timezone.now().timestamp() + 600
    session.save()


def role_change_page(client, w, start):
    client.force_login(w.secadmin)
    _sudo(client)
    start()
    client.post(reverse("manage:role_assign", args=[w.clerk_b.pk]), {"roles": ["clerk", "reviewer"]})
    return Expect(A.ROLE_CHANGE, "secadmin", "clerk_b")


def role_change_refused(client, w, start):
    client.force_login(w.secadmin)
    _sudo(client)
    start()
    client.post(reverse("manage:role_assign", args=[w.clerk_b.pk]), {"roles": ["clerk", "auditadmin"]})
    return Expect(A.ROLE_CHANGE, "secadmin", "clerk_b", AuditLog.Outcome.FAILURE)


def account_create_page(client, w, start):
    client.force_login(w.sysadmin)
    start()
    client.post(
        reverse("manage:user_create"),
        {"username": "new_clerk", "full_name": "新同事", "title": "", "org": w.town_a.pk, "email": ""},
    )
    return Expect(A.ACCOUNT_CREATE, "sysadmin", "new_clerk")


def one_time_password(client, w, start):
    client.force_login(w.sysadmin)
    start()
    client.post(reverse("manage:user_otp", args=[w.clerk_b.pk]))
    return Expect(A.ONE_TIME_PASSWORD, "sysadmin", "clerk_b")


def org_change(client, w, start):
    client.force_login(w.sysadmin)
    start()
    client.post(reverse("manage:org_unit", args=[w.village_b.pk]), {"op": "rename", "rename-name": "乙新村"})
    return Expect(A.ORG_CHANGE, "sysadmin", "乙新村")


def holiday_override(client, w, start):
    client.force_login(w.sysadmin)
    start()
    client.post(reverse("manage:holidays"), {"date": "2031-10-08", "is_workday": "on", "name": "调休上班"})
    return Expect(A.HOLIDAY, "sysadmin", "2031-10-08")


def line_source(client, w, start):
    client.force_login(w.sysadmin)
    start()
    client.post(
        reverse("manage:line_source_create"),
        {
            "name": "智慧矫正",
            "code": "zhjz",
            "ledger": "correction-persons",
            "key_column": "编号",
            "column": ["姓名"],
            "field": ["name"],
        },
    )
    return Expect(A.LINE_SOURCE, "sysadmin", "智慧矫正")


def export_users(client, w, start):
    client.force_login(w.sysadmin)
    start()
    client.get(reverse("manage:users_export"))
    return Expect(A.EXPORT, "sysadmin", "用户列表")


def export_logins(client, w, start):
    client.force_login(w.auditadmin)
    start()
    client.get(reverse("login_log_export"))
    return Expect(A.EXPORT, "auditadmin", "登录日志")


def _api_token(client, username="clerk_a", **extra):
    response = client.post(
        "/api/v1/auth/token",
        {"username": username, "password": PASSWORD, **extra},
        content_type="application/json",
    )
    return response


def token_issue(client, w, start):
    start()
    assert _api_token(client).status_code == 200
    return Expect(A.TOKEN, "clerk_a", "clerk_a")


def token_revoke_by_api_logout(client, w, start):
    raw = _api_token(client).json()["token"]
    start()
    response = client.post("/api/v1/auth/logout", headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 204
    return Expect(A.TOKEN_REVOKE, "clerk_a", "clerk_a")


def token_revoke_by_password_change(client, w, start):
    """A new password ends every active token of the user: one revocation row naming them all
    (besides the password change's own row); a token already revoked is not named again."""
    from fazhi.orgs.models import ApiToken

    _, old = ApiToken.issue(w.clerk_a, 7)
    ApiToken.objects.filter(pk=old.pk).revoke("本人撤销")
    tokens = [ApiToken.issue(w.clerk_a, 7)[1] for _ in range(2)]
    client.force_login(w.clerk_a)
    start()
    new = "Neu-Passw0rd!2025x"
    client.post(
        reverse("password_change"), {"old_password": PASSWORD, "new_password1": new, "new_password2": new}
    )
    row = AuditLog.objects.get(action=A.TOKEN_REVOKE)
    assert row.detail == f"密码已修改，撤销API令牌 2 个：#{tokens[0].pk}、#{tokens[1].pk}", row.detail
    assert not ApiToken.objects.active().exists()
    return Expect(A.TOKEN_REVOKE, "clerk_a", "clerk_a", others=((A.PASSWORD, AuditLog.Outcome.SUCCESS),))


def token_revoke_by_idle_account_run(client, w, start):
    """The maintenance run disables an idle account: the system is the actor of both rows."""
    from django.utils import timezone

    from fazhi.orgs.models import ApiToken

    _, token = ApiToken.issue(w.clerk_b, 365)
    long_ago = timezone.now() - timedelta(days=SecuritySettings.current().idle_account_days + 1)
    User.objects.filter(pk=w.clerk_b.pk).update(last_login=long_ago, date_joined=long_ago)
    ApiToken.objects.filter(pk=token.pk).update(created_at=long_ago)
    start()
    call_command("maintenance", "--only", "disable_idle_accounts")
    assert User.objects.filter(is_active=False).get() == w.clerk_b
    return Expect(
        A.TOKEN_REVOKE,
        "系统",
        "clerk_b",
        ip=None,
        linked=False,
        others=((A.ACCOUNT_DISABLE, AuditLog.Outcome.SUCCESS),),
    )


def account_disable_idle(client, w, start):
    from django.utils import timezone

    long_ago = timezone.now() - timedelta(days=SecuritySettings.current().idle_account_days + 1)
    User.objects.filter(pk=w.clerk_b.pk).update(last_login=long_ago, date_joined=long_ago)
    start()
    call_command("maintenance", "--only", "disable_idle_accounts")
    row = AuditLog.objects.get(action=A.ACCOUNT_DISABLE)
    assert "由定期维护任务自动停用" in row.detail
    return Expect(A.ACCOUNT_DISABLE, "系统", "clerk_b", ip=None, linked=False)


def _totp_code(device) -> str:
    from django_otp.oath import TOTP

    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


def second_factor_enrol(client, w, start):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client.force_login(w.clerk_a)
    client.get(reverse("otp_setup"))
    device = TOTPDevice.objects.get(user=w.clerk_a)
    start()
    response = client.post(reverse("otp_setup"), {"code": _totp_code(device)})
    assert response.status_code == 200 and "recovery-codes" in response.content.decode()
    return Expect(A.OTP_ENROL, "clerk_a", "clerk_a")


def second_factor_enrol_failure(client, w, start):
    client.force_login(w.clerk_a)
    client.get(reverse("otp_setup"))
    start()
    client.post(reverse("otp_setup"), {"code": "000000x"})
    return Expect(A.OTP_FAILURE, "clerk_a", "clerk_a", AuditLog.Outcome.FAILURE)


def second_factor_failure_api_token(client, w, start):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.create(user=w.clerk_a, name="手机", confirmed=True)
    settings_row = SecuritySettings.current()
    settings_row.second_factor_for_all = True
    settings_row.save()
    start()
    assert _api_token(client, otp="123").status_code == 401
    return Expect(A.OTP_FAILURE, "clerk_a", "clerk_a", AuditLog.Outcome.FAILURE)


def _past_month():
    from django.utils import timezone

    last = timezone.localdate().replace(day=1) - timedelta(days=1)
    return last.year, last.month


def nil_return(client, w, start):
    year, month = _past_month()
    client.force_login(w.clerk_a)
    start()
    client.post(reverse("ledger:nil_declare", args=["disputes"]), {"year": year, "month": month})
    return Expect(A.NIL_RETURN, "clerk_a", "矛盾纠纷")


def nil_return_withdrawn(client, w, start):
    year, month = _past_month()
    client.force_login(w.clerk_a)
    client.post(reverse("ledger:nil_declare", args=["disputes"]), {"year": year, "month": month})
    start()
    data = {"year": year, "month": month, "withdraw": "1"}
    client.post(reverse("ledger:nil_declare", args=["disputes"]), data)
    # Withdrawing again changes nothing, so it leaves no second row.
    client.post(reverse("ledger:nil_declare", args=["disputes"]), data)
    return Expect(A.NIL_RETURN, "clerk_a", "矛盾纠纷")


def dictionary_change(client, w, start):
    client.force_login(w.sysadmin)
    start()
    client.post(
        reverse("dicts:change", args=["mediation.dispute_kind"]), {"action": "add", "label": "宗族纠纷"}
    )
    return Expect(A.DICTIONARY, "sysadmin", "纠纷类型：宗族纠纷")


def audit_retention(client, w, start):
    from django.db import connection
    from django.utils import timezone

    from fazhi.orgs import auditguard
    from fazhi.orgs.models import append

    # The rows the fixtures wrote are younger than the floor: start from a table holding only a
    # row past the retention period, as the oldest end of a real chain would.
    auditguard.apply(connection, install=False)
    AuditLog.objects.all().delete()
    auditguard.apply(connection, install=True)
    append(
        AuditLog(username="clerk_a", action=A.EXPORT, target="很旧", at=timezone.now() - timedelta(days=400))
    )
    start()
    call_command("maintenance", "--only", "audit_retention")
    assert not AuditLog.objects.filter(target="很旧").exists()
    return Expect(A.AUDIT_RETENTION, "系统", "审计日志", ip=None, linked=False)


CASES = [
    login,
    login_failure,
    logout,
    password_change,
    reveal,
    reveal_without_permission,
    reveal_wrong_password,
    export,
    import_web,
    import_command_line,
    import_line_system,
    batch_rollback,
    delete,
    report_step,
    report_sign_off_refused_wrong_role,
    report_submit_refused_wrong_state,
    report_return_refused_wrong_role,
    report_correct_refused,
    view_sensitive_record,
    list_sensitive_ledger,
    list_sensitive_ledger_api,
    security_settings,
    period_settings,
    role_change,
    permission_change,
    account_create,
    account_disable,
    account_enable,
    lockout,
    unlock,
    token_revoke,
    second_factor_reset,
    second_factor_failure,
    role_change_page,
    role_change_refused,
    account_create_page,
    one_time_password,
    org_change,
    holiday_override,
    line_source,
    export_users,
    export_logins,
    token_issue,
    token_revoke_by_api_logout,
    token_revoke_by_password_change,
    token_revoke_by_idle_account_run,
    account_disable_idle,
    second_factor_enrol,
    second_factor_enrol_failure,
    second_factor_failure_api_token,
    nil_return,
    nil_return_withdrawn,
    dictionary_change,
    audit_retention,
]


@pytest.mark.parametrize("case", CASES, ids=[c.__name__ for c in CASES])
def test_it_records_the_event_in_exactly_one_audit_row(case, client, world, tmp_path):
    mark = {}

    def start():
        mark["after"] = AuditLog.objects.order_by("-id").values_list("id", flat=True).first() or 0

    kwargs = {"tmp_path": tmp_path} if "tmp_path" in case.__code__.co_varnames else {}
    expect = case(client, world, start, **kwargs)
    rows = list(AuditLog.objects.filter(id__gt=mark["after"]).order_by("id"))
    assert sorted((r.action, r.outcome) for r in rows) == sorted(
        [(expect.action, expect.outcome), *expect.others]
    ), [(r.action, r.outcome, r.target, r.detail) for r in rows]
    row = next(r for r in rows if r.action == expect.action)
    assert row.at.utcoffset() == timedelta(0)
    assert row.username == expect.username
    assert row.user == (User.objects.get(username=expect.username) if expect.linked else None)
    assert row.ip == expect.ip
    assert expect.target in row.target
    assert bool(row.reason) == (row.outcome == AuditLog.Outcome.FAILURE)
    assert row.hash == row.compute_hash()


def test_every_audit_action_has_a_case():
    """A new kind of audit row needs a case above that produces it."""
    covered = {
        getattr(A, name) for case in CASES for name in re.findall(r"\bA\.([A-Z_]+)", inspect.getsource(case))
    }
    assert set(A.values) - covered == set()


@pytest.mark.django_db
def test_a_permission_is_named_in_chinese_whatever_language_is_active():
    """An audit row written by a command (no request, no language active) names the permissions
    of Django's own models in Chinese too, never "查看group"."""
    from django.utils import translation

    perms = Permission.objects.filter(codename__in=["view_group", "view_permission", "view_session"])
    with translation.override(None):
        labels = sorted(roles.permission_label(p) for p in perms.select_related("content_type"))
    assert labels == ["查看会话", "查看权限", "查看角色"]
