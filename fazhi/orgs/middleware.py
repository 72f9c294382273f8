import time

from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone

from fazhi.orgs import second_factor
from fazhi.orgs.models import SecuritySettings
from fazhi.orgs.network import in_admin_networks

# Paths a user who must change the password can still reach.
_OPEN_PREFIXES = ("/accounts/", "/static/", "/api/")
# Background requests that are not the user's activity: they must not keep a session alive.
PASSIVE_URL_NAMES = {"background:detail", "background:list"}
ADMIN_NETWORK_REFUSAL = "管理功能和管理员账号只能从管理网段访问（FAZHI_ADMIN_NETWORKS），当前地址不在其内。"
IDLE_MESSAGE = "长时间未操作，已自动退出，请重新登录。"
EXPIRED_MESSAGE = "登录已超过最长时间，请重新登录。"


def is_passive(request) -> bool:
    if request.headers.get("X-Fazhi-Passive") == "1":
        return True
    if request.method != "GET" or not request.headers.get("HX-Request"):
        return False
    try:
        return resolve(request.path_info).view_name in PASSIVE_URL_NAMES
    except Resolver404:
        return False


def is_api(request) -> bool:
    return request.path.startswith("/api/v1/")


class SecurityPolicyMiddleware:
    """Administrator networks, the absolute session lifetime and the idle timeout (for pages,
    htmx and session-authenticated API calls alike), forced password change and expiry."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not in_admin_networks(request.META.get("REMOTE_ADDR")):
            refused = self.refuse_outside_admin_networks(request)
            if refused is not None:
                return refused
        user = request.user
        if user.is_authenticated:
            policy = SecuritySettings.current()
            now = time.time()
            session = request.session
            login_at = session.setdefault("login_at", now)
            last_seen = session.get("last_seen", now)
            if now - login_at > policy.session_max_hours * 3600:
                return self.end_session(request, EXPIRED_MESSAGE)
            if now - last_seen > policy.idle_timeout_minutes * 60:
                return self.end_session(request, IDLE_MESSAGE)
            # Writing the session on every request would cost a query each time; a minute's
            # precision is enough for an idle timeout.
            if "last_seen" not in session or (now - last_seen > 60 and not is_passive(request)):
                session["last_seen"] = now
            if (
                not request.path.startswith(second_factor.OPEN_PREFIXES)
                and not user.is_verified()
                and second_factor.required(request)
            ):
                if is_api(request):
                    return JsonResponse({"detail": "须先在网页上完成动态口令验证"}, status=401)
                return redirect(f"{reverse('otp_verify')}?next={request.get_full_path()}")
            if not request.path.startswith(_OPEN_PREFIXES) and self.password_change_due(user, policy):
                return redirect("password_change")
        return self.get_response(request)

    @staticmethod
    def refuse_outside_admin_networks(request):
        user = request.user
        admin_page = request.path.startswith(("/admin/", "/manage/"))
        if not admin_page and not (user.is_authenticated and user.is_administrator):
            return None
        if user.is_authenticated and not admin_page:
            logout(request)
        if is_api(request):
            return JsonResponse({"detail": ADMIN_NETWORK_REFUSAL}, status=403)
        return render(request, "orgs/refused.html", {"reason": ADMIN_NETWORK_REFUSAL}, status=403)

    @staticmethod
    def end_session(request, message: str):
        path = request.get_full_path()
        logout(request)
        if is_api(request):
            return JsonResponse({"detail": message.replace("已自动退出", "会话已失效")}, status=401)
        messages.info(request, message)
        login_url = f"{reverse('login')}?next={request.path}"
        if request.headers.get("HX-Request"):
            response = HttpResponse(status=204)
            response["HX-Redirect"] = (
                f"{reverse('login')}?next={request.headers.get('HX-Current-URL') or path}"
            )
            return response
        return redirect(login_url)

    @staticmethod
    def password_change_due(user, policy) -> bool:
        if user.must_change_password:
            return True
        if policy.password_expiry_days and user.password_changed_at:
            return (timezone.now() - user.password_changed_at).days >= policy.password_expiry_days
        return False
