"""Login lockout on top of django-axes.

Failures lock a username *from one address* (default 5 within 30 minutes), so nobody can lock an
administrator out from elsewhere; a wider limit counts the username's failures from every
address (default 20), against guessing spread over many machines. The security administrator
sees locked accounts and unlocks them on a page; lockouts and unlocks are audited."""

from dataclasses import dataclass, field
from datetime import datetime

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.db import transaction
from django.db.models import Max, Sum
from django.utils import timezone

from fazhi.orgs.models import AuditLog, SecuritySettings, User, audit
from fazhi.orgs.security import axes_cooloff


def _window_start():
    return timezone.now() - axes_cooloff(None)


def username_failures(username: str) -> int:
    return (
        AccessAttempt.objects.filter(username=username, attempt_time__gte=_window_start()).aggregate(
            n=Sum("failures_since_start")
        )["n"]
        or 0
    )


class LockoutHandler(AxesDatabaseHandler):
    def is_locked(self, request, credentials=None) -> bool:
        if super().is_locked(request, credentials):
            return True
        username = get_client_username(request, credentials)
        return (
            bool(username)
            and username_failures(username) >= SecuritySettings.current().lockout_failures_username
        )

    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs):
        # A failure while already locked is not a new lockout.
        was_locked = request is not None and self.is_locked(request, credentials)
        super().user_login_failed(sender, credentials, request=request, **kwargs)
        if request is None:
            return
        username = get_client_username(request, credentials)
        policy = SecuritySettings.current()
        wide = bool(username) and username_failures(username) >= policy.lockout_failures_username
        if wide and not request.axes_locked_out:
            request.axes_locked_out = True
            request.axes_credentials = credentials
        if request.axes_locked_out and not was_locked:
            scope = "所有地址" if wide else f"地址 {request.axes_ip_address}"
            audit(
                request,
                AuditLog.Action.LOCKOUT,
                target=username or "",
                detail=f"登录失败次数达到上限，{scope}锁定 {policy.lockout_minutes} 分钟",
                username=username or "（未填用户名）",
                org=getattr(
                    User.objects.filter(username=username).select_related("org").first(), "org", None
                ),
            )


@dataclass
class LockedAccount:
    username: str
    user: User | None
    failures: int
    last_attempt: datetime
    until: datetime
    addresses: list[str] = field(default_factory=list)
    everywhere: bool = False


def locked_accounts() -> list[LockedAccount]:
    """Usernames currently locked, from which addresses (or everywhere), and until when."""
    policy = SecuritySettings.current()
    start = _window_start()
    pairs = (
        AccessAttempt.objects.filter(attempt_time__gte=start)
        .values("username", "ip_address")
        .annotate(n=Sum("failures_since_start"), last=Max("attempt_time"))
    )
    found: dict[str, LockedAccount] = {}
    totals: dict[str, int] = {}
    for row in pairs:
        name = row["username"] or ""
        totals[name] = totals.get(name, 0) + row["n"]
        entry = found.get(name)
        if entry is None:
            entry = found[name] = LockedAccount(name, None, 0, row["last"], row["last"])
        entry.failures += row["n"]
        entry.last_attempt = max(entry.last_attempt, row["last"])
        if row["n"] >= policy.lockout_failures:
            entry.addresses.append(row["ip_address"])
    cooloff = axes_cooloff(None)
    locked = []
    for name, entry in found.items():
        entry.everywhere = totals[name] >= policy.lockout_failures_username
        if entry.addresses or entry.everywhere:
            entry.until = entry.last_attempt + cooloff
            locked.append(entry)
    users = User.objects.select_related("org").in_bulk([e.username for e in locked], field_name="username")
    for entry in locked:
        entry.user = users.get(entry.username)
    return sorted(locked, key=lambda e: e.last_attempt, reverse=True)


@transaction.atomic
def unlock(request, username: str) -> int:
    count, _ = AccessAttempt.objects.filter(username=username).delete()
    user = User.objects.filter(username=username).first()
    audit(
        request,
        AuditLog.Action.UNLOCK,
        target=username,
        detail=f"解除登录锁定（清除失败记录 {count} 条）",
        org=user.org if user else None,
    )
    return count
