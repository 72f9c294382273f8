"""The slow steps of the annual report as background tasks: drafting (a few seconds for a
township with a year of records), the PDF (LibreOffice) and recomputing every figure."""

from django.urls import reverse
from django_tasks import task

from fazhi.background.models import BackgroundTask
from fazhi.background.runner import background
from fazhi.reports import drafting, editing
from fazhi.reports import render as rendering
from fazhi.reports.models import Report


def _report(record: BackgroundTask) -> Report:
    # The user's scope was checked when the task was started; the report may be gone since.
    report = Report.objects.filter(pk=record.params["report"]).select_related("org").first()
    if report is None:
        raise LookupError("报告已被删除")
    return report


@task
@background
def draft(record: BackgroundTask, progress) -> None:
    params = record.params
    report = drafting.draft_report(
        record.org, params["year"], record.created_by, omit_idle=params.get("omit_idle", False)
    )
    record.result = {"report": report.pk, "url": reverse("reports:detail", args=[report.pk])}


@task
@background
def make_pdf(record: BackgroundTask, progress) -> None:
    report = _report(record)
    rendering.make_pdf(report)
    record.result = {"url": reverse("reports:download", args=[report.pk, "pdf"])}


@task
@background
def recompute(record: BackgroundTask, progress) -> None:
    report = _report(record)
    found = editing.changes(report) if report.editable else []
    record.result = {
        "report": report.pk,
        "editable": report.editable,
        "changes": [
            {
                "part": c.paragraph.section.get_part_display(),
                "paragraph": c.paragraph.pk,
                "code": c.code,
                "name": c.name,
                "shown": c.shown,
                "now": c.now,
                "excerpt": c.excerpt,
            }
            for c in found
        ],
    }
