"""Guards and audit rows for events that have no single view: role changes (三权分立 behind the
forms), logins and logouts from any door, permission changes, account creation and
(de)activation, however they are made; token revocation on a new password or a disabled account."""

import time

from django.contrib.auth.models import Group, Permission
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models.signals import m2m_changed, post_save, pre_save
from django.dispatch import receiver

from fazhi.orgs import roles
from fazhi.orgs.models import ApiToken, AuditLog, User, audit


def _current_request():
    from simple_history.models import HistoricalRecords

    return getattr(HistoricalRecords.context, "request", None)


_VERBS = {"post_add": "授予", "post_remove": "撤销", "post_clear": "清空"}


@receiver(m2m_changed, sender=User.groups.through)
def guard_role_change(sender, instance, action, pk_set, reverse, **kwargs):
    """The last line of 三权分立 behind the forms: whatever path adds a role (admin, shell through a
    request, a group's member list), no one changes their own roles and no conflicting set forms."""
    if action != "pre_add" or not pk_set:
        return
    users = User.objects.filter(pk__in=pk_set) if reverse else [instance]
    added = [instance] if reverse else list(Group.objects.filter(pk__in=pk_set))
    request = _current_request()
    for user in users:
        if request is not None and getattr(request.user, "pk", None) == user.pk:
            raise PermissionDenied("不能修改自己的角色")
        problems = roles.conflicts(roles.codes_of_groups([*user.groups.all(), *added]))
        if problems:
            raise ValidationError(problems)


@receiver(m2m_changed, sender=User.groups.through)
def log_role_change(sender, instance, action, pk_set, reverse, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    users = User.objects.filter(pk__in=pk_set or []) if reverse else [instance]
    names = (
        instance.name
        if reverse
        else ", ".join(Group.objects.filter(pk__in=pk_set or []).values_list("name", flat=True))
    )
    verb = _VERBS[action]
    for user in users:
        audit(
            None,
            AuditLog.Action.ROLE_CHANGE,
            target=user.username,
            detail=f"{verb}角色：{names}",
            org=user.org,
        )
        # Only the three administrator roles reach the admin site.
        staff = user.is_administrator
        if user.is_staff != staff:
            User.objects.filter(pk=user.pk).update(is_staff=staff)
            user.is_staff = staff


def _permission_names(pk_set) -> str:
    return "、".join(
        roles.permission_label(p)
        for p in Permission.objects.filter(pk__in=pk_set or []).select_related("content_type")
    )


@receiver(m2m_changed, sender=Group.permissions.through)
def log_group_permission_change(sender, instance, action, pk_set, reverse, **kwargs):
    if action not in _VERBS or reverse:
        return
    audit(
        None,
        AuditLog.Action.PERMISSION_CHANGE,
        target=f"角色：{instance.name}",
        detail=f"{_VERBS[action]}权限：{_permission_names(pk_set) or '全部'}",
    )


@receiver(m2m_changed, sender=User.user_permissions.through)
def log_user_permission_change(sender, instance, action, pk_set, reverse, **kwargs):
    if action not in _VERBS or reverse:
        return
    audit(
        None,
        AuditLog.Action.PERMISSION_CHANGE,
        target=instance.username,
        detail=f"{_VERBS[action]}个人权限：{_permission_names(pk_set) or '全部'}",
        org=instance.org,
    )


@receiver(pre_save, sender=User)
def remember_active_state(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or instance.pk is None or (update_fields is not None and "is_active" not in update_fields):
        instance._was_active = None
        return
    instance._was_active = User.objects.filter(pk=instance.pk).values_list("is_active", flat=True).first()


@receiver(post_save, sender=User)
def log_account_change(sender, instance, created, raw=False, **kwargs):
    """One row per account created, disabled or re-enabled, whichever door made the change; the
    action that caused it may leave its words in `_audit_detail` (e.g. the idle-account run)."""
    if raw:
        return
    if created:
        action, detail = (
            AuditLog.Action.ACCOUNT_CREATE,
            "创建账号" + ("" if instance.is_active else "（停用状态）"),
        )
    elif instance._was_active is not None and instance._was_active != instance.is_active:
        action = AuditLog.Action.ACCOUNT_ENABLE if instance.is_active else AuditLog.Action.ACCOUNT_DISABLE
        detail = "启用账号" if instance.is_active else "停用账号"
    else:
        return
    audit(
        None,
        action,
        target=instance.username,
        detail=getattr(instance, "_audit_detail", "") or detail,
        org=instance.org,
        reason=getattr(instance, "_audit_reason", ""),
    )


@receiver(user_logged_in)
def log_login(sender, request, user, **kwargs):
    if request is None:
        return
    audit(request, AuditLog.Action.LOGIN, target=user.username, org=user.org)


@receiver(user_logged_out)
def log_logout(sender, request, user, **kwargs):
    if request is None or user is None:
        return
    audit(request, AuditLog.Action.LOGOUT, target=user.username, org=user.org)


@receiver(user_login_failed)
def log_login_failure(sender, credentials, request=None, **kwargs):
    if request is None or getattr(request, "fazhi_reauthentication", False):
        # A re-entered password (before a reveal) is recorded by the action it guards.
        return
    name = str(credentials.get("username", ""))[:150]
    known = User.objects.filter(username=name).select_related("org").first()
    audit(
        request,
        AuditLog.Action.LOGIN,
        target=name,
        org=known.org if known else None,
        outcome=AuditLog.Outcome.FAILURE,
        reason="账号已锁定"
        if getattr(request, "axes_locked_out", False)
        else "用户名或密码错误"
        if known
        else "用户名不存在",
        username=name or "（未填用户名）",
    )


@receiver(post_save, sender=User)
def revoke_tokens(sender, instance, created, update_fields=None, **kwargs):
    """A new password or a disabled account ends every API token of the user.

    The revocation is one audit row of its own (beside the password change's or the account's
    row), naming every token it ended, written only when a token was still active."""
    password_saved = update_fields is None or "password" in update_fields
    changed = getattr(instance, "_password_changed", False) and password_saved
    if password_saved:
        instance._password_changed = False
    if created:
        return
    if changed:
        _revoke_all(instance, "密码已修改")
    if not instance.is_active:
        _revoke_all(instance, "账号已停用")


def _revoke_all(user, reason: str) -> None:
    active = ApiToken.objects.filter(user=user).active()
    ids = sorted(active.values_list("pk", flat=True))
    if not ids or not ApiToken.objects.filter(pk__in=ids).revoke(reason):
        return
    audit(
        None,
        AuditLog.Action.TOKEN_REVOKE,
        target=user.username,
        detail=f"{reason}，撤销API令牌 {len(ids)} 个：" + "、".join(f"#{pk}" for pk in ids),
        org=user.org,
    )


@receiver(user_logged_in)
def start_session_clock(sender, request, user, **kwargs):
    """The absolute session lifetime and the idle timeout count from here."""
    if request is not None and hasattr(request, "session"):
        now = time.time()
        request.session["login_at"] = now
        request.session["last_seen"] = now
        request.session["second_factor_required"] = user.is_administrator
