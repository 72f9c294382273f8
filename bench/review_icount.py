"""Reviews a fixed workload, for counting instructions with callgrind: a steady measure where
CPU seconds on a shared virtual machine swing by 15-25% from one run to the next.

    PYTHONHASHSEED=0 valgrind --tool=callgrind --callgrind-out-file=/dev/null \\
        .venv/bin/python bench/review_icount.py {real|synthetic} N

Reviews two reports to warm up (rules, dictionaries, automata), then N more without copy
detection. Run it with N=0 and N=20: the difference of the two "Collected" counts divided by 20
is the instructions per report. "real" is the whole sample reports joined (read at run time from
FAZHI_SAMPLES_DIR); "synthetic" ten synthetic reports of about 8,000 characters.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench_review import sample_text  # noqa: E402  (this folder is on sys.path when run as a script)

from fazhi.review import review_text  # noqa: E402
from fazhi.review.evaluate import default_samples_dir  # noqa: E402
from fazhi.review.synth import make_report  # noqa: E402


def main() -> int:
    kind, n = sys.argv[1], int(sys.argv[2])
    if kind == "real":
        text, count = sample_text()
        if not count:
            print(f"no sample reports at {default_samples_dir()} (FAZHI_SAMPLES_DIR)", file=sys.stderr)
            return 2
        texts = [text] * 10
    else:
        texts = [make_report(i, org="青石镇", target_chars=8000) for i in range(10)]
    for text in texts[:2]:
        review_text(text)
    for i in range(n):
        review_text(texts[i % 10] + " " * (i % 2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
