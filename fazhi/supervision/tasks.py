"""The batch review of uploaded report files as a background task: a batch of dozens of files
takes many seconds, and a .doc needs LibreOffice."""

import tempfile
from pathlib import Path

from django.core.files.storage import default_storage
from django_tasks import task

from fazhi import review
from fazhi.background.models import BackgroundTask
from fazhi.background.runner import background
from fazhi.review.model import PART_TITLES


def stored_folder(record: BackgroundTask) -> str:
    return f"tasks/review/{record.pk}"


@task
@background
def review_files(record: BackgroundTask, progress) -> None:
    names = record.params["files"]
    try:
        with tempfile.TemporaryDirectory(prefix="fazhi-review-") as tmp:
            paths = []
            for n, name in enumerate(names):
                # One folder per file keeps the original names, even when two are equal.
                path = Path(tmp) / f"{n:03d}" / Path(name).name
                path.parent.mkdir()
                with default_storage.open(name, "rb") as src:
                    path.write_bytes(src.read())
                paths.append(path)
                progress(n + 1, len(names) * 2)
            results = review.review_batch(paths, year=record.params.get("year"))
    finally:
        # The files serve this review only.
        for name in names:
            default_storage.delete(name)
    results.sort(key=lambda r: (-r.count("error"), -r.count("warning")))
    record.result = {
        "rows": [
            {
                "file": r.file,
                "org": r.org,
                "year": r.year,
                "count_errors": r.count("error"),
                "count_warnings": r.count("warning"),
                "missing_parts": [PART_TITLES[k] for k, state in r.parts.items() if state == "missing"],
                "share_percent": round(r.boilerplate.share * 100, 1),
                # The engine escapes every text it embeds in its HTML.
                "fragment": review.render_html_fragment(r),
            }
            for r in results
        ]
    }
