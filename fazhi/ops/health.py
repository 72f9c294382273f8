"""Health of one app server as the load balancer and the operator see it: the database, the cache
(Redis when configured), the background queue and the disk where files are written.

`/healthz` answers JSON to anyone without logging in, 200 when every check passes and 503 when one
fails; it names each check's outcome and timing and, for a failure, only the kind of error (never
a message, which may hold a host name or a user name). `?check=database&check=cache` limits the
checks, so a load balancer can take an app server out of rotation for its own faults only and
leave the queue and the disk to the monitoring (docs/deploy.md). `manage.py healthcheck` runs the
same checks for a container's HEALTHCHECK or a systemd watchdog.

/metrics (django-prometheus) answers only the networks in FAZHI_METRICS_NETWORKS or a request
bearing `Authorization: Bearer <FAZHI_METRICS_TOKEN>`.
"""

from __future__ import annotations

import hmac
import shutil
import time
import uuid
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import connections
from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django_prometheus.exports import ExportToDjangoView

from fazhi.orgs.network import in_networks


def check_database() -> dict:
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {}


def check_cache() -> dict:
    """A round trip through the default cache (and the session cache when it is another)."""
    aliases = ["default", *(["sessions"] if "sessions" in settings.CACHES else [])]
    for alias in aliases:
        cache = caches[alias]
        key, value = f"healthz:{uuid.uuid4().hex}", uuid.uuid4().hex
        cache.set(key, value, 30)
        if cache.get(key) != value:
            raise RuntimeError("cache did not return what was stored")
        cache.delete(key)
    return {"backend": settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]}


def check_queue() -> dict:
    """Fails when the task backend cannot be reached or work has waited longer than
    FAZHI_HEALTH_QUEUE_MINUTES: no worker is taking it (fazhi.background.health)."""
    from fazhi.background.health import queue_health

    info = queue_health()
    if "error" in info:  # the exception's type only: its message may name hosts
        info["error"] = info["error"].split(":", 1)[0]
    if not info.pop("ok"):
        raise HealthFailure("the task queue is unreachable or nothing takes its work", info)
    return info


def check_disk() -> dict:
    """Free space where files are written, and that a file can be written and read back."""
    minimum = settings.FAZHI_HEALTH_MIN_FREE_MB
    info: dict = {}
    places = {"var": Path(settings.VAR_DIR)}
    if isinstance(default_storage, FileSystemStorage):
        places["media"] = Path(settings.MEDIA_ROOT)
    for name, path in places.items():
        path.mkdir(parents=True, exist_ok=True)
        info[f"{name}_free_mb"] = shutil.disk_usage(path).free // (1024 * 1024)
    probe = default_storage.save(f"healthz/{uuid.uuid4().hex}.txt", ContentFile(b"ok"))
    try:
        with default_storage.open(probe, "rb") as fh:
            if fh.read() != b"ok":
                raise RuntimeError("storage did not return what was written")
    finally:
        default_storage.delete(probe)
    low = [name for name in places if info[f"{name}_free_mb"] < minimum]
    if low:
        raise HealthFailure(f"less than FAZHI_HEALTH_MIN_FREE_MB free on {', '.join(low)}", info)
    return info


class HealthFailure(RuntimeError):
    """A check that ran and found a fault; `info` still goes into the answer."""

    def __init__(self, reason: str, info: dict):
        super().__init__(reason)
        self.info = info


CHECKS: dict[str, Callable[[], dict]] = {
    "database": check_database,
    "cache": check_cache,
    "queue": check_queue,
    "disk": check_disk,
}


def run_checks(names: list[str] | None = None) -> tuple[bool, dict]:
    """Runs the named checks (all by default); returns (healthy, report)."""
    report: dict[str, dict] = {}
    for name in names or list(CHECKS):
        began = time.perf_counter()
        try:
            outcome = {"ok": True, **CHECKS[name]()}
        except HealthFailure as exc:
            outcome = {"ok": False, "error": str(exc), **exc.info}
        except Exception as exc:  # noqa: BLE001 - any fault of a dependency is its check failing
            outcome = {"ok": False, "error": type(exc).__name__}
        outcome["ms"] = round((time.perf_counter() - began) * 1000, 1)
        report[name] = outcome
    return all(c["ok"] for c in report.values()), report


@never_cache
@require_GET
def healthz(request):
    names = request.GET.getlist("check")
    unknown = [n for n in names if n not in CHECKS]
    if unknown:
        return JsonResponse(
            {"status": "error", "error": f"未知的检查项：{'、'.join(unknown)}，可选：{'、'.join(CHECKS)}"},
            status=400,
        )
    healthy, report = run_checks(names)
    return JsonResponse(
        {"status": "ok" if healthy else "fail", "checks": report}, status=200 if healthy else 503
    )


def metrics_allowed(request) -> bool:
    token = settings.FAZHI_METRICS_TOKEN
    given = request.headers.get("Authorization", "")
    if token and given.startswith("Bearer ") and hmac.compare_digest(given[7:].strip(), token):
        return True
    return in_networks(request.META.get("REMOTE_ADDR"), settings.FAZHI_METRICS_NETWORKS)


@never_cache
@require_GET
def metrics(request):
    if not metrics_allowed(request):
        return HttpResponse(
            "指标只对监控网段（FAZHI_METRICS_NETWORKS）或持有监控令牌的请求开放。",
            status=403,
            content_type="text/plain; charset=utf-8",
        )
    return ExportToDjangoView(request)
