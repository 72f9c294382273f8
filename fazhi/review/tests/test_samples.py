"""The engine against the hand-annotated sample reports, read at test time (never copied)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pytest

from fazhi.review.evaluate import Evaluation, default_samples_dir, evaluate


@pytest.fixture(scope="module")
def samples_dir() -> Path:
    # Defined here rather than in a conftest.py so `pytest --noconftest` also works while the
    # project's Django conftest cannot load.
    folder = default_samples_dir()
    if not (folder / "annotations.json").is_file():
        pytest.skip(
            f"sample reports not found at {folder} (set FAZHI_SAMPLES_DIR to the folder with annotations.json)"
        )
    return folder


@lru_cache(maxsize=2)
def _evaluation(folder: Path) -> Evaluation:
    return evaluate(folder)


def test_it_finds_every_annotated_error(samples_dir: Path) -> None:
    ev = _evaluation(samples_dir)
    missed = [(name, d) for name, d in ev.missed if d["severity"] == "error"]
    assert not missed, ev.table()


def test_it_finds_at_least_80_percent_of_annotated_warnings(samples_dir: Path) -> None:
    ev = _evaluation(samples_dir)
    annotated = sum(k.annotated["warning"] for k in ev.kinds.values())
    found = sum(k.found["warning"] for k in ev.kinds.values())
    assert annotated and found / annotated >= 0.8, ev.table()


def test_it_raises_no_error_that_is_not_annotated(samples_dir: Path) -> None:
    ev = _evaluation(samples_dir)
    extra = [(name, f) for name, f in ev.unannotated if f.severity == "error"]
    assert not extra, ev.table()


def test_it_classifies_the_mandated_parts_like_the_annotation(samples_dir: Path) -> None:
    ev = _evaluation(samples_dir)
    assert all(ev.parts_ok.values()), ev.parts


def test_it_extracts_the_annotated_figures(samples_dir: Path) -> None:
    ev = _evaluation(samples_dir)
    print(
        f"\nannotated figures extracted: {ev.figures_found}/{ev.figures_total}, with subject {ev.subjects_found}"
    )
    assert ev.figures_found == ev.figures_total, ev.figures_missed


def test_it_detects_org_and_year_of_each_sample(samples_dir: Path) -> None:
    import json

    annotations = json.loads((samples_dir / "annotations.json").read_text(encoding="utf-8"))["files"]
    ev = _evaluation(samples_dir)
    for name, r in zip(sorted(annotations), ev.results, strict=True):
        assert (r.org, r.year) == (annotations[name]["org"], annotations[name]["year"])


def test_it_prints_the_recall_and_precision_table(samples_dir: Path) -> None:
    table = _evaluation(samples_dir).table()
    print("\n" + table)
    assert "recall" in table
