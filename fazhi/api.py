"""The JSON API at /api/v1/: token auth, org units, and the generated ledger routes."""

import json

from django.conf import settings
from django.contrib.auth import authenticate
from django.utils import timezone
from ninja import NinjaAPI, Schema
from ninja.errors import HttpError
from ninja.parser import Parser
from ninja.security import HttpBearer, django_auth

from fazhi.indicators import api as indicators_api
from fazhi.ledger import api as ledger_api
from fazhi.ledger import registry, todo
from fazhi.lib import jsonbody
from fazhi.orgs.models import ApiToken, AuditLog, OrgUnit, audit


class BearerToken(HttpBearer):
    def authenticate(self, request, token):
        found = (
            ApiToken.objects.select_related("user", "user__org")
            .filter(key_hash=ApiToken.hash(token), expires_at__gt=timezone.now())
            .first()
        )
        if found is None or not found.user.is_active:
            return None
        request.user = found.user
        return found.user


class StrictParser(Parser):
    """Bodies of the typed operations (the token) read as strictly as the ledger bodies."""

    def parse_body(self, request):
        return jsonbody.parse(request.body, empty={})


api = NinjaAPI(
    title="法治政府建设平台 API",
    version="1",
    description="乡镇法治政府建设台账接口。先以 POST /api/v1/auth/token 取得令牌，再以 Authorization: Bearer <令牌> 调用。",
    auth=[BearerToken(), django_auth],
    urls_namespace="api",
    openapi_url="/openapi.json",
    parser=StrictParser(),
)


class TokenIn(Schema):
    username: str
    password: str


@api.post("/auth/token", auth=None, tags=["认证"], summary="用用户名和密码换取令牌")
def issue_token(request, payload: TokenIn):
    user = authenticate(request, username=payload.username, password=payload.password)
    if user is None:
        raise HttpError(401, "用户名或密码错误，或账号已被锁定")
    token = ApiToken.issue(user, settings.FAZHI_API_TOKEN_DAYS)
    audit(user, AuditLog.Action.TOKEN, target=user.username, detail="签发API令牌", org=user.org)
    return {"token": token, "expires_in_days": settings.FAZHI_API_TOKEN_DAYS}


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


@api.exception_handler(jsonbody.BodyError)
def bad_body(request, exc):
    return api.create_response(request, {"detail": str(exc)}, status=400)


@api.exception_handler(HttpError)
def http_error(request, exc):
    # Ninja wraps a parser's failure in "Cannot parse request body"; the user gets ours.
    cause = exc.__cause__
    detail = str(cause) if isinstance(cause, jsonbody.BodyError) else str(exc)
    return api.create_response(request, {"detail": detail}, status=exc.status_code)


api.add_router("", ledger_api.build())
api.add_router("", indicators_api.router)
