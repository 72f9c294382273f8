"""The JSON API at /api/v1/: token auth, org units, and the generated ledger routes."""

import json

from django.conf import settings
from django.contrib.auth import authenticate
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone
from ninja import NinjaAPI, Schema, Status
from ninja.errors import HttpError
from ninja.parser import Parser
from ninja.security import HttpBearer, django_auth

from fazhi import errors
from fazhi.indicators import api as indicators_api
from fazhi.ledger import api as ledger_api
from fazhi.ledger import registry, todo
from fazhi.lib import jsonbody
from fazhi.orgs import second_factor
from fazhi.orgs.middleware import ADMIN_NETWORK_REFUSAL
from fazhi.orgs.models import ApiToken, AuditLog, OrgUnit, audit
from fazhi.orgs.network import in_admin_networks
from fazhi.supervision import api as supervision_api

AUTH_REQUIRED = "未登录，或令牌无效、已过期、已撤销：请以 POST /api/v1/auth/token 取得令牌"
# Messages django-ninja raises in English, in the Chinese the API speaks.
_TRANSLATED = {
    "Unauthorized": AUTH_REQUIRED,
    "Forbidden": "无权执行此操作",
    "CSRF check Failed": "CSRF 校验失败：以登录会话调用时须带 X-CSRFToken 请求头，或改用令牌",
    "Too many requests.": "请求过于频繁，请稍后再试",
}
# last_used_at is written at most this often per token, so a busy client costs no write per call.
_TOUCH_SECONDS = 60


class BearerToken(HttpBearer):
    def authenticate(self, request, token):
        found = ApiToken.objects.presented(token)
        if found is None or not found.user.is_active:
            return None
        now = timezone.now()
        ip = request.META.get("REMOTE_ADDR")
        if (
            found.last_used_at is None
            or (now - found.last_used_at).total_seconds() > _TOUCH_SECONDS
            or found.last_used_ip != ip
        ):
            ApiToken.objects.filter(pk=found.pk).update(last_used_at=now, last_used_ip=ip)
        request.user = found.user
        request.api_token = found
        return found.user


class StrictParser(Parser):
    """Bodies of the typed operations (the token) read as strictly as the ledger bodies."""

    def parse_body(self, request):
        return jsonbody.parse(request.body, empty={})


api = NinjaAPI(
    title="法治政府建设平台 API",
    version="1",
    description="乡镇法治政府建设台账接口。先以 POST /api/v1/auth/token 取得令牌，再以 Authorization: Bearer <令牌> 调用；"
    "令牌到期或以 POST /api/v1/auth/logout 注销后失效。",
    auth=[BearerToken(), django_auth],
    urls_namespace="api",
    openapi_url="/openapi.json",
    parser=StrictParser(),
)


class TokenIn(Schema):
    username: str
    password: str
    otp: str = ""


@api.post("/auth/token", auth=None, tags=["认证"], summary="用用户名和密码换取令牌")
def issue_token(request, payload: TokenIn):
    user = authenticate(request, username=payload.username, password=payload.password)
    if user is None:
        raise HttpError(401, "用户名或密码错误，或账号已被锁定")
    # The password is verified: this request acts as the user (as a bearer token's requests do),
    # so the audit rows below carry both the user and the address it came from.
    request.user = user
    if user.is_administrator and not in_admin_networks(request.META.get("REMOTE_ADDR")):
        raise HttpError(403, ADMIN_NETWORK_REFUSAL)
    if second_factor.required_for(user) and not second_factor.check_api_code(user, payload.otp):
        audit(
            request,
            AuditLog.Action.OTP_FAILURE,
            target=user.username,
            org=user.org,
            outcome=AuditLog.Outcome.FAILURE,
            reason="申请API令牌时动态口令缺失或不正确",
        )
        raise HttpError(401, "须提供正确的动态口令（otp 字段：手机验证器上的6位数字或一个恢复码）")
    if user.must_change_password:
        raise HttpError(403, "须先登录网页修改密码（一次性密码或初始密码不能用于接口）")
    raw, token = ApiToken.issue(user, settings.FAZHI_API_TOKEN_DAYS, ip=request.META.get("REMOTE_ADDR"))
    audit(
        request, AuditLog.Action.TOKEN, target=user.username, detail=f"签发API令牌 #{token.pk}", org=user.org
    )
    return {"token": raw, "expires_at": token.expires_at.isoformat()}


@api.post("/auth/logout", auth=BearerToken(), tags=["认证"], summary="注销本令牌", response={204: None})
def logout_token(request):
    token = request.api_token
    ApiToken.objects.filter(pk=token.pk).revoke("注销")
    audit(
        request,
        AuditLog.Action.TOKEN_REVOKE,
        target=request.user.username,
        detail=f"注销API令牌 #{token.pk}",
        org=request.user.org,
    )
    return Status(204, None)


@api.get("/orgs", tags=["组织"], summary="当前用户可见的组织")
def list_orgs(request):
    return [
        {"code": o.code, "name": o.name, "level": o.level, "parent": o.parent.code if o.parent_id else None}
        for o in OrgUnit.objects.visible_to(request.user).select_related("parent")
    ]


@api.get("/ledgers", tags=["台账"], summary="台账目录")
def list_ledgers(request):
    return [
        {"code": lg.code, "title": lg.title, "area": lg.area, "area_name": lg.area_name, "yearly": lg.yearly}
        for lg in registry.all_ledgers()
        if lg.can(request.user, "view")
    ]


@api.get("/todo", tags=["待办"], summary="逾期和即将到期的事项")
def list_todo(request, days: int = 10):
    """Everything late or due within `days` working days, for the orgs the user may see."""
    today = timezone.localdate()
    org_ids = list(OrgUnit.objects.visible_to(request.user).townships().values_list("pk", flat=True))
    days = min(max(days, 0), 250)
    return [t.as_dict(today) for t in todo.items(request.user, org_ids, today, days)]


@api.exception_handler(json.JSONDecodeError)
def bad_json(request, exc):
    return api.create_response(request, {"detail": "请求体不是有效的JSON"}, status=400)


@api.exception_handler(Http404)
def not_found(request, exc):
    return errors.error_response(request, 404, errors.reason_of(exc))


@api.exception_handler(PermissionDenied)
def forbidden(request, exc):
    return errors.error_response(request, 403, errors.reason_of(exc))


@api.exception_handler(jsonbody.BodyError)
def bad_body(request, exc):
    return api.create_response(request, {"detail": str(exc)}, status=400)


@api.exception_handler(HttpError)
def http_error(request, exc):
    # Ninja wraps a parser's failure in "Cannot parse request body"; the user gets ours. Messages
    # ninja raises in English are answered in Chinese.
    cause = exc.__cause__
    detail = str(cause) if isinstance(cause, jsonbody.BodyError) else _TRANSLATED.get(str(exc), str(exc))
    return api.create_response(request, {"detail": detail}, status=exc.status_code)


api.add_router("", ledger_api.build())
api.add_router("", indicators_api.router)
api.add_router("", supervision_api.router)
