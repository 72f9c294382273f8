"""The marker test of the PostgreSQL run: it proves scripts/test.sh really ran the suite on
PostgreSQL, and skips with the apt-get hint where PostgreSQL is not installed."""

import importlib.util
from pathlib import Path

import pytest
from django.db import connection


@pytest.mark.postgres
@pytest.mark.django_db
def test_it_runs_on_postgresql():
    assert connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_encoding")
        assert cursor.fetchone()[0] == "UTF8"


def root_conftest():
    spec = importlib.util.spec_from_file_location(
        "root_conftest_pg", Path(__file__).parents[2] / "conftest.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_it_names_the_package_to_install_when_postgresql_is_missing(monkeypatch):
    conftest = root_conftest()
    monkeypatch.setattr(conftest.testpg(), "pg_bindir", lambda: None)
    sqlite = "django.db.backends.sqlite3"
    assert conftest.postgres_skip_reason(sqlite) == "PostgreSQL 未安装：apt-get install postgresql"
    monkeypatch.setattr(conftest.testpg(), "pg_bindir", lambda: Path("/usr/lib/postgresql/15/bin"))
    assert "scripts/test.sh" in conftest.postgres_skip_reason(sqlite)
    assert conftest.postgres_skip_reason("django.db.backends.postgresql") is None
