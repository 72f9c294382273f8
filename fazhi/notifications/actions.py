"""Writing notifications. `notify` is the one way a message is created: it runs once the
change that caused it is committed, so a step that fails leaves nobody notified of it.

Recipients are chosen by the same rule as `visible_to`: a user sees the records of their own
unit's subtree, so the users who can see a record of `org` are those whose unit is `org` or one
of its ancestors, and who hold the permission that reading or acting on it takes."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from fazhi.notifications.models import Notification

Kind = Notification.Kind


def _ancestor_paths(org) -> list[str]:
    parts = [p for p in org.path.split("/") if p]
    return ["/".join(parts[: n + 1]) + "/" for n in range(len(parts))]


def recipients(org, permission: str, *, exclude=None):
    """Active users who see `org`'s records and hold `permission` ("app.codename")."""
    app_label, codename = permission.split(".", 1)
    users = (
        get_user_model()
        .objects.filter(is_active=True, org__path__in=_ancestor_paths(org))
        .filter(
            groups__permissions__codename=codename, groups__permissions__content_type__app_label=app_label
        )
        .distinct()
    )
    if exclude is not None:
        users = users.exclude(pk=exclude.pk)
    return users


def notify(users: Iterable, text: str, url: str, kind: str = Kind.WAITING, key: str = "") -> None:
    """Tells each of `users` about `text` (linking to `url`) once the transaction commits. With a
    `key`, a user who was already told under that key is not told again."""
    ids = sorted({u.pk for u in users})
    if not ids:
        return
    now = timezone.now()

    def write() -> None:
        Notification.objects.bulk_create(
            [
                Notification(user_id=i, kind=kind, text=text[:300], url=url, key=key, created_at=now)
                for i in ids
            ],
            ignore_conflicts=bool(key),
        )

    transaction.on_commit(write, robust=True)


def unread(user):
    return Notification.objects.filter(user=user, read_at__isnull=True)


def mark_read(user, pk: int) -> Notification | None:
    """Marks one of the user's notifications read; None when it is not theirs."""
    found = Notification.objects.filter(user=user, pk=pk).first()
    if found is not None and found.read_at is None:
        found.read_at = timezone.now()
        found.save(update_fields=["read_at"])
    return found


def mark_all_read(user) -> int:
    return unread(user).update(read_at=timezone.now())
