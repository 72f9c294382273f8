"""Is the task queue working? For /healthz: the backend answers and nothing waits too long."""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone


def queue_health() -> dict:
    """{"ok": bool, "backend": "database"|"rq", "waiting": n, "oldest_wait_seconds": s, ...};
    "error" says what failed when the backend cannot be reached. Work waiting longer than
    FAZHI_HEALTH_QUEUE_MINUTES means no worker is taking it."""
    backend = settings.TASK_BACKEND
    try:
        report = _rq() if backend == "rq" else _database()
    except Exception as exc:  # a health check answers, it does not raise
        return {"ok": False, "backend": backend, "error": f"{type(exc).__name__}: {exc}"[:300]}
    report["backend"] = backend
    report["ok"] = report["oldest_wait_seconds"] < settings.FAZHI_HEALTH_QUEUE_MINUTES * 60
    return report


def _database() -> dict:
    from django_tasks_db.models import DBTaskResult

    ready = DBTaskResult.objects.ready()
    oldest = ready.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
    return {"waiting": ready.count(), "oldest_wait_seconds": _age(oldest)}


def _rq() -> dict:
    import django_rq
    from rq import Worker

    queue = django_rq.get_queue("default")
    queue.connection.ping()
    oldest = None
    first = queue.get_job_ids(0, 1)
    if first:
        job = queue.fetch_job(first[0])
        oldest = job.enqueued_at if job is not None else None
    return {
        "waiting": queue.count,
        "workers": Worker.count(queue=queue),
        "oldest_wait_seconds": _age(oldest),
    }


def _age(when) -> int:
    if when is None:
        return 0
    if timezone.is_naive(when):
        when = timezone.make_aware(when, timezone.utc)
    return max(0, int((timezone.now() - when).total_seconds()))
