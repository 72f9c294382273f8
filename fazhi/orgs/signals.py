import time

from django.contrib.auth.models import Group
from django.contrib.auth.signals import user_logged_in
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models.signals import m2m_changed, post_save
from django.dispatch import receiver

from fazhi.orgs import roles
from fazhi.orgs.models import ApiToken, AuditLog, User, audit


def _current_request():
    from simple_history.models import HistoricalRecords

    return getattr(HistoricalRecords.context, "request", None)


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
    verb = {"post_add": "授予", "post_remove": "撤销", "post_clear": "清空"}[action]
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


@receiver(post_save, sender=User)
def revoke_tokens(sender, instance, created, update_fields=None, **kwargs):
    """A new password or a disabled account ends every API token of the user."""
    password_saved = update_fields is None or "password" in update_fields
    changed = getattr(instance, "_password_changed", False) and password_saved
    if password_saved:
        instance._password_changed = False
    if created:
        return
    if changed:
        ApiToken.objects.filter(user=instance).revoke("密码已修改")
    if not instance.is_active:
        ApiToken.objects.filter(user=instance).revoke("账号已停用")


@receiver(user_logged_in)
def start_session_clock(sender, request, user, **kwargs):
    """The absolute session lifetime and the idle timeout count from here."""
    if request is not None and hasattr(request, "session"):
        now = time.time()
        request.session["login_at"] = now
        request.session["last_seen"] = now
        request.session["second_factor_required"] = user.is_administrator
