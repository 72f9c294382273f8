"""Pages of the annual report: list, drafting, the editor (htmx), recomputing, the workflow steps,
self-check, preview and downloads. Views parse input and call drafting/editing/workflow."""

import datetime as dt
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from fazhi import review
from fazhi.background import runner
from fazhi.background.models import BackgroundTask
from fazhi.background.views import status_context
from fazhi.indicators import narrative, registry
from fazhi.orgs.models import Level
from fazhi.reports import document, editing, links, tasks, workflow
from fazhi.reports import render as rendering
from fazhi.reports.models import PART_NUMERALS, PARTS, Paragraph, Report, Section, Step
from fazhi.review.render import CSS as REVIEW_CSS

META_FIELDS = ["title", "issuer", "doc_number", "signer", "recipients", "cc", "printer"]


def get_report_for_user(request, pk: int, write: bool = False) -> Report:
    """404 for a report that is missing or outside the user's org; 403 for a read-only role."""
    report = get_object_or_404(Report.objects.visible_to(request.user).select_related("org"), pk=pk)
    if write and not _writes(request.user, report):
        raise PermissionDenied("您的角色不能修改本报告")
    return report


def _writes(user, report: Report) -> bool:
    """Only the report's own org drafts and edits it: a township's 党政办 or 司法所, or for a
    county's own report the county's office; the county never edits a township's report."""
    return user.org_id == report.org_id and user.has_perm(workflow.writer_permission(report))


def may_draft(user) -> bool:
    """A township's drafters, or the county's office for the county's own report."""
    if user.org is None:
        return False
    if user.org.level == Level.TOWNSHIP:
        return user.has_perm("reports.add_report")
    return user.org.level == Level.COUNTY and user.has_perm(workflow.COUNTY_PERMISSION)


def _paragraph(report: Report, pid: int) -> Paragraph:
    return get_object_or_404(Paragraph.objects.select_related("section"), pk=pid, section__report=report)


def _last_year() -> int:
    return timezone.localdate().year - 1


@login_required
def index(request):
    user = request.user
    if not user.has_perm("reports.view_report"):
        raise PermissionDenied("您的角色不能查看年度报告")
    reports = list(
        Report.objects.visible_to(user).select_related("org").order_by("-year", "org__path", "-version")
    )
    can_draft = may_draft(user)
    drafted = {r.year for r in reports if r.org_id == user.org_id}
    # The year just ended comes first; the running year can be drafted ahead in December.
    years = [_last_year(), _last_year() + 1, _last_year() - 1]
    is_county = user.org is not None and user.org.level == Level.COUNTY
    context = {
        # The county's own report first, then its townships'.
        "own_reports": [r for r in reports if r.org_id == user.org_id] if is_county else [],
        "reports": [r for r in reports if r.org_id != user.org_id] if is_county else reports,
        "can_draft": can_draft,
        "draft_years": [y for y in years if y not in drafted],
        "is_county": user.org is not None and user.org.level != Level.TOWNSHIP,
    }
    return render(request, "reports/index.html", context)


@login_required
@require_POST
def create(request):
    user = request.user
    if not may_draft(user):
        raise PermissionDenied("您的角色不能起草年度报告")
    try:
        year = int(request.POST.get("year", ""))
    except ValueError:
        messages.error(request, "请选择报告年度")
        return redirect("reports:index")
    omit_idle = bool(request.POST.get("omit_idle"))
    # A second click while the first draft is being written shows that one instead of a second.
    record = runner.start_once(
        user,
        BackgroundTask.Kind.DRAFT,
        f"{user.org.name}{year}年度法治政府建设报告",
        user.org,
        tasks.draft,
        key={"year": year, "org": user.org_id},
        omit_idle=omit_idle,
    )
    return redirect("background:detail", record.pk)


