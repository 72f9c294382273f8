"""The suite's own entry points: a clean checkout must be able to run them as they are."""

import importlib.util
import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPTS = [".ci/run", "scripts/test.sh", "scripts/testpg.py", "scripts/run.sh", "scripts/loadtest.py"]


@pytest.mark.parametrize("name", SCRIPTS)
def test_it_keeps_the_scripts_executable(name):
    assert os.access(ROOT / name, os.X_OK), f"chmod +x {name}"


@pytest.mark.parametrize("name", [n for n in SCRIPTS if not n.endswith(".py")])
def test_it_keeps_the_shell_scripts_parseable(name):
    result = subprocess.run(["bash", "-n", str(ROOT / name)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr


def test_it_makes_ci_fail_on_skips_and_run_the_whole_suite():
    ci = (ROOT / ".ci" / "run").read_text()
    assert "set -euo pipefail" in ci
    assert "export FAZHI_STRICT_SKIPS=1" in ci
    assert "make test" in ci
    for package in ("chromium", "postgresql", "fonts-noto-cjk"):
        assert package in ci


def test_it_runs_the_load_test_on_every_run():
    test_sh = (ROOT / "scripts" / "test.sh").read_text()
    assert "scripts/loadtest.py" in test_sh
    assert "FAZHI_LOAD_TEST" not in test_sh, "the load test is a stage of every run, not opt-in"
    assert "redis-server" in (ROOT / ".ci" / "run").read_text()


def _loadtest():
    spec = importlib.util.spec_from_file_location("loadtest", ROOT / "scripts" / "loadtest.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


STATS_HEADER = "Type,Name,Request Count,Failure Count,Max Response Time,50%,95%,99%\n"


def _stats(tmp_path, rows: list[str], failures: str = "") -> Path:
    prefix = tmp_path / "locust"
    Path(f"{prefix}_stats.csv").write_text(STATS_HEADER + "".join(r + "\n" for r in rows), encoding="utf-8")
    if failures:
        Path(f"{prefix}_failures.csv").write_text(failures, encoding="utf-8")
    return prefix


def _every_journey(loadtest, failed: str = "") -> list[str]:
    return [
        f"journey,{name},10,{1 if name == failed else 0},900,100,500,800"
        for name in sorted(loadtest.JOURNEYS)
    ] + ["GET,list,10,0,900,100,500,800", ",Aggregated,90,0,900,100,500,800"]


def test_the_load_test_report_passes_only_when_every_journey_ran_without_a_failure(tmp_path, capsys):
    loadtest = _loadtest()
    assert loadtest.report(_stats(tmp_path, _every_journey(loadtest))) == (True, 10)
    out = capsys.readouterr().out
    assert "comparison" in out and "p99 ms" in out

    assert loadtest.report(_stats(tmp_path, _every_journey(loadtest, failed="import")))[0] is False

    failed_request = [*_every_journey(loadtest), "POST,import: upload,3,1,900,100,500,800"]
    passed, sent = loadtest.report(_stats(tmp_path, failed_request, "Method,Name,Error\nPOST,x,HTTP 500\n"))
    assert (passed, sent) == (False, 13)
    assert "HTTP 500" in capsys.readouterr().out

    never_ran = [r for r in _every_journey(loadtest) if not r.startswith("journey,to-do,")]
    assert loadtest.report(_stats(tmp_path, never_ran))[0] is False
    assert "never ran: to-do" in capsys.readouterr().out
