"""Writes to ledger records. Each is one transaction that writes the change and its history."""

from django.db import transaction
from django.utils import timezone

from fazhi.ledger.models import NilReturn
from fazhi.ledger.registry import Ledger
from fazhi.orgs.models import AuditLog, audit


def writable_org(user):
    """The township a user writes into, or None (county and administrators write no records)."""
    org = user.org
    return org if org is not None and org.level == "township" else None


@transaction.atomic
def save_record(ledger: Ledger, form, user, *, request=None):
    obj = form.save(commit=False)
    now = timezone.now()
    creating = obj.pk is None
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


@transaction.atomic
def delete_record(ledger: Ledger, obj, user, reason: str, *, request=None) -> None:
    obj._history_user = user
    obj._change_reason = f"删除：{reason}"
    label = f"{ledger.title} #{obj.pk}"
    org = obj.org
    obj.delete()
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
    nil, _ = NilReturn.objects.get_or_create(
        org=org, ledger=ledger.code, year=year, month=month, defaults={"declared_by": user}
    )
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
    NilReturn.objects.filter(org=org, ledger=ledger.code, year=year, month=month).delete()
    audit(
        request or user,
        AuditLog.Action.NIL_RETURN,
        target=ledger.title,
        detail=f"撤回 {year}年{month}月 本月无",
        org=org,
    )