def _editor_context(request, report: Report) -> dict:
    user = request.user
    stale = {(c.paragraph.pk, c.code): c for c in editing.changes(report)} if report.editable else {}
    names = {i.code: i.name for i in registry.all_indicators()}
    parts = []
    sections = list(report.sections.prefetch_related("paragraphs"))
    for part, title in PARTS.items():
        part_sections = []
        for s in [s for s in sections if s.part == part]:
            rows = []
            for p in s.paragraphs.all():
                segs = [
                    {
                        "text": seg.text,
                        "code": seg.code,
                        "name": names.get(seg.code, ""),
                        "now": stale[(p.pk, seg.code)].now if (p.pk, seg.code) in stale else "",
                    }
                    for seg in document.segments(p.text, p.values)
                ]
                rows.append({"p": p, "segments": segs})
            part_sections.append({"section": s, "rows": rows})
        parts.append(
            {"part": part, "numeral": PART_NUMERALS[part], "title": title, "sections": part_sections}
        )
    can_edit = report.editable and _writes(user, report)
    latest = Report.objects.filter(org=report.org, year=report.year).order_by("-version").first()
    return {
        "report": report,
        "parts": parts,
        "can_edit": can_edit,
        "stale_count": len(stale),
        "transitions": workflow.available(report, user),
        "next_steps": workflow.next_steps(report),
        # Every round of this year's report: the returns and revisions stay readable.
        "steps": [
            _labelled(s, report)
            for s in Step.objects.filter(report__org=report.org, report__year=report.year)
            .select_related("by", "report")
            .order_by("at", "id")
        ],
        "is_township": workflow.is_township(report),
        "receiver": workflow.receiver(report),
        "county_comments": Step.objects.filter(
            report_id=report.corrects_id, action=Step.Action.COUNTY_RETURN
        ).first()
        if report.corrects_id
        else None,
        "versions": Report.objects.filter(org=report.org, year=report.year).order_by("-version"),
        "can_correct": report.frozen and latest == report and _writes(user, report),
        "can_finding": links.model("rectification", "Finding") is not None
        and user.org_id == report.org_id
        and user.has_perm("rectification.add_finding"),
        "due": workflow.due_dates(report.year),
        "indicators": registry.all_indicators(),
        "meta_fields": [(f, Report._meta.get_field(f).verbose_name, getattr(report, f)) for f in META_FIELDS],
        "today": timezone.localdate(),
        "pdf_missing": "" if rendering.soffice() else rendering.ENABLE_PDF,
    }


def _labelled(step: Step, report: Report) -> Step:
    step.label = workflow.action_label(step.action, report)
    return step


@login_required
def detail(request, pk):
    report = get_report_for_user(request, pk)
    return render(request, "reports/detail.html", _editor_context(request, report))


@login_required
@require_POST
def meta(request, pk):
    report = get_report_for_user(request, pk, write=True)
    try:
        editing.save_meta(report, {f: request.POST.get(f, "") for f in META_FIELDS}, request.user)
    except editing.EditError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "文头信息已保存")
    return redirect("reports:detail", report.pk)


def _paragraph_fragment(request, report, p, error=""):
    context = _editor_context(request, report)
    row = next(
        r for part in context["parts"] for s in part["sections"] for r in s["rows"] if r["p"].pk == p.pk
    )
    context.update(row=row, error=error)
    return render(request, "reports/_paragraph.html", context)


@login_required
def paragraph(request, pk, pid):
    """GET: the paragraph as read; POST: save the rewritten text."""
    report = get_report_for_user(request, pk, write=request.method == "POST")
    p = _paragraph(report, pid)
    if request.method == "POST":
        text = request.POST.get("text", "")
        try:
            p = editing.save_paragraph(p, text, request.user)
        except editing.EditError as exc:
            return render(request, "reports/_paragraph_form.html", _form_context(report, p, text, str(exc)))
    return _paragraph_fragment(request, report, p)


