import datetime as dt
import io

from axes.models import AccessFailureLog, AccessLog
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required, permission_required
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.views.decorators.http import require_POST

from fazhi import errors
from fazhi.lib import xlsx
from fazhi.orgs import lockout
from fazhi.orgs.middleware import ADMIN_NETWORK_REFUSAL
from fazhi.orgs.models import ApiToken, AuditLog, SecuritySettings, audit
from fazhi.orgs.network import in_admin_networks

SECURITY_PERMISSION = "orgs.change_securitysettings"


class LoginForm(AuthenticationForm):
    refusal = ""

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if user.is_administrator and not in_admin_networks(self.request.META.get("REMOTE_ADDR")):
            self.refusal = ADMIN_NETWORK_REFUSAL
            raise ValidationError(ADMIN_NETWORK_REFUSAL, code="admin_network")


class LoginView(auth_views.LoginView):
    template_name = "orgs/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "orgs/password_change.html"
    success_url = reverse_lazy("home")

    def form_valid(self, form):
        response = super().form_valid(form)
        user = form.user
        user.must_change_password = False
        user.save(update_fields=["must_change_password", "password_changed_at"])
        update_session_auth_hash(self.request, user)
        audit(self.request, AuditLog.Action.PASSWORD, target=user.username, org=user.org)
        messages.success(self.request, "密码已修改。")
        return response


LOCKED_MESSAGE = (
    "连续登录失败次数过多，账号已在本地址暂时锁定 {minutes} 分钟。请稍后再试，或联系安全管理员解锁。"
)


def locked_out(request, credentials=None, *args, **kwargs):
    message = LOCKED_MESSAGE.format(minutes=SecuritySettings.current().lockout_minutes)
    return errors.error_response(request, 429, message)


def _token_rows(tokens):
    return tokens.select_related("user", "user__org").order_by("-created_at")


@login_required
def my_tokens(request):
    """A user's own API tokens: when and from where issued and last used; each can be revoked."""
    tokens = _token_rows(ApiToken.objects.filter(user=request.user))[:100]
    return render(request, "orgs/tokens.html", {"tokens": tokens, "mine": True})


@login_required
@require_POST
def revoke_token(request, pk):
    token = get_object_or_404(ApiToken.objects.select_related("user", "user__org"), pk=pk)
    if token.user_id != request.user.pk and not request.user.has_perm(SECURITY_PERMISSION):
        raise Http404("令牌不存在")
    by_admin = token.user_id != request.user.pk
    if ApiToken.objects.filter(pk=token.pk).revoke("安全管理员撤销" if by_admin else "本人撤销"):
        audit(
            request,
            AuditLog.Action.TOKEN_REVOKE,
            target=token.user.username,
            detail=f"撤销API令牌 #{token.pk}（签发于 {token.created_at:%Y-%m-%d %H:%M}）",
            org=token.user.org,
        )
        messages.success(request, f"已撤销 {token.user} 的API令牌 #{token.pk}。")
    else:
        messages.info(request, f"令牌 #{token.pk} 已失效，无需撤销。")
    return redirect("security_tokens" if by_admin else "my_tokens")


@login_required
@permission_required(SECURITY_PERMISSION, raise_exception=True)
def security_tokens(request):
    tokens = _token_rows(ApiToken.objects.active())
    page = Paginator(tokens, 50).get_page(request.GET.get("page"))
    return render(request, "orgs/tokens.html", {"tokens": page, "page": page, "mine": False})


@login_required
@permission_required(SECURITY_PERMISSION, raise_exception=True)
def locked_accounts(request):
    if request.method == "POST":
        username = request.POST.get("username", "").strip()
        if username:
            lockout.unlock(request, username)
            messages.success(request, f"已解除账号 {username} 的登录锁定。")
        return redirect("locked_accounts")
    return render(request, "orgs/locked_accounts.html", {"locked": lockout.locked_accounts()})


AUDIT_FILTERS = ("user", "action", "target", "outcome", "start", "end", "q")


