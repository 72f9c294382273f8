"""Account life cycle, the system administrator's side of 三权分立: create, disable, re-enable and
issue one-time passwords. The administrator never chooses a password a user keeps: a one-time
password is generated here, shown once, and must be changed at the next login."""

import secrets
import string
from datetime import timedelta

from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from fazhi.lib.maintenance import maintenance_step
from fazhi.orgs.models import AuditLog, SecuritySettings, User, audit

_CLASSES = (string.ascii_uppercase, string.ascii_lowercase, string.digits, "!@#%&*+-=?")
# Letters and digits a reader mistakes for one another are left out of one-time passwords.
_AMBIGUOUS = set("0O1lI")


def generate_one_time_password() -> str:
    """A random password meeting the current policy with room to spare (every class present)."""
    length = max(SecuritySettings.current().password_min_length, 16)
    alphabets = ["".join(c for c in chars if c not in _AMBIGUOUS) for chars in _CLASSES]
    chars = [secrets.choice(a) for a in alphabets]
    everything = "".join(alphabets)
    chars += [secrets.choice(everything) for _ in range(length - len(chars))]
    secrets.SystemRandom().shuffle(chars)
    return "".join(chars)


@transaction.atomic
def issue_one_time_password(request, user: User, *, reason: str = "") -> str:
    """Replaces the user's password with a generated one that must be changed at next login.
    Existing sessions end (Django ties them to the password) and API tokens are revoked."""
    password = generate_one_time_password()
    user.set_password(password)
    user.must_change_password = True
    user.save()
    audit(
        request,
        AuditLog.Action.ONE_TIME_PASSWORD,
        target=user.username,
        detail=reason or "签发一次性密码，下次登录须修改",
        org=user.org,
    )
    return password


@transaction.atomic
def create_account(request, user: User) -> str:
    """Saves a new account with a one-time password; returns that password to show once."""
    password = generate_one_time_password()
    user.set_password(password)
    user.must_change_password = True
    user._audit_detail = "创建账号并签发一次性密码"  # the row is written by signals.log_account_change
    user.save()
    return password


@transaction.atomic
def disable_account(request, user: User, reason: str) -> None:
    user.is_active = False
    user._audit_detail = reason  # the row is written by signals.log_account_change
    user.save(update_fields=["is_active"])  # signals.revoke_tokens ends (and audits) its tokens


@transaction.atomic
def enable_account(request, user: User) -> str:
    """Re-enables an account; the person gets a one-time password, since the old one may be
    known to whoever used the account last."""
    user.is_active = True
    user._audit_detail = "重新启用账号"  # the row is written by signals.log_account_change
    user.save(update_fields=["is_active"])
    return issue_one_time_password(request, user, reason="重新启用账号时签发一次性密码")


def idle_accounts(days: int, now=None):
    """Active accounts with no login and no API use for `days` days (new accounts count from
    their creation)."""
    cutoff = (now or timezone.now()) - timedelta(days=days)
    return (
        User.objects.filter(is_active=True)
        .annotate(token_used=Max("api_tokens__last_used_at"))
        .filter(Q(last_login__lt=cutoff) | Q(last_login__isnull=True, date_joined__lt=cutoff))
        .filter(Q(token_used__isnull=True) | Q(token_used__lt=cutoff))
    )


@maintenance_step("disable_idle_accounts", "停用长期未使用的账号")
def disable_idle_accounts() -> str:
    days = SecuritySettings.current().idle_account_days
    if not days:
        return "未启用（安全设置中停用天数为 0）"
    names = []
    for user in idle_accounts(days):
        disable_account(None, user, f"{days} 天未使用，由定期维护任务自动停用")
        names.append(user.username)
    return f"停用账号 {len(names)} 个" + (f"：{'、'.join(names)}" if names else "")
