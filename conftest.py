"""Suite-wide settings for tests: a fast password hasher, plain static files, a temp var dir;
the `postgres` marker's skip; and strict skips for CI."""

import functools
import importlib.util
import os
import tempfile
from pathlib import Path

import pytest

os.environ.setdefault("FAZHI_VAR_DIR", tempfile.mkdtemp(prefix="fazhi-test-"))

POSTGRES_MISSING = "PostgreSQL 未安装：apt-get install postgresql"
POSTGRES_NOT_SELECTED = (
    "需要 PostgreSQL：用 scripts/test.sh 运行（它会启动临时服务器），或设置 DATABASE_URL=postgres://…"
)
STRICT_SKIPS = "FAZHI_STRICT_SKIPS"


def pytest_configure(config):
    # WhiteNoise warns that STATIC_ROOT is missing; tests serve static files from the finders.
    config.addinivalue_line("filterwarnings", "ignore:No directory at:UserWarning")
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Tests log administrators in with force_login; the second-factor tests switch this on.
    settings.FAZHI_ADMIN_TOTP = False
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.MEDIA_ROOT = tempfile.mkdtemp(prefix="fazhi-media-")
    # Task paths run on the database backend whatever the environment says (the Redis smoke test
    # switches to RQ on its own server).
    settings.TASK_BACKEND = "database"
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    _lift_audit_guard_around_flush()


def _lift_audit_guard_around_flush():
    """Transactional tests end with `flush`, which empties every table; the audit table's
    triggers refuse that, so the guard is lifted for the flush and put back after it."""
    from django.core.management.commands import flush
    from django.db import connections

    from fazhi.orgs import auditguard

    original = flush.Command.handle

    def handle(self, **options):
        connection = connections[options["database"]]
        auditguard.apply(connection, install=False)
        try:
            return original(self, **options)
        finally:
            auditguard.apply(connection, install=True)

    flush.Command.handle = handle


@functools.cache
def testpg():
    """scripts/testpg.py, which knows where Debian puts PostgreSQL (scripts/ is not a package)."""
    spec = importlib.util.spec_from_file_location(
        "fazhi_testpg", Path(__file__).parent / "scripts" / "testpg.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def postgres_skip_reason(engine: str) -> str | None:
    """Why `postgres` tests cannot run on this database engine, or None when it is PostgreSQL."""
    if engine.startswith("django.db.backends.postgresql"):
        return None
    return POSTGRES_NOT_SELECTED if testpg().pg_bindir() else POSTGRES_MISSING


def pytest_collection_modifyitems(config, items):
    marked = [item for item in items if item.get_closest_marker("postgres")]
    if not marked:
        return
    from django.conf import settings

    reason = postgres_skip_reason(settings.DATABASES["default"]["ENGINE"])
    if reason:
        for item in marked:
            item.add_marker(pytest.mark.skip(reason=reason))


def strict_skips() -> bool:
    return os.environ.get(STRICT_SKIPS, "") not in ("", "0")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """With FAZHI_STRICT_SKIPS=1 (set by .ci/run) a skipped test fails, so CI cannot pass with a
    browser or database silently missing. Expected failures (xfail) are left alone."""
    outcome = yield
    report = outcome.get_result()
    if not report.skipped or hasattr(report, "wasxfail") or not strict_skips():
        return
    reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
    report.outcome = "failed"
    report.longrepr = f"{STRICT_SKIPS}=1：跳过视为失败。{reason}"


@pytest.fixture(autouse=True)
def _clear_cache():
    """Each test starts with empty caches: Django's, and the dictionaries the process keeps (a
    test that renames an entry and rolls back would leave its label to the next test)."""
    from django.core.cache import cache

    from fazhi.dicts import store

    cache.clear()
    store.forget()
    yield
    cache.clear()
    store.forget()
