"""Writes to ledger records. Each is one transaction that writes the change and its history."""

from django.db import models, transaction
from django.utils import timezone

from fazhi.ledger.models import NilReturn
from fazhi.ledger.registry import Ledger
from fazhi.orgs.models import AuditLog, audit


def writable_org(user):
    """The township a user writes into, or None (county and administrators write no records)."""
    org = user.org
    return org if org is not None and org.level == "township" else None


STALE_MESSAGE = "该记录已被他人修改"


class Stale(Exception):
    """An edit based on an older version of the record than the stored one."""

    def __init__(self, ledger: Ledger, pk: int, expected: int, current: int):
        super().__init__(STALE_MESSAGE)
        self.expected, self.current = expected, current
        self.changes = changes_since(ledger, pk, expected)


def changes_since(ledger: Ledger, pk: int, version: int) -> list[dict]:
    """What was changed after `version`, field by field, with who changed it last."""
    from fazhi.ledger import values
    from fazhi.ledger.fields import EncryptedCharField

    rows = ledger.model.history.filter(id=pk).order_by("-history_date", "-history_id")
    newest = rows.select_related("history_user").first()
    based_on = rows.filter(version=version).first()
    if newest is None or based_on is None:
        return []
    by = str(newest.history_user) if newest.history_user_id else "系统"
    changes = []
    for name in ledger.fields:
        f = ledger.field(name)
        old, new = getattr(based_on, f.attname), getattr(newest, f.attname)
        if old == new:
            continue
        if isinstance(f, EncryptedCharField):
            shown = ("（已加密）", "（已修改）")
        elif isinstance(f, models.ForeignKey):
            shown = (str(getattr(based_on, name) or ""), str(getattr(newest, name) or ""))
        else:
            shown = tuple("" if v is None else str(values.shown(f, v)) for v in (old, new))
        changes.append(
            {"field": name, "label": ledger.label(name), "old": shown[0], "new": shown[1], "by": by}
        )
    return changes


@transaction.atomic
def save_record(ledger: Ledger, form, user, *, request=None, expected_version: int | None = None):
    """Raises Stale when `expected_version` (the version the user's form or request was based
    on) is no longer the stored one; the row is locked from the check to the write."""
    obj = form.save(commit=False)
    now = timezone.now()
    creating = obj.pk is None
    if not creating:
        current = (
            type(obj).objects.select_for_update().filter(pk=obj.pk).values_list("version", flat=True).first()
        )
        if expected_version is not None and current != expected_version:
            raise Stale(ledger, obj.pk, expected_version, current)
        obj.version = current
    if creating:
        obj.org = form.org
        obj.created_by, obj.created_at = user, now
    obj.updated_by, obj.updated_at = user, now
    obj._history_user = user
    obj._change_reason = "新增" if creating else "修改"
    obj.save()
    form.save_m2m()
    if ledger.date_field:
        # A record for a month that was declared empty makes the declaration untrue.
        when = getattr(obj, ledger.date_field)
        if when:
            NilReturn.objects.filter(
                org=obj.org, ledger=ledger.code, year=when.year, month=when.month
            ).delete()
    return obj


class Referenced(ValueError):
    """A record others point to cannot be deleted; the message names them, for the user."""


def referrers_message(ledger: Ledger, obj, referrers) -> str:
    by_kind: dict[str, list[str]] = {}
    for other in referrers:
        by_kind.setdefault(str(other._meta.verbose_name), []).append(f"“{other}”（#{other.pk}）")
    parts = [
        f"{kind}{'、'.join(names[:5])}{f'等{len(names)}条' if len(names) > 5 else ''}"
        for kind, names in by_kind.items()
    ]
    return f"不能删除{ledger.title}“{obj}”：{'；'.join(parts)}引用了它。请先修改或删除这些记录。"


@transaction.atomic
def delete_record(ledger: Ledger, obj, user, reason: str, *, request=None) -> None:
    """Raises Referenced when another record points to this one (nothing is changed then)."""
    obj._history_user = user
    obj._change_reason = f"删除：{reason}"[:100]  # history_change_reason holds 100
    label = f"{ledger.title} #{obj.pk}"
    org = obj.org
    try:
        obj.delete()
    except models.ProtectedError as exc:
        raise Referenced(referrers_message(ledger, obj, exc.protected_objects)) from None
    except models.RestrictedError as exc:
        raise Referenced(referrers_message(ledger, obj, exc.restricted_objects)) from None
    audit(request or user, AuditLog.Action.DELETE, target=label, detail=reason, org=org)


@transaction.atomic
def declare_nil(ledger: Ledger, org, year: int, month: int, user, *, request=None) -> NilReturn:
    """Declares a month empty; refused when records exist for it (then it is not empty)."""
    has_records = ledger.model.objects.filter(
        org=org, **{f"{ledger.date_field}__year": year, f"{ledger.date_field}__month": month}
    ).exists()
    if has_records:
        raise ValueError(f"{year}年{month}月已有{ledger.title}记录，不能申报本月无")
    today = timezone.localdate()
    if (year, month) > (today.year, today.month):
        raise ValueError("不能为尚未到来的月份申报本月无")
    nil, created = NilReturn.objects.get_or_create(
        org=org, ledger=ledger.code, year=year, month=month, defaults={"declared_by": user}
    )
    if not created:
        return nil  # declared before (a second click): nothing changed, nothing to record
    audit(
        request or user,
        AuditLog.Action.NIL_RETURN,
        target=ledger.title,
        detail=f"{year}年{month}月 本月无",
        org=org,
    )
    return nil


@transaction.atomic
def withdraw_nil(ledger: Ledger, org, year: int, month: int, user, *, request=None) -> None:
    deleted, _ = NilReturn.objects.filter(org=org, ledger=ledger.code, year=year, month=month).delete()
    if not deleted:
        raise ValueError(f"{ledger.title} {year}年{month}月没有“本月无”申报，无需撤回")
    audit(
        request or user,
        AuditLog.Action.NIL_RETURN,
        target=ledger.title,
        detail=f"撤回 {year}年{month}月 本月无",
        org=org,
    )