def _form_context(report: Report, p: Paragraph, text: str, error: str = "") -> dict:
    """The paragraph editor: figures appear as chips with their name and value, the text with
    its `{{code}}` references travels underneath in a hidden field."""
    figs = narrative.figures(report.org, report.year)
    current = {code: narrative.display(fig) for code, fig in figs.items()}
    names = {i.code: i.name for i in registry.all_indicators()}
    shown = {**current, **p.values}
    segments = [
        {"text": s.text, "code": s.code, "name": names.get(s.code, s.code)}
        for s in document.segments(text, shown)
    ]
    township = report.org.level == Level.TOWNSHIP
    choices = [
        {"code": i.code, "name": i.name, "value": current.get(i.code, "—"), "area": i.area}
        for i in registry.all_indicators()
        if not (township and i.above_township)
    ]
    return {"report": report, "p": p, "text": text, "error": error, "segments": segments, "choices": choices}


@login_required
def paragraph_edit(request, pk, pid):
    report = get_report_for_user(request, pk, write=True)
    p = _paragraph(report, pid)
    try:
        editing.require_editable(report)
    except editing.EditError as exc:
        return HttpResponse(f'<div class="alert alert-warning">{exc}</div>')
    return render(request, "reports/_paragraph_form.html", _form_context(report, p, p.text))


def _back(report, anchor: str = ""):
    return redirect(reverse("reports:detail", args=[report.pk]) + (f"#{anchor}" if anchor else ""))


@login_required
@require_POST
def paragraph_delete(request, pk, pid):
    report = get_report_for_user(request, pk, write=True)
    p = _paragraph(report, pid)
    try:
        editing.delete_paragraph(p, request.user)
    except editing.EditError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "段落已删除（可在变更历史中查到原文）")
    return _back(report, f"section-{p.section_id}")


@login_required
@require_POST
def paragraph_move(request, pk, pid):
    report = get_report_for_user(request, pk, write=True)
    p = _paragraph(report, pid)
    try:
        editing.move_paragraph(p, -1 if request.POST.get("direction") == "up" else 1, request.user)
    except editing.EditError as exc:
        messages.error(request, str(exc))
    return _back(report, f"p-{p.pk}")


@login_required
@require_POST
def paragraph_add(request, pk, sid):
    report = get_report_for_user(request, pk, write=True)
    section = get_object_or_404(Section, pk=sid, report=report)
    after = Paragraph.objects.filter(section=section, pk=request.POST.get("after") or 0).first()
    try:
        p = editing.add_paragraph(section, request.POST.get("text", ""), request.user, after=after)
    except editing.EditError as exc:
        messages.error(request, str(exc))
        return _back(report, f"section-{section.pk}")
    return _back(report, f"p-{p.pk}")


@login_required
@require_POST
def section_delete(request, pk, sid):
    report = get_report_for_user(request, pk, write=True)
    section = get_object_or_404(Section, pk=sid, report=report)
    try:
        editing.delete_section(section, request.user)
    except editing.EditError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"已从报告中删去“{section.title}”一节")
    return _back(report)


@login_required
@require_POST
def paragraph_finding(request, pk, pid):
    report = get_report_for_user(request, pk, write=True)
    p = _paragraph(report, pid)
    try:
        due = dt.date.fromisoformat(request.POST.get("due_on", ""))
    except ValueError:
        due = None
    try:
        workflow.finding_from_shortcoming(
            report, p, request.user, request.POST.get("measure", ""), request.POST.get("owner", ""), due
        )
    except workflow.WorkflowError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "已登记到问题整改台账")
    return _back(report, f"p-{p.pk}")


@login_required
def recompute(request, pk):
    """Recomputing every figure takes a second or more: it runs in the background and this page
    shows its progress, then the figures that changed."""
    report = get_report_for_user(request, pk)
    context = {"report": report, "job": None}
    if report.editable:
        shown = request.GET.get("task", "")
        record = None
        if shown.isdigit():
            record = BackgroundTask.objects.filter(
                pk=int(shown),
                created_by=request.user,
                kind=BackgroundTask.Kind.RECOMPUTE,
                params__report=report.pk,
            ).first()
        if record is None:
            # Opening the page computes afresh (after an accepted figure too); the address then
            # names the task, so a reload shows its result instead of starting another.
            record = _report_task(request, report, BackgroundTask.Kind.RECOMPUTE, tasks.recompute)
            return redirect(f"{reverse('reports:recompute', args=[report.pk])}?task={record.pk}")
        context.update(status_context(record))
    return render(request, "reports/recompute.html", context)


