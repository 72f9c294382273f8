from django.db.models.signals import m2m_changed
from django.dispatch import receiver

from fazhi.orgs.models import AuditLog, User, audit


@receiver(m2m_changed, sender=User.groups.through)
def log_role_change(sender, instance, action, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    from django.contrib.auth.models import Group

    names = ", ".join(Group.objects.filter(pk__in=pk_set or []).values_list("name", flat=True))
    verb = {"post_add": "授予", "post_remove": "撤销", "post_clear": "清空"}[action]
    audit(
        None,
        AuditLog.Action.ROLE_CHANGE,
        target=instance.username,
        detail=f"{verb}角色：{names}",
        org=instance.org,
    )
