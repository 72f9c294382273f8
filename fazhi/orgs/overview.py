"""What an administrator's home page states: accounts, sign-ins in progress, locks and recent
audit events, each for the roles that may see it. Administrators never see ledger figures."""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass

from django.contrib.sessions.models import Session
from django.db.models import Count, Q
from django.utils import timezone

from fazhi.orgs import lockout
from fazhi.orgs.models import AuditLog, SecuritySettings, User


@dataclass
class Accounts:
    active: int
    disabled: int
    must_change_password: int
    never_logged_in: int
    idle: int  # active accounts unused for longer than the policy's idle_account_days
    idle_days: int


def accounts() -> Accounts:
    """One query: counts of the accounts by the states the system administrator acts on."""
    policy = SecuritySettings.current()
    now = timezone.now()
    idle_since = now - dt.timedelta(days=policy.idle_account_days or 0)
    idle = Q(is_active=True, last_login__lt=idle_since) if policy.idle_account_days else Q(pk__in=[])
    counts = User.objects.aggregate(
        active=Count("pk", filter=Q(is_active=True)),
        disabled=Count("pk", filter=Q(is_active=False)),
        must_change=Count("pk", filter=Q(is_active=True, must_change_password=True)),
        never=Count("pk", filter=Q(is_active=True, last_login__isnull=True)),
        idle=Count("pk", filter=idle),
    )
    return Accounts(
        active=counts["active"],
        disabled=counts["disabled"],
        must_change_password=counts["must_change"],
        never_logged_in=counts["never"],
        idle=counts["idle"],
        idle_days=policy.idle_account_days,
    )


@dataclass
class SignIn:
    user: User
    login_at: dt.datetime
    last_seen: dt.datetime


def signed_in() -> list[SignIn]:
    """Sessions still alive under the policy (not idle past the timeout, not past the maximum
    length), most recently active first. The middleware ends the others at their next request."""
    policy = SecuritySettings.current()
    now = time.time()
    found: dict[int, tuple[float, float]] = {}
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        data = session.get_decoded()
        user_id = data.get("_auth_user_id")
        login_at, last_seen = data.get("login_at"), data.get("last_seen")
        if user_id is None or login_at is None or last_seen is None:
            continue
        if now - last_seen > policy.idle_timeout_minutes * 60:
            continue
        if now - login_at > policy.session_max_hours * 3600:
            continue
        user_id = int(user_id)
        if user_id not in found or found[user_id][1] < last_seen:
            found[user_id] = (login_at, last_seen)
    users = User.objects.select_related("org").in_bulk(list(found))
    zone = timezone.get_current_timezone()
    result = [
        SignIn(
            users[pk],
            dt.datetime.fromtimestamp(login_at, tz=zone),
            dt.datetime.fromtimestamp(last_seen, tz=zone),
        )
        for pk, (login_at, last_seen) in found.items()
        if pk in users
    ]
    return sorted(result, key=lambda s: s.last_seen, reverse=True)


def recent_events(limit: int = 10) -> list[AuditLog]:
    return list(AuditLog.objects.select_related("org").order_by("-at", "-id")[:limit])


def failures_since(hours: int = 24) -> int:
    """Failed actions (logins refused, exports refused, …) in the audit log of the last hours."""
    since = timezone.now() - dt.timedelta(hours=hours)
    return AuditLog.objects.filter(at__gte=since, outcome=AuditLog.Outcome.FAILURE).count()


def for_user(user) -> dict:
    """The sections of the administrators' home page the user's role allows, and nothing else."""
    context: dict = {}
    if user.has_perm("orgs.view_user"):
        context["accounts"] = accounts()
        sessions = signed_in()
        context["sessions"] = sessions[:10]
        context["session_count"] = len(sessions)
    if user.has_perm("orgs.change_securitysettings"):
        context["locked"] = lockout.locked_accounts()
    if user.has_perm("orgs.view_audit"):
        context["events"] = recent_events()
        context["failures_24h"] = failures_since(24)
    return context
