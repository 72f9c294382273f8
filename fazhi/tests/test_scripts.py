"""The suite's own entry points: a clean checkout must be able to run them as they are."""

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
