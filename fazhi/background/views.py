"""The jobs page: a user's background work with its status, progress, outcome and error."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.safestring import mark_safe

from fazhi.background import runner
from fazhi.background.models import BackgroundTask
from fazhi.ledger import registry
from fazhi.lib.xlsx import table_response
from fazhi.review.render import CSS as REVIEW_CSS

EXPORT_COLUMNS = [("提交时间", 18), ("类型", 10), ("内容", 40), ("状态", 16), ("完成时间", 18), ("说明", 50)]


def get_task_for_user(request, pk) -> BackgroundTask:
    """Only the user who started a task sees it; another's answers 404 like a missing one."""
    return get_object_or_404(BackgroundTask.objects.select_related("org"), pk=pk, created_by=request.user)


def _local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


@login_required
def task_list(request):
    rows = BackgroundTask.objects.filter(created_by=request.user).order_by("-created_at", "-pk")
    if request.GET.get("format") == "xlsx":
        return table_response(
            "后台任务",
            EXPORT_COLUMNS,
            (
                [
                    _local(t.created_at),
                    t.get_kind_display(),
                    t.title,
                    t.get_status_display(),
                    _local(t.finished_at),
                    t.error,
                ]
                for t in rows.iterator()
            ),
        )
    page = Paginator(rows, settings.FAZHI_PAGE_SIZE).get_page(request.GET.get("page"))
    running = any(t.running for t in page)
    template = "background/_list.html" if request.headers.get("HX-Request") else "background/list.html"
    return render(request, template, {"page": page, "running": running})


def status_context(record: BackgroundTask) -> dict:
    """What background/_status.html needs: a page of its own or a host page (the PDF, recompute)
    includes it, and the polling answers it from task_detail."""
    code = record.params.get("ledger")
    return {
        "job": record,
        "ledger": registry.get(code) if code else None,
        "result_template": f"background/result_{record.kind}.html",
        "review_css": mark_safe(REVIEW_CSS),  # noqa: S308  (a constant of the review engine)
    }


@login_required
def task_detail(request, pk):
    context = status_context(runner.reconcile(get_task_for_user(request, pk)))
    template = "background/_status.html" if request.headers.get("HX-Request") else "background/detail.html"
    return render(request, template, context)
