"""Error answers in Chinese: pages in the site layout with the reason the code gave and a way
back; JSON with a Chinese `detail` for the API. Wired as handler400/403/404/500 in urls.py and
as CSRF_FAILURE_VIEW."""

import logging

from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.html import escape
from django.utils.http import url_has_allowed_host_and_scheme

log = logging.getLogger(__name__)

TITLES = {
    400: "请求无法处理",
    403: "没有权限",
    404: "页面不存在",
    429: "操作过于频繁",
    500: "系统出错",
}
DEFAULT_REASONS = {
    400: "请求的内容不完整或格式不正确，请返回后重新操作。",
    403: "您的角色不能进行此操作。",
    404: "您要找的页面或记录不存在，或者您无权查看。",
    429: "请求次数过多，请稍后再试。",
    500: "系统处理时出错，已记录在日志中，请稍后重试；如反复出现请联系系统管理员。",
}


def reason_of(exception) -> str:
    """The message the code raised, when it is meant for users (ours are Chinese); Django's own
    English messages ("No Dispute matches the given query.") are replaced by the default."""
    if exception is None or not exception.args:
        return ""
    message = exception.args[0]
    if not isinstance(message, str) or message.isascii():
        return ""
    return message


def is_api(request) -> bool:
    return request.path.startswith("/api/v1/")


def error_response(request, status: int, reason: str = ""):
    detail = reason or DEFAULT_REASONS[status]
    if is_api(request):
        return JsonResponse({"detail": detail}, status=status, json_dumps_params={"ensure_ascii": False})
    back = request.META.get("HTTP_REFERER", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = ""
    context = {"status": status, "title": TITLES[status], "reason": detail, "back": back}
    try:
        return render(request, "error.html", context, status=status)
    except Exception:  # the layout needs the database; a broken database must still get an answer
        log.exception("error page could not be rendered")
        body = f"<!doctype html><meta charset='utf-8'><title>{TITLES[status]}</title><h1>{status} {TITLES[status]}</h1><p>{escape(detail)}</p><p><a href='/'>回到首页</a></p>"
        return HttpResponse(body, status=status)


def bad_request(request, exception=None):
    return error_response(request, 400)


def permission_denied(request, exception=None):
    return error_response(request, 403, reason_of(exception))


def page_not_found(request, exception=None):
    return error_response(request, 404, reason_of(exception))


def server_error(request):
    return error_response(request, 500)


def csrf_failure(request, reason=""):
    return error_response(request, 403, "页面已过期或请求来源不符（安全校验未通过），请刷新页面后重新提交。")
