import time

from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone

from fazhi.orgs.models import SecuritySettings

# Paths a user who must change the password can still reach.
_OPEN_PREFIXES = ("/accounts/", "/static/", "/api/")


class SecurityPolicyMiddleware:
    """Idle timeout, forced password change and password expiry, from SecuritySettings."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and not request.path.startswith("/api/"):
            policy = SecuritySettings.current()
            now = time.time()
            last_seen = request.session.get("last_seen", now)
            if now - last_seen > policy.idle_timeout_minutes * 60:
                logout(request)
                messages.info(request, "长时间未操作，已自动退出，请重新登录。")
                return redirect(f"{reverse('login')}?next={request.path}")
            # Writing the session on every request would cost a query each time; a minute's
            # precision is enough for an idle timeout.
            if now - last_seen > 60 or "last_seen" not in request.session:
                request.session["last_seen"] = now
            if not request.path.startswith(_OPEN_PREFIXES) and self.password_change_due(user, policy):
                return redirect("password_change")
        return self.get_response(request)

    @staticmethod
    def password_change_due(user, policy) -> bool:
        if user.must_change_password:
            return True
        if policy.password_expiry_days and user.password_changed_at:
            return (timezone.now() - user.password_changed_at).days >= policy.password_expiry_days
        return False
