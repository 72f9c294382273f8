"""The engine against the hand-annotated sample folders, read at test time (never copied).

Two folders, two annotation formats: ``reports/`` (whole reports with parts, figures and
severities) and ``excerpts/`` (openings of real reports with sure/doubtful defects, and files
with no defect that measure false alarms). Each test skips with the reason when its folder is
absent; FAZHI_SAMPLES_DIR points at the reports folder, its parent holds both.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import pytest

from fazhi.review.evaluate import Evaluation, evaluate, samples_root

FOLDERS = ("reports", "excerpts")


def _folder(name: str) -> Path:
    folder = samples_root() / name
    if not (folder / "annotations.json").is_file():
        pytest.skip(
            f"sample folder not found at {folder} (set FAZHI_SAMPLES_DIR to the reports folder "
            "with annotations.json; its parent must hold the excerpts folder)"
        )
    return folder


@lru_cache(maxsize=2)
def _evaluation(folder: Path) -> Evaluation:
    return evaluate(folder)


@pytest.mark.parametrize("name", FOLDERS)
def test_it_finds_nine_in_ten_sure_defects(name: str) -> None:
    ev = _evaluation(_folder(name))
    print("\n" + ev.table())
    assert ev.annotated and ev.recall() >= 0.9, ev.table()


@pytest.mark.parametrize("name", FOLDERS)
def test_it_is_right_nine_times_in_ten_when_it_says_error(name: str) -> None:
    ev = _evaluation(_folder(name))
    for file, f in ev.false_alarms:
        print(f"FALSE ALARM {file}: {f.kind}/{f.severity} {f.excerpt!r} ({f.rule})")
    assert ev.precision("error") >= 0.9, ev.table()


@pytest.mark.parametrize("name", FOLDERS)
def test_it_takes_the_report_year_from_the_title_and_opening(name: str) -> None:
    ev = _evaluation(_folder(name))
    wrong = {f: y for f, y in ev.years.items() if y[1] is not None and y[0] != y[1]}
    assert not wrong, wrong


def test_it_classifies_the_mandated_parts_like_the_annotation() -> None:
    ev = _evaluation(_folder("reports"))
    assert ev.parts_ok and all(ev.parts_ok.values()), ev.parts


def test_it_extracts_the_annotated_figures() -> None:
    ev = _evaluation(_folder("reports"))
    assert ev.figures_found == ev.figures_total, ev.figures_missed


def test_it_detects_org_of_each_whole_report() -> None:
    folder = _folder("reports")
    annotations = json.loads((folder / "annotations.json").read_text(encoding="utf-8"))["files"]
    ev = _evaluation(folder)
    for name, r in zip(sorted(annotations), ev.results, strict=True):
        assert r.org == annotations[name]["org"]
