"""Throughput and peak memory of the report review engine.

    python bench/bench_review.py [--reports 100] [--chars 8000] [--archive 150]

Reviews a batch of synthetic reports (written to a temporary folder and read back as files) on one
CPU core three ways: without copy detection, with copies looked up across the batch, and across the
batch and an archive folder of --archive reports (indexed once per process, as the engine caches
it). Prints reports per second of CPU time (the fair figure on a shared machine) and wall time,
the one-off archive indexing time and peak memory; then, when the sample reports are at hand
(FAZHI_SAMPLES_DIR), the reports per second of real text: the whole sample reports joined into
one of some 8,700 characters.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from fazhi.review import review_batch, review_text  # noqa: E402
from fazhi.review.engine import archive_corpus  # noqa: E402
from fazhi.review.evaluate import default_samples_dir  # noqa: E402
from fazhi.review.readers import read_file  # noqa: E402
from fazhi.review.synth import DEFECTS, make_report  # noqa: E402

TOWNS = ("青石镇", "白沙乡", "红岩镇", "柳河镇", "松坪乡", "金溪街道", "桃源镇", "北山乡", "东湖镇", "西岭乡")


def write_batch(folder: Path, n: int, chars: int, first: int = 0) -> list[Path]:
    paths = []
    for i in range(first, first + n):
        defects = tuple(DEFECTS[j] for j in range(len(DEFECTS)) if (i + j) % 7 == 0)
        text = make_report(
            i, org=TOWNS[i % len(TOWNS)] if i < 10 else f"第{i}号镇", defects=defects, target_chars=chars
        )
        path = folder / f"report-{i:03d}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def _timed(fn):  # type: ignore[no-untyped-def]
    """Run fn; return its result, wall seconds and CPU seconds of this process."""
    wall, cpu = time.perf_counter(), time.process_time()
    out = fn()
    return out, time.perf_counter() - wall, time.process_time() - cpu


def _passes(fn, repeat: int):  # type: ignore[no-untyped-def]
    """Run fn `repeat` times; return its last result and the (wall, CPU) seconds of each pass.
    A shared virtual machine's speed drifts by ±15% from one second to the next, so one pass
    says little: the best pass is the machine's speed with the least interference, the median
    the typical one."""
    times = []
    for _ in range(repeat):
        out, wall, cpu = _timed(fn)
        times.append((wall, cpu))
    return out, times


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reports", type=int, default=100)
    parser.add_argument("--chars", type=int, default=8000)
    parser.add_argument("--archive", type=int, default=150, help="reports in the archive to compare against")
    parser.add_argument(
        "--repeat", type=int, default=3, help="timed passes of each way (best and median shown)"
    )
    args = parser.parse_args()
    load_before = os.getloadavg() if hasattr(os, "getloadavg") else (float("nan"),) * 3
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core, as the figure claims
    with tempfile.TemporaryDirectory() as tmp:
        batch_dir, archive_dir = Path(tmp) / "batch", Path(tmp) / "archive"
        batch_dir.mkdir()
        archive_dir.mkdir()
        paths = write_batch(batch_dir, args.reports, args.chars)
        write_batch(archive_dir, args.archive, args.chars, first=args.reports)
        total_chars = sum(len(p.read_text(encoding="utf-8")) for p in paths)
        review_batch(paths[:2])  # warm up: rule compilation, dictionaries, the lexicon automaton
        plain, passes_plain = _passes(lambda: review_batch(paths, compare=False), args.repeat)
        _, passes_batch = _passes(lambda: review_batch(paths), args.repeat)
        _, wall_index, cpu_index = _timed(lambda: archive_corpus(archive_dir))
        results, passes_arch = _passes(lambda: review_batch(paths, against_dir=archive_dir), args.repeat)
        tracemalloc.start()
        review_batch(paths, against_dir=archive_dir)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    n = len(results)
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    load_after = os.getloadavg() if hasattr(os, "getloadavg") else (float("nan"),) * 3
    print(f"reports:            {n} ({total_chars / n:,.0f} chars each on average); archive {args.archive}")
    print(f"findings:           {sum(len(r.findings) for r in plain)} without copy detection")
    print(
        "load average:       {:.1f} {:.1f} {:.1f} before, {:.1f} {:.1f} {:.1f} after (1/5/15 min; CPU seconds"
        " are the fair figure on a shared machine)".format(*load_before, *load_after)
    )

    def line(label: str, passes: list[tuple[float, float]]) -> None:
        walls = ", ".join(f"{n / wall:.1f}" for wall, _ in passes)
        print(f"{label:<20}{_spread(n, passes)} (CPU time; wall {walls}/s)")

    line("no copy detection:", passes_plain)
    line("copies in batch:", passes_batch)
    line("copies + archive:", passes_arch)
    print(
        f"archive indexing:   {cpu_index:.2f} s CPU once per process for {args.archive} reports (wall {wall_index:.2f} s)"
    )
    print(
        f"peak memory:        {peak / 2**20:.1f} MiB allocated by Python (tracemalloc) during the batch with archive"
    )
    print(f"max RSS:            {rss_mb:.0f} MiB for the whole process")
    _real_reports(args.repeat)
    return 0


def _spread(n: int, passes: list[tuple[float, float]]) -> str:
    """n reports per CPU second of each pass: the best, the median and the worst."""
    rates = sorted(n / cpu for _, cpu in passes)
    return (
        f"{rates[-1]:7.1f} reports/s per core, best of {len(rates)} passes; median"
        f" {statistics.median(rates):.1f}, worst {rates[0]:.1f}"
    )


def sample_text() -> tuple[str, int]:
    """The whole sample reports joined into one text (read at run time from FAZHI_SAMPLES_DIR,
    never copied here) and how many they are; ("", 0) when they are not at hand."""
    folder = default_samples_dir()
    files = sorted(folder.glob("*.txt")) if folder.is_dir() else []
    return "\n".join(read_file(f) for f in files), len(files)


def _real_reports(repeat: int) -> None:
    """The same engine on real text, reviewed without copy detection."""
    text, count = sample_text()
    if not count:
        print(
            f"real reports:       skipped, no sample reports at {default_samples_dir()} (FAZHI_SAMPLES_DIR)"
        )
        return
    review_text(text)
    rounds = 30
    _, passes = _passes(lambda: [review_text(text + " " * (i % 2)) for i in range(rounds)], repeat)
    best = max(rounds / cpu for _, cpu in passes)
    print(
        f"real reports:       {_spread(rounds, passes)}; {len(text):,} chars ({count} sample reports joined;"
        f" no copy detection); per 8,000 chars {best * len(text) / 8000:.1f}/s best"
    )


if __name__ == "__main__":
    raise SystemExit(main())