def _local_date(raw: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(raw.strip()) if raw and raw.strip() else None
    except ValueError:
        return None


def filtered_audit(query) -> tuple[object, dict, list[str]]:
    """The audit rows matching the page's filters, the filters as given, and what was not understood."""
    logs = AuditLog.objects.select_related("org").order_by("-at", "-id")
    given = {k: (query.get(k) or "").strip() for k in AUDIT_FILTERS}
    problems = []
    if given["user"]:
        logs = logs.filter(username__icontains=given["user"])
    if given["action"]:
        logs = logs.filter(action=given["action"])
    if given["target"]:
        logs = logs.filter(target__icontains=given["target"])
    if given["outcome"]:
        logs = logs.filter(outcome=given["outcome"])
    if given["q"]:
        q = given["q"]
        logs = logs.filter(
            Q(username__icontains=q)
            | Q(target__icontains=q)
            | Q(detail__icontains=q)
            | Q(reason__icontains=q)
        )
    logs, problems = within_dates(logs, "at", given, problems)
    return logs, given, problems


def within_dates(rows, field: str, given: dict, problems: list[str]):
    """`rows` between the filters' start and end dates (the user's local days, inclusive; rows
    are kept in UTC), and the problems with dates that could not be read."""
    zone = timezone.get_current_timezone()
    for key, label, shift in (("start", "起始日期", 0), ("end", "截止日期", 1)):
        if not given[key]:
            continue
        day = _local_date(given[key])
        if day is None:
            problems.append(f"{label}“{given[key]}”不是有效日期，应为 年-月-日，如 2025-03-01")
            continue
        bound = dt.datetime.combine(day + dt.timedelta(days=shift), dt.time.min, tzinfo=zone)
        lookup = f"{field}__gte" if key == "start" else f"{field}__lt"
        rows = rows.filter(**{lookup: bound})
    return rows, problems


@login_required
@permission_required("orgs.view_audit", raise_exception=True)
def audit_log(request):
    logs, given, problems = filtered_audit(request.GET)
    page = Paginator(logs, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "orgs/audit_log.html",
        {
            "page": page,
            "f": given,
            "problems": problems,
            "querystring": query.urlencode(),
            "actions": AuditLog.Action.choices,
            "outcomes": AuditLog.Outcome.choices,
        },
    )


AUDIT_COLUMNS = [
    ("时间", 20),
    ("用户", 14),
    ("操作", 16),
    ("结果", 8),
    ("原因", 24),
    ("单位", 14),
    ("对象", 36),
    ("说明", 50),
    ("IP", 16),
    ("编号", 10),
]


@login_required
@permission_required("orgs.view_audit", raise_exception=True)
def audit_export(request):
    logs, given, problems = filtered_audit(request.GET)
    if problems:
        messages.error(request, "；".join(problems))
        return redirect(f"{reverse('audit_log')}?{request.GET.urlencode()}")
    rows = (
        [
            log.at,
            log.username,
            log.get_action_display(),
            log.get_outcome_display(),
            log.reason,
            log.org.name if log.org else "",
            log.target,
            log.detail,
            log.ip or "",
            log.pk,
        ]
        for log in logs.iterator(chunk_size=2000)
    )
    buf = io.BytesIO()
    count = xlsx.write_table(buf, "审计日志", AUDIT_COLUMNS, rows)
    conditions = "；".join(f"{k}={v}" for k, v in given.items() if v) or "无"
    audit(request, AuditLog.Action.EXPORT, target="审计日志", detail=f"导出 {count} 条，条件：{conditions}")
    buf.seek(0)
    return FileResponse(buf, as_attachment=True, filename=xlsx.filename("审计日志", given))


LOGIN_FILTERS = ("kind", "user", "start", "end")
LOGIN_KINDS = {"success": "成功登录", "failure": "失败登录"}


def filtered_logins(query) -> tuple[object, dict, list[str]]:
    """Login rows (successes or failures, from django-axes) matching the page's filters."""
    given = {k: (query.get(k) or "").strip() for k in LOGIN_FILTERS}
    if given["kind"] not in LOGIN_KINDS:
        given["kind"] = "success"
    model = AccessFailureLog if given["kind"] == "failure" else AccessLog
    logs = model.objects.order_by("-attempt_time", "-id")
    # The old single search box (q) still works as the user filter.
    given["user"] = given["user"] or (query.get("q") or "").strip()
    if given["user"]:
        logs = logs.filter(username__icontains=given["user"])
    logs, problems = within_dates(logs, "attempt_time", given, [])
    return logs, given, problems


@login_required
@permission_required("orgs.view_audit", raise_exception=True)
def login_log(request):
    logs, given, problems = filtered_logins(request.GET)
    page = Paginator(logs, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "orgs/login_log.html",
        {
            "page": page,
            "kind": given["kind"],
            "f": given,
            "kinds": LOGIN_KINDS,
            "problems": problems,
            "querystring": query.urlencode(),
        },
    )


@login_required
@permission_required("orgs.view_audit", raise_exception=True)
def login_log_export(request):
    logs, given, problems = filtered_logins(request.GET)
    if problems:
        messages.error(request, "；".join(problems))
        return redirect(f"{reverse('login_log')}?{request.GET.urlencode()}")
    failure = given["kind"] == "failure"
    columns = [("时间", 20), ("用户名", 16), ("结果", 10), ("IP", 16), ("浏览器", 50)]
    columns.append(("是否锁定", 10) if failure else ("退出时间", 20))
    rows = [
        [
            log.attempt_time,
            log.username,
            LOGIN_KINDS[given["kind"]],
            log.ip_address or "",
            log.user_agent,
            ("是" if log.locked_out else "否") if failure else log.logout_time,
        ]
        for log in logs[:100_000]
    ]
    shown = {"结果": LOGIN_KINDS[given["kind"]], **{k: v for k, v in given.items() if v and k != "kind"}}
    conditions = "；".join(f"{k}={v}" for k, v in shown.items())
    audit(
        request, AuditLog.Action.EXPORT, target="登录日志", detail=f"导出 {len(rows)} 条，条件：{conditions}"
    )
    return xlsx.table_response("登录日志", columns, rows, filters=shown)
