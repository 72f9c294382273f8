from __future__ import annotations

from pathlib import Path

import pytest

from fazhi.review.evaluate import default_samples_dir


@pytest.fixture(scope="session")
def samples_dir() -> Path:
    folder = default_samples_dir()
    if not (folder / "annotations.json").is_file():
        pytest.skip(
            f"sample reports not found at {folder} (set FAZHI_SAMPLES_DIR to the folder with annotations.json)"
        )
    return folder
