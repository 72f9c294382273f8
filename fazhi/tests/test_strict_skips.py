"""Strict skips (root conftest.py): under FAZHI_STRICT_SKIPS=1 a skipped test fails, so CI cannot
pass with chromium or PostgreSQL silently missing."""

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

SAMPLE = """
import pytest

def test_passes():
    pass

def test_skips():
    pytest.skip("没有浏览器")

@pytest.mark.skip(reason="标记跳过")
def test_marked():
    pass

@pytest.mark.xfail(reason="已知问题")
def test_expected_failure():
    assert False
"""


def run_sample(tmp_path, strict: str | None) -> subprocess.CompletedProcess:
    test_file = tmp_path / "test_sample.py"
    test_file.write_text(SAMPLE)
    env = {k: v for k, v in os.environ.items() if k not in ("FAZHI_STRICT_SKIPS", "PYTEST_XDIST_WORKER")}
    if strict is not None:
        env["FAZHI_STRICT_SKIPS"] = strict
    # The sample lives outside the checkout (other runs must not collect it) and loads the
    # repository's root conftest.py as a plugin, as the real suite does.
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "conftest", "-p", "no:cacheprovider", "-p", "no:xdist"]
        + ["-q", "-rA", "-c", str(ROOT / "pyproject.toml"), f"--rootdir={tmp_path}", str(test_file)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        env=env,
        timeout=120,
    )


def test_it_lets_skips_pass_by_default(tmp_path):
    result = run_sample(tmp_path, None)
    assert result.returncode == 0, result.stdout
    assert "1 passed, 2 skipped, 1 xfailed" in result.stdout


def test_it_fails_every_skip_when_strict(tmp_path):
    result = run_sample(tmp_path, "1")
    assert result.returncode == 1, result.stdout
    assert "1 failed, 1 passed, 1 xfailed, 1 error" in result.stdout
    assert "FAZHI_STRICT_SKIPS=1：跳过视为失败。Skipped: 没有浏览器" in result.stdout
    assert "标记跳过" in result.stdout


@pytest.mark.parametrize(("value", "strict"), [(None, False), ("", False), ("0", False), ("1", True)])
def test_it_reads_the_switch_from_the_environment(monkeypatch, value, strict):
    spec = importlib.util.spec_from_file_location("root_conftest_under_test", ROOT / "conftest.py")
    root_conftest = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(root_conftest)
    monkeypatch.delenv("FAZHI_STRICT_SKIPS", raising=False)
    if value is not None:
        monkeypatch.setenv("FAZHI_STRICT_SKIPS", value)
    assert root_conftest.strict_skips() is strict
