"""TOTP second factor (django-otp): enrolment with a QR code drawn here as SVG, one-time
recovery codes, verification after the password, and the security administrator's reset of a
lost device. Required for the three administrator roles (FAZHI_ADMIN_TOTP, on outside demo
mode) and for every user when the security administrator switches it on."""

from base64 import b32encode

import django_otp
import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from fazhi.orgs.models import AuditLog, SecuritySettings, User, audit

RECOVERY_CODES = 10
SESSION_KEY = "second_factor_required"
OPEN_PREFIXES = ("/accounts/otp/", "/accounts/logout/", "/static/")


def required_for(user) -> bool:
    if SecuritySettings.current().second_factor_for_all:
        return True
    return settings.FAZHI_ADMIN_TOTP and user.is_administrator


def required(request) -> bool:
    """Whether this session must pass the second factor; the role part is settled at login so
    that ordinary requests cost no query."""
    if SecuritySettings.current().second_factor_for_all:
        return True
    if not settings.FAZHI_ADMIN_TOTP:
        return False
    if SESSION_KEY not in request.session:
        request.session[SESSION_KEY] = request.user.is_administrator
    return request.session[SESSION_KEY]


def enrolled(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def check_api_code(user, code: str) -> bool:
    """For the token endpoint: a current TOTP code or an unused recovery code."""
    return bool(code) and django_otp.match_token(user, code.strip()) is not None


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return "/"


def qr_svg(text: str) -> str:
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    return image.to_string(encoding="unicode")


@login_required
def verify(request):
    if not enrolled(request.user):
        return redirect(f"/accounts/otp/setup/?next={_next(request)}")
    error = ""
    if request.method == "POST":
        code = request.POST.get("code", "").replace(" ", "")
        device = django_otp.match_token(request.user, code) if code else None
        if device is not None:
            django_otp.login(request, device)
            if isinstance(device, StaticDevice):
                left = StaticToken.objects.filter(device=device).count()
                messages.warning(request, f"已使用一个恢复码，还剩 {left} 个。丢失手机请联系安全管理员重置。")
            return redirect(_next(request))
        error = "动态口令不正确、已过期或已使用过，请输入手机上当前显示的6位数字（或一个未用过的恢复码）。"
        _audit_failure(request, "登录时动态口令不正确、已过期或已使用过")
    return render(request, "orgs/otp_verify.html", {"error": error, "next": _next(request)})


@login_required
def setup(request):
    user = request.user
    if enrolled(user):
        messages.info(request, "您已绑定动态口令。更换手机须由安全管理员先重置。")
        return redirect("otp_verify")
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first() or TOTPDevice.objects.create(
        user=user, name="手机动态口令", confirmed=False
    )
    error = ""
    if request.method == "POST":
        if device.verify_token(request.POST.get("code", "").replace(" ", "")):
            codes = _confirm(request, device)
            response = render(
                request, "orgs/otp_recovery_codes.html", {"codes": codes, "next": _next(request)}
            )
            response["Cache-Control"] = "no-store"
            return response
        error = "动态口令不正确，请确认手机时间准确后输入当前显示的6位数字。"
        _audit_failure(request, "绑定时动态口令不正确")
    return render(
        request,
        "orgs/otp_setup.html",
        {
            "qr": qr_svg(device.config_url),
            "secret": b32encode(device.bin_key).decode(),
            "error": error,
            "next": _next(request),
        },
    )


def _audit_failure(request, reason: str) -> None:
    audit(
        request,
        AuditLog.Action.OTP_FAILURE,
        target=request.user.username,
        org=request.user.org,
        outcome=AuditLog.Outcome.FAILURE,
        reason=reason,
    )


@transaction.atomic
def _confirm(request, device: TOTPDevice) -> list[str]:
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    StaticDevice.objects.filter(user=device.user).delete()
    recovery = StaticDevice.objects.create(user=device.user, name="恢复码")
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=recovery, token=c) for c in codes)
    django_otp.login(request, device)
    audit(
        request,
        AuditLog.Action.OTP_ENROL,
        target=device.user.username,
        detail="绑定动态口令并生成恢复码",
        org=device.user.org,
    )
    return codes


@login_required
@permission_required("orgs.change_securitysettings", raise_exception=True)
def manage(request):
    """The security administrator's page: who has a second factor, and the reset of a lost one."""
    if request.method == "POST":
        return reset(request)
    users = (
        User.objects.filter(totpdevice__confirmed=True).select_related("org").distinct().order_by("username")
    )
    return render(
        request,
        "orgs/otp_manage.html",
        {"users": users, "for_all": SecuritySettings.current().second_factor_for_all},
    )


@require_POST
@transaction.atomic
def reset(request):
    username = request.POST.get("username", "")
    user = User.objects.filter(username=username).select_related("org").first()
    if user is None:
        messages.error(request, "没有这个账号。")
    elif user.pk == request.user.pk:
        messages.error(request, "不能重置自己的动态口令，请由另一位安全管理员操作。")
    else:
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        audit(
            request,
            AuditLog.Action.OTP_RESET,
            target=user.username,
            detail="重置动态口令（设备丢失）；下次登录须重新绑定",
            org=user.org,
        )
        messages.success(request, f"已重置 {user} 的动态口令，其下次登录时须重新绑定。")
    return redirect("otp_manage")
