import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from fazhi.orgs.models import OrgUnit
from fazhi.supervision import access, inspections
from fazhi.supervision.forms import InspectionForm
from fazhi.supervision.models import Inspection, InspectionFinding

BLANK_ROWS = 5


def _rows(request, townships) -> tuple[list[inspections.Row], list[str]]:
    """The finding rows of the form: f-<n>-org, -description, -requirement, -due_on; rows left
    empty are skipped."""
    by_code = {t.code: t for t in townships}
    rows, errors = [], []
    for n in range(int(request.POST.get("rows") or BLANK_ROWS)):
        get = lambda name, n=n: (request.POST.get(f"f-{n}-{name}") or "").strip()  # noqa: E731
        if not (get("description") or get("requirement")):
            continue
        org = by_code.get(get("org"))
        if org is None:
            errors.append(f"第{n + 1}行：请选择乡镇")
            continue
        try:
            due = dt.date.fromisoformat(get("due_on")) if get("due_on") else None
        except ValueError:
            errors.append(f"第{n + 1}行：整改时限“{get('due_on')}”不是有效日期")
            continue
        rows.append(inspections.Row(org, get("description"), get("requirement"), due))
    return rows, errors


def _townships(county):
    return list(OrgUnit.objects.filter(path__startswith=county.path).townships())


@login_required
def inspection_list(request):
    user = request.user
    if not user.has_perm("supervision.view_inspection"):
        raise PermissionDenied("您的角色不能查看督察检查")
    county = access.managing_county(user, "manage_inspection")
    form, townships, row_errors = None, [], []
    if county is not None:
        townships = _townships(county)
        form = InspectionForm(request.POST or None)
        if request.method == "POST":
            rows, row_errors = _rows(request, townships)
            if form.is_valid() and not row_errors:
                try:
                    inspection = inspections.record(county, form.cleaned_data, rows, user)
                except inspections.InspectionError as exc:
                    row_errors = exc.messages
                else:
                    messages.success(
                        request,
                        f"已登记督察“{inspection.title}”，{len(rows)}条问题已列入相关乡镇的问题整改台账",
                    )
                    return redirect("supervision:inspection", inspection.pk)
    today = timezone.localdate()
    visible = InspectionFinding.objects.filter(
        inspection__in=Inspection.objects.visible_to(user), org__path__startswith=user.org.path
    ).select_related("org", "inspection")
    statuses = inspections.statuses(list(visible), today)
    by_inspection: dict[int, list] = {}
    for s in statuses:
        by_inspection.setdefault(s.finding.inspection_id, []).append(s)
    listed = Inspection.objects.filter(pk__in=by_inspection.keys()) | Inspection.objects.visible_to(
        user
    ).filter(county=county)
    rows = [
        {
            "inspection": i,
            "total": len(by_inspection.get(i.pk, [])),
            "closed": sum(1 for s in by_inspection.get(i.pk, []) if s.closed),
            "late": sum(1 for s in by_inspection.get(i.pk, []) if s.late and not s.closed),
        }
        for i in listed.distinct().order_by("-held_on", "-id")
    ]
    context = {
        "rows": rows,
        "late": [s for s in statuses if s.late and not s.closed],
        "form": form,
        "townships": townships,
        "row_range": range(BLANK_ROWS),
        "row_errors": row_errors,
        "post": request.POST,
    }
    return render(request, "supervision/inspections.html", context)


@login_required
def inspection_detail(request, pk):
    user = request.user
    inspection = access.get_inspection_for_user(request, pk)
    findings = list(inspection.findings.filter(org__path__startswith=user.org.path).select_related("org"))
    manage = access.managing_county(user, "manage_inspection") == inspection.county
    if not findings and not manage and access.is_township(user):
        raise Http404("没有这次督察")
    row_errors = []
    if request.method == "POST":
        if not manage:
            raise PermissionDenied("只有本县依法治县办可以登记督察问题")
        rows, row_errors = _rows(request, _townships(inspection.county))
        if not row_errors:
            try:
                inspections.add_findings(inspection, rows, user)
            except inspections.InspectionError as exc:
                row_errors = exc.messages
            else:
                messages.success(request, f"已增加{len(rows)}条问题，已列入相关乡镇的问题整改台账")
                return redirect("supervision:inspection", pk)
    statuses = inspections.statuses(findings, timezone.localdate())
    context = {
        "inspection": inspection,
        "statuses": statuses,
        "closed": sum(1 for s in statuses if s.closed),
        "late": sum(1 for s in statuses if s.late and not s.closed),
        "manage": manage,
        "townships": _townships(inspection.county) if manage else [],
        "row_range": range(3),
        "row_errors": row_errors,
        "post": request.POST,
    }
    return render(request, "supervision/inspection.html", context)
