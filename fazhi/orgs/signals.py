"""Audit rows for events that have no single view: logins and logouts from any door, role and
permission changes, account creation and (de)activation, however they are made."""

from django.contrib.auth.models import Group, Permission
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import m2m_changed, post_save, pre_save
from django.dispatch import receiver

from fazhi.orgs.models import AuditLog, User, audit

_VERBS = {"post_add": "授予", "post_remove": "撤销", "post_clear": "清空"}


@receiver(m2m_changed, sender=User.groups.through)
def log_role_change(sender, instance, action, pk_set, reverse, **kwargs):
    if action not in _VERBS:
        return
    if reverse:  # users added to or removed from a group (instance is the group)
        for user in User.objects.filter(pk__in=pk_set or []):
            audit(
                None,
                AuditLog.Action.ROLE_CHANGE,
                target=user.username,
                detail=f"{_VERBS[action]}角色：{instance.name}",
                org=user.org,
            )
        return
    names = ", ".join(Group.objects.filter(pk__in=pk_set or []).values_list("name", flat=True))
    audit(
        None,
        AuditLog.Action.ROLE_CHANGE,
        target=instance.username,
        detail=f"{_VERBS[action]}角色：{names}",
        org=instance.org,
    )


def _permission_names(pk_set) -> str:
    return ", ".join(
        f"{p.content_type.app_label}.{p.codename}"
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
    if raw:
        return
    reason = getattr(instance, "_audit_reason", "")
    if created:
        detail = "创建账号" + ("" if instance.is_active else "（停用状态）")
    elif instance._was_active is not None and instance._was_active != instance.is_active:
        detail = "启用账号" if instance.is_active else "停用账号"
    else:
        return
    audit(
        None,
        AuditLog.Action.ACCOUNT,
        target=instance.username,
        detail=detail,
        org=instance.org,
        reason=reason,
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