@login_required
@require_POST
def accept(request, pk):
    report = get_report_for_user(request, pk, write=True)
    try:
        if request.POST.get("all"):
            n = editing.accept_all(report, request.user)
            messages.success(request, f"已采用{n}处最新数字")
        else:
            editing.accept(
                report, int(request.POST.get("paragraph", 0)), request.POST.get("code", ""), request.user
            )
            messages.success(request, "已采用最新数字")
    except (editing.EditError, Paragraph.DoesNotExist, ValueError) as exc:
        messages.error(request, str(exc) if isinstance(exc, editing.EditError) else "没有这一处数字")
    return redirect("reports:recompute", report.pk)


@login_required
@require_POST
def step(request, pk, action):
    report = get_report_for_user(request, pk)
    try:
        done = workflow.transition(report, action, request.user, request.POST.get("note", ""))
    except workflow.WorkflowError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"已{done.get_action_display()}")
    return _back(report)


@login_required
@require_POST
def correct(request, pk):
    report = get_report_for_user(request, pk)
    try:
        new = workflow.correct(report, request.user, request.POST.get("reason", ""))
    except workflow.WorkflowError as exc:
        messages.error(request, str(exc))
        return _back(report)
    messages.success(request, f"已创建第{new.version}版（更正版本），修改后重新审核、签发和报送")
    return redirect("reports:detail", new.pk)


@login_required
def preview(request, pk):
    report = get_report_for_user(request, pk)
    doc = document.build(report)
    context = {
        "report": report,
        # The renderer escapes every text it embeds.
        "page": mark_safe(rendering.to_html(doc)),  # noqa: S308
        "css": mark_safe(rendering.CSS),  # noqa: S308  (a constant)
    }
    return render(request, "reports/preview.html", context)


@login_required
def self_check(request, pk):
    report = get_report_for_user(request, pk)
    doc = document.build(report)
    result = review.review_text(doc.text, name=str(report), year=report.year)
    context = {
        "report": report,
        "result": result,
        "errors": result.count("error"),
        "warnings": result.count("warning"),
        # The engine escapes every text it embeds in its HTML.
        "fragment": mark_safe(review.render_html_fragment(result)),  # noqa: S308
        "css": mark_safe(REVIEW_CSS),  # noqa: S308  (a constant of the engine)
    }
    return render(request, "reports/self_check.html", context)


@login_required
def pdf(request, pk):
    """The PDF is made by LibreOffice in the background; this page shows the progress and then
    the download (an existing PDF is served at once)."""
    report = get_report_for_user(request, pk)
    if not rendering.soffice():
        messages.error(request, rendering.ENABLE_PDF)
        return _back(report)
    if rendering.cached_pdf(report) is not None:
        return redirect("reports:download", report.pk, "pdf")
    record = _report_task(request, report, BackgroundTask.Kind.PDF, tasks.make_pdf)
    return render(request, "reports/pdf.html", {"report": report, **status_context(record)})


@login_required
def download(request, pk, fmt):
    report = get_report_for_user(request, pk)
    if fmt not in rendering.FORMATS:
        raise Http404("没有这种格式")
    if fmt == "pdf":
        # LibreOffice takes a while: the progress page makes the PDF, then the download is served.
        content = rendering.cached_pdf(report)
        if content is None:
            return redirect("reports:pdf", report.pk)
    try:
        content = content if fmt == "pdf" else rendering.render(report, fmt)
    except rendering.RenderUnavailable as exc:
        messages.error(request, str(exc))
        return _back(report)
    response = HttpResponse(content, content_type=rendering.FORMATS[fmt])
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(rendering.filename(report, fmt))}"
    return response


def _report_task(request, report, kind: str, task) -> BackgroundTask:
    title = f"{report.org}{report.year}年度报告（第{report.version}版）"
    return runner.start_once(request.user, kind, title, report.org, task, key={"report": report.pk})
