"""scripts/testpg.py: finding PostgreSQL, dropping root, and a server that is gone afterwards."""

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "testpg.py"


def load():
    spec = importlib.util.spec_from_file_location("testpg_under_test", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


testpg = load()


def fake_bindir(root: Path, version: str) -> Path:
    bindir = root / version / "bin"
    bindir.mkdir(parents=True)
    for name in ("initdb", "pg_ctl"):
        (bindir / name).write_text("")
    return bindir


def test_it_picks_the_newest_installed_version(tmp_path):
    fake_bindir(tmp_path, "9.6")
    newest = fake_bindir(tmp_path, "16")
    fake_bindir(tmp_path, "15")
    assert testpg.pg_bindir(str(tmp_path / "*" / "bin")) == newest


def test_it_ignores_a_version_without_initdb(tmp_path, monkeypatch):
    monkeypatch.setattr(testpg.shutil, "which", lambda name: None)
    (tmp_path / "17" / "bin").mkdir(parents=True)
    assert testpg.pg_bindir(str(tmp_path / "*" / "bin")) is None


def test_it_runs_the_server_as_postgres_only_when_root(monkeypatch):
    monkeypatch.setattr(testpg.os, "geteuid", lambda: 0)
    assert testpg.as_server_user(["initdb"]) == ["runuser", "-u", "postgres", "--", "initdb"]
    monkeypatch.setattr(testpg.os, "geteuid", lambda: 1000)
    assert testpg.as_server_user(["initdb"]) == ["initdb"]


def test_it_points_database_url_at_loopback():
    assert testpg.database_url(54321) == "postgres://postgres@127.0.0.1:54321/postgres"


def test_it_reports_whether_postgresql_is_available():
    result = subprocess.run([sys.executable, str(SCRIPT), "--available"], check=False)
    assert result.returncode == (0 if testpg.pg_bindir() else 1)


def test_it_refuses_a_missing_command():
    result = subprocess.run([sys.executable, str(SCRIPT)], capture_output=True, check=False)
    assert result.returncode == 2


@pytest.mark.skipif(testpg.pg_bindir() is None, reason=testpg.MISSING)
def test_it_serves_a_database_and_removes_it_afterwards(tmp_path):
    probe = (
        "import os, psycopg; url = os.environ['DATABASE_URL'];"
        "conn = psycopg.connect(url.replace('postgres://', 'postgresql://'));"
        "print(conn.execute('select 40 + 2').fetchone()[0]);"
        "print(conn.execute('show data_directory').fetchone()[0])"
    )
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "--", sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        check=False,
        env=env,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    answer, data_dir = result.stdout.strip().splitlines()[-2:]
    assert answer == "42"
    assert not Path(data_dir).exists()


@pytest.mark.skipif(testpg.pg_bindir() is None, reason=testpg.MISSING)
def test_it_passes_on_the_command_exit_status():
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "--", sys.executable, "-c", "raise SystemExit(3)"],
        capture_output=True,
        check=False,
        env=env,
        timeout=120,
    )
    assert result.returncode == 3
