"""How fast and how cheaply a hostile upload is refused: a zip bomb dressed as .xlsx (a few
hundred KB inflating to 419 MB), a billion-laughs workbook and a truncated workbook, each checked
by fazhi.ledger.uploads.check_xlsx. Peak memory is the process's maximum resident size after the
checks (the budget is 200 MB, far below the 3 GB the bomb used to take).

    .venv/bin/python bench/bench_uploads.py [--repeat 5]
"""

import argparse
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="fazhi-bench-uploads-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.settings")
    os.environ.setdefault("FAZHI_VAR_DIR", str(workdir / "var"))
    import django

    django.setup()
    from fazhi.ledger import uploads
    from fazhi.ledger.tests import hostile

    samples = {
        "zip bomb": hostile.zip_bomb(),
        "billion laughs": hostile.billion_laughs(),
        "truncated": hostile.truncated_xlsx(),
        "macro": hostile.macro_workbook(),
    }
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory before the checks (building the samples): {before:.0f} MB")
    for name, data in samples.items():
        path = workdir / f"{name.replace(' ', '-')}.xlsx"
        path.write_bytes(data)
        times, reason = [], ""
        for _ in range(args.repeat):
            started = time.perf_counter()
            try:
                uploads.check_xlsx(path)
            except uploads.UploadRefused as exc:
                reason = str(exc)
            times.append(time.perf_counter() - started)
        print(
            f"{name:15s} {len(data) / 1024:8.0f} KB  refused in median {statistics.median(times) * 1000:7.2f} ms"
            f" (max {max(times) * 1000:.2f} ms): {reason}"
        )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory of the process: {peak:.0f} MB (budget 200 MB)")


if __name__ == "__main__":
    main()
