"""Review of report texts in the platform: a township checks its own draft, the county checks a
batch side by side. The judging is done by fazhi.review; this module only handles the upload."""

import tempfile
from pathlib import Path

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.safestring import mark_safe

from fazhi import review
from fazhi.review.model import PART_TITLES
from fazhi.review.readers import SUPPORTED
from fazhi.review.render import CSS

MAX_FILES = 60


def _year(raw: str) -> int | None:
    try:
        year = int(raw)
    except (TypeError, ValueError):
        return None
    return year if 2000 <= year <= 2100 else None


@login_required
def review_upload(request):
    """Upload one or more report files; one file shows its annotated text, several a ranking."""
    error, results = "", []
    if request.method == "POST":
        uploads = request.FILES.getlist("files")
        bad = [u.name for u in uploads if Path(u.name).suffix.lower() not in SUPPORTED]
        if not uploads:
            error = "请选择要审查的报告文件"
        elif len(uploads) > MAX_FILES:
            error = f"一次最多审查 {MAX_FILES} 份报告"
        elif bad:
            error = f"不支持的文件类型：{'、'.join(bad)}（支持 {'、'.join(sorted(SUPPORTED))}）"
        elif any(u.size > settings.FAZHI_MAX_UPLOAD_BYTES for u in uploads):
            error = "文件过大"
        else:
            with tempfile.TemporaryDirectory() as tmp:
                paths = []
                for n, upload in enumerate(uploads):
                    # One folder per file keeps the original names, even when two are equal.
                    path = Path(tmp) / f"{n:03d}" / Path(upload.name).name
                    path.parent.mkdir()
                    with path.open("wb") as fh:
                        for chunk in upload.chunks():
                            fh.write(chunk)
                    paths.append(path)
                try:
                    results = review.review_batch(paths, year=_year(request.POST.get("year")))
                except review.ReviewInputError as exc:
                    error = str(exc)
    results.sort(key=lambda r: (-r.count("error"), -r.count("warning")))
    rows = [
        {
            "file": r.file,
            "org": r.org,
            "year": r.year,
            "count_errors": r.count("error"),
            "count_warnings": r.count("warning"),
            "missing_parts": [PART_TITLES[k] for k, state in r.parts.items() if state == "missing"],
            "share_percent": round(r.boilerplate.share * 100, 1),
            # The engine escapes every text it embeds in its HTML.
            "fragment": mark_safe(review.render_html_fragment(r)),  # noqa: S308
        }
        for r in results
    ]
    context = {
        "error": error,
        "results": rows,
        "single": rows[0]["fragment"] if len(rows) == 1 else "",
        "css": mark_safe(CSS),  # noqa: S308  (a constant of the engine)
        "formats": "、".join(sorted(SUPPORTED)),
    }
    return render(request, "supervision/review.html", context)
