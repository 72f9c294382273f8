"""The daily reminder: each township user is told once about every to-do item of theirs that
falls due within the next few working days. The items come from the to-do list's own public
computation, per user, so a user is told only of what their role lets them see."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone

from fazhi.ledger import todo
from fazhi.lib.maintenance import maintenance_step
from fazhi.notifications.actions import Kind, notify
from fazhi.notifications.models import Notification
from fazhi.orgs.models import Level

DEFAULT_DAYS = 3


def days_ahead() -> int:
    return getattr(settings, "FAZHI_NOTIFY_DUE_DAYS", DEFAULT_DAYS)


def key_of(item: todo.Todo) -> str:
    where = item.ledger or item.link
    return f"due:{item.kind}:{where}:{item.record.pk}:{item.due:%Y%m%d}"[:120]


def text_of(item: todo.Todo) -> str:
    return f"{item.due:%Y-%m-%d}到期：{item.reason}（{item.record}）"


@maintenance_step("notify-deadlines", "提醒即将到期的待办事项")
def notify_deadlines() -> str:
    today = timezone.localdate()
    ahead = days_ahead()
    users = (
        get_user_model()
        .objects.filter(is_active=True, org__level=Level.TOWNSHIP)
        .select_related("org")
        .prefetch_related("groups")
    )
    # Users of one township holding the same roles see the same items: computed once for them.
    cohorts: dict[tuple[int, frozenset[int]], list] = {}
    for user in users:
        cohorts.setdefault((user.org_id, frozenset(g.pk for g in user.groups.all())), []).append(user)
    told = 0
    for (org_id, groups), members in cohorts.items():
        if not groups:
            continue
        for item in todo.items(members[0], [org_id], today, ahead):
            if item.optional or item.beyond_horizon or item.state(today) != todo.DUE:
                continue
            key = key_of(item)
            already = set(
                Notification.objects.filter(user__in=members, key=key).values_list("user_id", flat=True)
            )
            fresh = [m for m in members if m.pk not in already]
            notify(fresh, text_of(item), item.url, kind=Kind.DEADLINE, key=key)
            told += len(fresh)
    return f"{ahead}个工作日内到期的待办事项：新发提醒{told}条（已提醒过的不再重复）"
