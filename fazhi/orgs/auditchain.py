"""Checking the audit hash chain and applying the retention period."""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from fazhi.lib.maintenance import maintenance_step
from fazhi.orgs.models import AuditLog, audit


@dataclass
class Broken:
    row: AuditLog
    problem: str

    def __str__(self) -> str:
        at = timezone.localtime(self.row.at)
        return f"第 {self.row.pk} 条（{at:%Y-%m-%d %H:%M:%S} {self.row.username} {self.row.get_action_display()}）：{self.problem}"


@dataclass
class Verification:
    checked: int
    first: AuditLog | None
    broken: Broken | None


def verify(batch: int = 2000) -> Verification:
    """Walks the chain oldest first and stops at the first row whose hash or link is wrong.

    The oldest remaining row's link is taken as given: rows before it were removed by the
    retention purge, which records the removal (and the last removed hash) in the chain itself."""
    previous: AuditLog | None = None
    first = None
    checked = 0
    for row in AuditLog.objects.order_by("id").iterator(chunk_size=batch):
        if first is None:
            first = row
        if previous is not None and row.prev_hash != previous.hash:
            return Verification(
                checked,
                first,
                Broken(row, f"与上一条（第 {previous.pk} 条）的链接不符，中间的记录被删除、插入或改动"),
            )
        if row.compute_hash() != row.hash:
            return Verification(checked, first, Broken(row, "内容与哈希不符，记录被改动"))
        checked += 1
        previous = row
    return Verification(checked, first, None)


@maintenance_step("audit_retention", "审计日志保留期清理")
def purge_expired() -> str:
    days = settings.FAZHI_AUDIT_RETENTION_DAYS
    cutoff = timezone.now() - timedelta(days=days)
    with transaction.atomic():
        # Only a prefix of the chain is removed, so what remains still verifies from its first
        # row: everything written before the first row that is still within the period.
        first_kept = (
            AuditLog.objects.filter(at__gte=cutoff).order_by("id").values_list("id", flat=True).first()
        )
        expired = AuditLog.objects.all() if first_kept is None else AuditLog.objects.filter(id__lt=first_kept)
        last = expired.order_by("-id").first()
        if last is None:
            return f"没有超过保留期（{days} 天）的审计日志"
        count, _ = expired.delete()
        audit(
            None,
            AuditLog.Action.AUDIT_RETENTION,
            target="审计日志",
            detail=f"删除 {cutoff:%Y-%m-%d} 之前的审计日志 {count} 条（保留 {days} 天），最后删除的一条为第 {last.pk} 条，哈希 {last.hash}",
        )
    return f"删除超过保留期（{days} 天）的审计日志 {count} 条"
