"""Runs the maintenance steps registered in fazhi.lib.maintenance.

Every step runs in its own transaction: a step that fails is rolled back and reported, and the
other steps still run. Each run is recorded as a MaintenanceRun (the administrator reads it under
系统管理 → 维护运行) and logged on the ``fazhi.maintenance`` logger.
"""

from __future__ import annotations

import datetime
import logging
import time

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from fazhi.lib import maintenance as registry
from fazhi.lib.maintenance import Step
from fazhi.ops.models import MaintenanceRun

log = logging.getLogger("fazhi.maintenance")


class UnknownStep(ValueError):
    pass


def steps(only: str = "") -> list[Step]:
    """The steps a run executes, in registration order; ``only`` names one."""
    if not only:
        return list(registry.STEPS.values())
    if only not in registry.STEPS:
        known = "、".join(registry.STEPS) or "无"
        raise UnknownStep(f"没有名为“{only}”的维护步骤（已注册：{known}）")
    return [registry.STEPS[only]]


def run(
    only: str = "", *, trigger: str = MaintenanceRun.Trigger.COMMAND, user=None, record=None
) -> MaintenanceRun:
    """Runs the steps now and returns the finished record (``record``: a claimed queued run)."""
    todo = steps(only)
    if record is None:
        record = MaintenanceRun.objects.create(
            trigger=trigger, only=only, requested_by=user, status=MaintenanceRun.Status.RUNNING
        )
    record.started_at = timezone.now()
    record.status = MaintenanceRun.Status.RUNNING
    record.results = []
    record.save()
    log.info("maintenance run %s: %d step(s)", record.pk, len(todo))
    for step in todo:
        began = time.monotonic()
        try:
            if step.atomic:
                with transaction.atomic():
                    summary = str(step.run() or "完成")
            else:
                summary = str(step.run() or "完成")
            ok = True
            log.info("maintenance step %s: %s", step.name, summary)
        except Exception as exc:  # one broken step must not stop the others
            log.exception("maintenance step %s failed", step.name)
            summary = f"失败：{exc}"[:500]
            ok = False
        record.results = [
            *record.results,
            {
                "name": step.name,
                "label": step.label,
                "ok": ok,
                "summary": summary,
                "seconds": round(time.monotonic() - began, 3),
            },
        ]
        record.save(update_fields=["results"])
    record.finished_at = timezone.now()
    failed = [r for r in record.results if not r["ok"]]
    record.status = MaintenanceRun.Status.FAILED if failed else MaintenanceRun.Status.DONE
    record.save(update_fields=["finished_at", "status"])
    log.log(
        logging.ERROR if failed else logging.INFO,
        "maintenance run %s %s: %s",
        record.pk,
        record.status,
        record.summary,
    )
    return record


def enqueue(only: str = "", *, trigger: str = MaintenanceRun.Trigger.ADMIN, user=None) -> MaintenanceRun:
    """Queues a run as a background task (run_worker runs it), unless one is already waiting."""
    steps(only)  # refuse an unknown step now, not in the worker
    waiting = MaintenanceRun.objects.filter(status=MaintenanceRun.Status.QUEUED, only=only).first()
    if waiting is not None:
        return waiting
    from fazhi.ops.tasks import run_queued

    record = MaintenanceRun.objects.create(trigger=trigger, only=only, requested_by=user)
    run_queued.enqueue(record.pk)
    return record


def claim(pk: int) -> MaintenanceRun | None:
    """Takes a queued run; the conditional UPDATE keeps a task delivered twice from running it twice."""
    if not MaintenanceRun.objects.filter(pk=pk, status=MaintenanceRun.Status.QUEUED).update(
        status=MaintenanceRun.Status.RUNNING
    ):
        return None
    return MaintenanceRun.objects.get(pk=pk)


def schedule_due(now: datetime.datetime | None = None) -> MaintenanceRun | None:
    """Queues the daily run once the local time passes FAZHI_MAINTENANCE_AT and none ran today."""
    at = settings.FAZHI_MAINTENANCE_AT
    if at is None:
        return None
    now = timezone.localtime(now or timezone.now())
    due = now.replace(hour=at.hour, minute=at.minute, second=0, microsecond=0)
    if now < due:
        return None
    if MaintenanceRun.objects.filter(trigger=MaintenanceRun.Trigger.SCHEDULE, created_at__gte=due).exists():
        return None
    return enqueue(trigger=MaintenanceRun.Trigger.SCHEDULE)


def run_claimed(pk: int) -> MaintenanceRun | None:
    """What the background task does: runs the queued run ``pk`` unless another worker took it."""
    record = claim(pk)
    if record is None:
        return None
    try:
        return run(record.only, record=record)
    except UnknownStep as exc:  # a step removed since the run was queued
        record.status = MaintenanceRun.Status.FAILED
        record.finished_at = timezone.now()
        record.results = [
            {"name": record.only, "label": record.only, "ok": False, "summary": str(exc), "seconds": 0}
        ]
        record.save()
        return record
