"""Dump every finding, figure, part and copy share of the review engine to one JSON file.

    FAZHI_SAMPLES_DIR=/work/shared/samples/reports python bench/review_dump.py OUT.json [--tree DIR]

Speed work on fazhi/review must not change a finding: dump before a change (``--tree`` may
name an exported copy of the old tree), dump after, and compare the two files byte for byte
(``cmp``). Covered: both sample folders with and without copy detection, each as the other's
archive, the excerpts with a fixed year, and the synthetic batch of bench_review.py plain,
across the batch and against a 150-report archive, plus ten shorter synthetic reports.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", type=Path)
    parser.add_argument("--tree", type=Path, default=Path(__file__).resolve().parents[1])
    parser.add_argument(
        "--samples",
        type=Path,
        default=None,
        help="the folder of reports/ and excerpts/ (default: as the tests find it)",
    )
    args = parser.parse_args()
    root = args.tree.resolve()
    sys.path[:0] = [str(root), str(root / "bench")]
    import bench_review as br

    from fazhi.review import review_batch
    from fazhi.review.engine import report_files
    from fazhi.review.evaluate import samples_root

    def dump(results):  # type: ignore[no-untyped-def]
        return [r.to_dict() for r in results]

    samples = (args.samples or samples_root()).resolve()
    reports, excerpts = report_files(samples / "reports"), report_files(samples / "excerpts")
    out = {
        "reports_plain": dump(review_batch(reports, compare=False)),
        "reports_batch": dump(review_batch(reports)),
        "excerpts_plain": dump(review_batch(excerpts, compare=False)),
        "excerpts_batch": dump(review_batch(excerpts)),
        "excerpts_vs_reports": dump(review_batch(excerpts, against_dir=samples / "reports")),
        "reports_vs_excerpts": dump(review_batch(reports, against_dir=samples / "excerpts")),
        "excerpts_year2024": dump(review_batch(excerpts, year=2024, compare=False)),
    }
    with tempfile.TemporaryDirectory() as tmp:
        batch, archive, short = Path(tmp) / "b", Path(tmp) / "a", Path(tmp) / "s"
        for folder in (batch, archive, short):
            folder.mkdir()
        paths = br.write_batch(batch, 30, 8000)
        br.write_batch(archive, 150, 8000, first=30)
        shorter = br.write_batch(short, 10, 2500, first=200)
        out["synth_plain"] = dump(review_batch(paths, compare=False))
        out["synth_batch"] = dump(review_batch(paths))
        out["synth_archive"] = dump(review_batch(paths, against_dir=archive))
        out["synth_short"] = dump(review_batch(shorter, against_dir=archive))
    args.out.write_text(json.dumps(out, ensure_ascii=False, indent=0, sort_keys=True), encoding="utf-8")
    print(f"{sum(len(r['findings']) for v in out.values() for r in v)} findings written to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
