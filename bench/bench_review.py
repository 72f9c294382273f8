"""Throughput and peak memory of the report review engine.

    python bench/bench_review.py [--reports 100] [--chars 8000]

Reviews a batch of synthetic reports (written to a temporary folder, read back as files, compared
with each other for shared sentences) on one CPU core, and prints reports per second and peak memory.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from fazhi.review import review_batch  # noqa: E402
from fazhi.review.synth import DEFECTS, make_report  # noqa: E402

TOWNS = ("青石镇", "白沙乡", "红岩镇", "柳河镇", "松坪乡", "金溪街道", "桃源镇", "北山乡", "东湖镇", "西岭乡")


def write_batch(folder: Path, n: int, chars: int) -> list[Path]:
    paths = []
    for i in range(n):
        defects = tuple(DEFECTS[j] for j in range(len(DEFECTS)) if (i + j) % 7 == 0)
        text = make_report(
            i, org=TOWNS[i % len(TOWNS)] if i < 10 else f"第{i}号镇", defects=defects, target_chars=chars
        )
        path = folder / f"report-{i:03d}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reports", type=int, default=100)
    parser.add_argument("--chars", type=int, default=8000)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core, as the figure claims
    with tempfile.TemporaryDirectory() as tmp:
        paths = write_batch(Path(tmp), args.reports, args.chars)
        total_chars = sum(len(p.read_text(encoding="utf-8")) for p in paths)
        review_batch(paths[:2])  # warm up: rule compilation and the opencc dictionaries
        start = time.perf_counter()
        results = review_batch(paths)
        elapsed = time.perf_counter() - start
        tracemalloc.start()
        review_batch(paths)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    findings = sum(len(r.findings) for r in results)
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"reports:            {len(results)} ({total_chars / len(results):,.0f} chars each on average)")
    print(f"findings:           {findings}")
    print(f"time:               {elapsed:.2f} s on one core")
    print(
        f"throughput:         {len(results) / elapsed:.1f} reports/s ({total_chars / elapsed / 1000:,.0f}k chars/s)"
    )
    print(f"peak memory:        {peak / 2**20:.1f} MiB allocated by Python (tracemalloc) during the batch")
    print(f"max RSS:            {rss_mb:.0f} MiB for the whole process")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
