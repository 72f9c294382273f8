"""The multi-server deployment's parts (docs/deploy.md): /healthz, /metrics, the request id in
answers and logs, and the settings that switch cache, sessions and storage."""

import datetime as dt
import io
import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from pythonjsonlogger.json import JsonFormatter

from fazhi.background import runner
from fazhi.background.models import BackgroundTask
from fazhi.conftest import client_for
from fazhi.lib.requestlog import HEADER, RequestIdFilter
from fazhi.supervision import tasks as review_tasks

ROOT = Path(__file__).resolve().parents[3]
BROKEN_REDIS = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
}


def _django(code: str, **env) -> subprocess.CompletedProcess:
    """Runs `code` in a fresh Python with Django set up under the given environment."""
    full = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL", "FAZHI_STORAGE")}
    full.update(DJANGO_SETTINGS_MODULE="fazhi.settings", **env)
    prelude = "import django, json\ndjango.setup()\n"
    return subprocess.run(
        [sys.executable, "-c", prelude + code], cwd=ROOT, env=full, capture_output=True, text=True, timeout=60
    )


# ------------------------------------------------------------------------------------------ health


def test_it_answers_healthz_without_login_with_every_check(db, client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "cache", "queue", "disk"}
    assert all(c["ok"] for c in body["checks"].values())
    assert body["checks"]["queue"]["waiting"] == 0
    assert body["checks"]["disk"]["media_free_mb"] > 0
    assert "no-store" in response["Cache-Control"]


def test_it_answers_503_naming_the_cache_when_redis_is_unreachable(db, client):
    with override_settings(CACHES=BROKEN_REDIS):
        response = client.get("/healthz")
    assert response.status_code == 503
    checks = response.json()["checks"]
    assert checks["cache"] == {"ok": False, "error": "ConnectionError", "ms": checks["cache"]["ms"]}
    assert checks["database"]["ok"]
    # Only the kind of fault: never a host, a port or a user name.
    assert "127.0.0.1" not in response.content.decode()


def test_it_answers_503_when_the_database_is_unreachable():
    result = _django(
        "from django.test import Client\n"
        "r = Client().get('/healthz')\n"
        "print(r.status_code, json.dumps(r.json()['checks']['database']))\n",
        DATABASE_URL="postgres://fazhi:wrong@127.0.0.1:1/fazhi",
    )
    assert result.returncode == 0, result.stderr
    status, check = result.stdout.strip().splitlines()[-1].split(" ", 1)
    assert status == "503"
    assert json.loads(check)["ok"] is False
    assert json.loads(check)["error"] == "OperationalError"


