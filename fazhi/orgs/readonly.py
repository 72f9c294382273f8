"""Read-only roles (市级督导, 省级督导) write nothing anywhere: every unsafe request of theirs is
refused here, before any view runs, for pages and API calls alike (signed in by session or by a
bearer token, on routes that need authentication or not).

Only the user's own account stays writable: signing in and out, changing the password, the
second factor and their own API tokens."""

from django.http import JsonResponse
from django.shortcuts import render
from django.urls import Resolver404, resolve

from fazhi.orgs.roles import is_read_only

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
REFUSAL = "您的角色（市级、省级督导）只能查看，不能新增、修改、删除或提交任何内容。"
# The account's own doors (URL names), open to every signed-in user.
ACCOUNT_URL_NAMES = frozenset(
    {
        "login",
        "logout",
        "password_change",
        "otp_verify",
        "otp_setup",
        "my_tokens",
        "revoke_token",
    }
)
ACCOUNT_API_PATHS = frozenset({"/api/v1/auth/token", "/api/v1/auth/logout"})


def refusal(request, user) -> str | None:
    """Why this request of `user` is refused, or None."""
    if request.method in SAFE_METHODS or user is None or not user.is_authenticated:
        return None
    if request.path_info.rstrip("/") in ACCOUNT_API_PATHS:
        return None
    try:
        name = resolve(request.path_info).view_name
    except Resolver404:
        name = ""
    if name in ACCOUNT_URL_NAMES:
        return None
    return REFUSAL if is_read_only(user) else None


def bearer_user(request):
    """The user of the request's API token (the API authenticates it later, per route)."""
    from fazhi.orgs.models import ApiToken

    kind, _, raw = request.headers.get("Authorization", "").partition(" ")
    if kind.lower() != "bearer" or not raw.strip():
        return None
    token = ApiToken.objects.presented(raw.strip())
    return token.user if token is not None else None


class ReadOnlyRoleMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            request.method not in SAFE_METHODS
            and not user.is_authenticated
            and request.path.startswith("/api/")
        ):
            user = bearer_user(request)
        reason = refusal(request, user)
        if reason is None:
            return self.get_response(request)
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": reason}, status=403)
        return render(request, "orgs/refused.html", {"reason": reason}, status=403)
