"""The public page of published reports (政府信息公开): no login. It lists the reports the county
accepted, by year and unit, with the county's own report once published (accepted by the level
above, or published by the county itself where no level above receives reports here); each is
readable as HTML and downloadable as PDF and .docx; it shows the published document only (no
drafter, no notes of the workflow)."""

from urllib.parse import quote

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from fazhi.reports import document
from fazhi.reports import render as rendering
from fazhi.reports.models import PUBLIC, Report, Step


def published():
    return Report.objects.filter(state__in=PUBLIC).select_related("org")


def publication_dates(reports) -> dict[int, object]:
    """The day each report came on this page: the county accepted a township's report (or the
    level above a county's); a county whose level above receives nothing here published its own."""
    steps = Step.objects.filter(
        report__in=reports, action__in=[Step.Action.ACCEPT, Step.Action.PUBLISH]
    ).order_by("-at")
    return {s.report_id: s.at for s in steps}


@require_GET
def index(request):
    reports = list(published().order_by("-year", "org__path", "-version"))
    # One per township and year: a corrected version replaces the one it corrects.
    seen, shown = set(), []
    for r in reports:
        if (r.org_id, r.year) not in seen:
            seen.add((r.org_id, r.year))
            shown.append(r)
    dates = publication_dates(shown)
    years: dict[int, list] = {}
    for r in shown:
        years.setdefault(r.year, []).append({"report": r, "published_at": dates.get(r.pk)})
    return render(request, "reports/public/index.html", {"years": sorted(years.items(), reverse=True)})


@require_GET
def detail(request, pk):
    report = get_object_or_404(published(), pk=pk)
    doc = document.build(report)
    context = {
        "report": report,
        "published_at": publication_dates([report]).get(report.pk),
        # The renderer escapes every text it embeds.
        "page": mark_safe(rendering.to_html(doc, figures_marked=False)),  # noqa: S308
        "css": mark_safe(rendering.CSS),  # noqa: S308  (a constant)
        "pdf_missing": "" if rendering.soffice() else "本服务器暂时不能生成 PDF，请下载 Word 版。",
    }
    return render(request, "reports/public/detail.html", context)


@require_GET
def download(request, pk, fmt):
    report = get_object_or_404(published(), pk=pk)
    if fmt not in ("pdf", "docx"):
        raise Http404("没有这种格式")
    try:
        content = rendering.make_pdf(report) if fmt == "pdf" else rendering.render(report, fmt)
    except rendering.RenderUnavailable as exc:
        return HttpResponse(str(exc), status=503, content_type="text/plain; charset=utf-8")
    response = HttpResponse(content, content_type=rendering.FORMATS[fmt])
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(rendering.filename(report, fmt))}"
    return response