def test_it_exits_1_from_the_healthcheck_command_with_a_bad_database_url():
    result = subprocess.run(
        [sys.executable, "manage.py", "healthcheck", "--check", "database"],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": "postgres://fazhi:wrong@127.0.0.1:1/fazhi"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1
    assert json.loads(result.stdout)["checks"]["database"]["ok"] is False
    assert "unhealthy: database" in result.stderr


def test_it_fails_the_queue_check_when_a_job_waits_too_long(world, client):
    record = runner.create(
        BackgroundTask.Kind.REVIEW, "x", world.county_user, world.county, params={"files": []}
    )
    runner.enqueue(record, review_tasks.review_files)
    DBTaskResult.objects.update(enqueued_at=timezone.now() - dt.timedelta(minutes=30))
    with override_settings(FAZHI_HEALTH_QUEUE_MINUTES=15):
        response = client.get("/healthz")
    assert response.status_code == 503
    queue = response.json()["checks"]["queue"]
    assert queue["ok"] is False
    assert queue["waiting"] == 1
    assert queue["oldest_wait_seconds"] >= 30 * 60
    # The load balancer's own checks are still fine.
    assert client.get("/healthz?check=database&check=cache").status_code == 200


def test_it_fails_the_disk_check_below_the_free_space_floor(db, client):
    with override_settings(FAZHI_HEALTH_MIN_FREE_MB=10**12):
        response = client.get("/healthz?check=disk")
    assert response.status_code == 503
    assert "FAZHI_HEALTH_MIN_FREE_MB" in response.json()["checks"]["disk"]["error"]


def test_it_refuses_an_unknown_check_in_chinese(db, client):
    response = client.get("/healthz?check=database&check=nothing")
    assert response.status_code == 400
    assert "未知的检查项：nothing" in response.json()["error"]


# ----------------------------------------------------------------------------------------- metrics


def test_it_serves_metrics_to_the_monitoring_network_only(db, client):
    client.get("/healthz")
    response = client.get("/metrics")  # the test client comes from 127.0.0.1
    assert response.status_code == 200
    assert b"django_http_requests_total_by_method_total" in response.content
    with override_settings(FAZHI_METRICS_NETWORKS=[]):
        refused = client.get("/metrics")
    assert refused.status_code == 403
    assert "监控网段" in refused.content.decode()


def test_it_serves_metrics_to_a_request_bearing_the_token(db, client):
    with override_settings(FAZHI_METRICS_NETWORKS=[], FAZHI_METRICS_TOKEN="s3cret-token"):
        assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer s3cret-token").status_code == 200
        assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong").status_code == 403
        assert client.get("/metrics").status_code == 403


# ------------------------------------------------------------------------------------- request id


@pytest.fixture
def json_lines():
    """What the console handler of settings.LOGGING writes in JSON mode, for the request logger
    and django.request."""
    out = io.StringIO()
    handler = logging.StreamHandler(out)
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(
        JsonFormatter(
            "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
            rename_fields={"asctime": "time", "levelname": "level", "name": "logger"},
        )
    )
    loggers = [logging.getLogger("fazhi.request"), logging.getLogger("django.request")]
    levels = [lg.level for lg in loggers]
    for lg in loggers:
        lg.addHandler(handler)
        lg.setLevel(logging.INFO)
    yield lambda: [json.loads(line) for line in out.getvalue().splitlines()]
    for lg, level in zip(loggers, levels, strict=True):
        lg.removeHandler(handler)
        lg.setLevel(level)


def test_it_gives_every_answer_a_request_id(world, client):
    first = client.get("/accounts/login/")[HEADER]
    second = client.get("/accounts/login/")[HEADER]
    assert len(first) == 32
    assert first != second


def test_it_keeps_the_load_balancers_request_id_and_replaces_a_bad_one(db, client):
    assert client.get("/healthz", HTTP_X_REQUEST_ID="lb-7f3a9c21e0")[HEADER] == "lb-7f3a9c21e0"
    forged = client.get("/healthz", HTTP_X_REQUEST_ID="x\ninjected log line")[HEADER]
    assert "\n" not in forged
    assert len(forged) == 32


def test_it_writes_the_request_id_in_every_log_line(world, client, json_lines):
    client_for(client, world.clerk_a)
    client.get("/l/no-such-ledger/?q=王小明", HTTP_X_REQUEST_ID="req-0000000001")
    lines = json_lines()
    assert {line["logger"] for line in lines} >= {"fazhi.request", "django.request"}
    assert all(line["request_id"] == "req-0000000001" for line in lines)
    request_line = next(line for line in lines if line["logger"] == "fazhi.request")
    assert request_line["status"] == 404
    assert request_line["user_id"] == world.clerk_a.pk
    # The query string (a search may name a person) stays out of the log.
    assert "王小明" not in json.dumps(lines, ensure_ascii=False)


# ---------------------------------------------------------------------------------------- settings


def test_it_keeps_sessions_in_the_database_and_the_cache_in_memory_without_redis():
    result = _django(
        "from django.conf import settings as s\n"
        "print(json.dumps([s.SESSION_ENGINE, s.CACHES['default']['BACKEND'], s.STORAGES['default']['BACKEND']]))"
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [
        "django.contrib.sessions.backends.db",
        "django.core.cache.backends.locmem.LocMemCache",
        "django.core.files.storage.FileSystemStorage",
    ]


def test_it_puts_sessions_and_cache_on_redis_when_configured():
    result = _django(
        "from django.conf import settings as s\n"
        "print(json.dumps([s.SESSION_ENGINE, s.SESSION_CACHE_ALIAS, s.CACHES['default']['LOCATION'],"
        " s.CACHES['sessions']['BACKEND']]))",
        REDIS_URL="redis://10.1.2.3:6379/2",
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [
        "django.contrib.sessions.backends.cache",
        "sessions",
        "redis://10.1.2.3:6379/2",
        "django.core.cache.backends.redis.RedisCache",
    ]


def test_it_switches_files_to_a_shared_directory(tmp_path):
    result = _django(
        "from django.core.files.base import ContentFile\n"
        "from django.core.files.storage import default_storage as d\n"
        "print(d.path(d.save('jobs/probe.txt', ContentFile(b'x'))))",
        FAZHI_MEDIA_DIR=str(tmp_path / "shared"),
    )
    assert result.returncode == 0, result.stderr
    assert Path(result.stdout.strip()) == tmp_path / "shared" / "jobs" / "probe.txt"
    assert (tmp_path / "shared" / "jobs" / "probe.txt").read_bytes() == b"x"


def test_it_switches_files_to_s3_compatible_storage():
    result = _django(
        "from django.core.files.storage import storages\n"
        "d = storages['default']\n"
        "print(json.dumps([type(d).__name__, d.bucket_name, d.endpoint_url, d.default_acl, d.file_overwrite]))",
        FAZHI_STORAGE="s3",
        FAZHI_S3_BUCKET="fazhi-files",
        FAZHI_S3_ENDPOINT_URL="http://127.0.0.1:9000",
        FAZHI_S3_ACCESS_KEY="minio",
        FAZHI_S3_SECRET_KEY="minio-secret",
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [
        "S3Storage",
        "fazhi-files",
        "http://127.0.0.1:9000",
        "private",
        False,
    ]


def test_it_refuses_to_start_with_s3_and_no_bucket():
    result = _django("", FAZHI_STORAGE="s3")
    assert result.returncode != 0
    assert "FAZHI_STORAGE=s3 needs FAZHI_S3_BUCKET" in result.stderr


# ------------------------------------------------------------------------------- a real Redis server


def test_it_keeps_a_login_session_in_redis(world, client, redis_url):
    import redis

    caches = {
        alias: {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": alias,
        }
        for alias in ("default", "sessions")
    }
    with override_settings(
        CACHES=caches, SESSION_ENGINE="django.contrib.sessions.backends.cache", SESSION_CACHE_ALIAS="sessions"
    ):
        client_for(client, world.clerk_a)
        assert client.get("/").status_code == 200
        assert client.get("/healthz?check=cache").json()["checks"]["cache"]["backend"] == "RedisCache"
        key = client.cookies["sessionid"].value
        stored = redis.Redis.from_url(redis_url).keys(f"sessions:*{key}")
        assert stored, "the session is in Redis"
