from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from fazhi.orgs.models import OrgUnit
from fazhi.supervision import access, assignments
from fazhi.supervision.forms import AssignmentForm
from fazhi.supervision.models import Assignment, AssignmentFile, AssignmentTarget


@login_required
def assignment_list(request):
    user = request.user
    if not user.has_perm("supervision.view_assignment"):
        raise PermissionDenied("您的角色不能查看督办任务")
    county = access.managing_county(user, "manage_assignment")
    form = None
    if county is not None:
        townships = list(OrgUnit.objects.filter(path__startswith=county.path).townships())
        form = AssignmentForm(request.POST or None, request.FILES or None, townships=townships)
        if request.method == "POST" and form.is_valid():
            chosen = set(form.cleaned_data.pop("townships"))
            fields = dict(form.cleaned_data)
            try:
                assignment = assignments.send(
                    county,
                    fields,
                    [t for t in townships if t.code in chosen],
                    request.FILES.getlist("files"),
                    user,
                )
            except assignments.AssignmentError as exc:
                for m in exc.messages:
                    messages.error(request, m)
            else:
                messages.success(request, f"已向{len(chosen)}个乡镇派发督办任务“{assignment.title}”")
                return redirect("supervision:assignment", assignment.pk)
    today = timezone.localdate()
    targets = AssignmentTarget.objects.filter(
        assignment__in=Assignment.objects.visible_to(user), org__path__startswith=user.org.path
    ).select_related("assignment", "org")
    by_assignment: dict[int, list[AssignmentTarget]] = {}
    for t in targets:
        by_assignment.setdefault(t.assignment_id, []).append(t)
    rows = []
    for a in Assignment.objects.filter(pk__in=by_assignment).order_by("-created_at", "-id"):
        ts = by_assignment[a.pk]
        rows.append(
            {
                "assignment": a,
                "targets": len(ts),
                "replied": sum(1 for t in ts if t.replied_at),
                "late": sum(1 for t in ts if t.late(today)),
                "mine": ts[0] if access.is_township(user) else None,
            }
        )
    return render(request, "supervision/assignments.html", {"rows": rows, "form": form, "today": today})


@login_required
def assignment_detail(request, pk):
    user = request.user
    assignment = access.get_assignment_for_user(request, pk)
    targets = list(access.targets_for_user(user, assignment))
    if not targets:
        raise Http404("没有这个督办任务")
    mine = targets[0] if access.is_township(user) else None
    if request.method == "POST":
        if mine is None or not user.has_perm("supervision.reply_assignment"):
            raise PermissionDenied("只有任务所派发的乡镇可以回复")
        try:
            assignments.reply(
                mine, request.POST.get("text"), request.FILES.get("file"), request.POST.get("figure"), user
            )
        except assignments.AssignmentError as exc:
            for m in exc.messages:
                messages.error(request, m)
        else:
            messages.success(request, "已回复")
            return redirect("supervision:assignment", pk)
    today = timezone.localdate()
    for t in targets:
        t.next_steps = [] if t.replied_at else assignments.next_steps(t)
    context = {
        "assignment": assignment,
        "next_steps": assignments.next_steps(mine) if mine is not None else [],
        "targets": targets,
        "mine": mine,
        "may_reply": mine is not None and user.has_perm("supervision.reply_assignment"),
        "today": today,
        "replied": sum(1 for t in targets if t.replied_at),
        "late": [t for t in targets if t.late(today)],
    }
    return render(request, "supervision/assignment.html", context)


@login_required
def assignment_file(request, pk):
    f = get_object_or_404(AssignmentFile, pk=pk)
    assignment = access.get_assignment_for_user(request, f.assignment_id)
    if not access.targets_for_user(request.user, assignment).exists():
        raise Http404("没有这个文件")
    return FileResponse(f.file.open("rb"), as_attachment=True, filename=f.name)


@login_required
def reply_file(request, pk):
    target = get_object_or_404(AssignmentTarget, pk=pk)
    assignment = access.get_assignment_for_user(request, target.assignment_id)
    if (
        not access.targets_for_user(request.user, assignment).filter(pk=target.pk).exists()
        or not target.reply_file
    ):
        raise Http404("没有这个文件")
    return FileResponse(target.reply_file.open("rb"), as_attachment=True, filename=target.reply_file_name)
