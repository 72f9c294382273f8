"""Pages for imports from line systems: upload a source's export, check, confirm, roll back."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from fazhi.ledger import actions, lines, registry, uploads
from fazhi.ledger.models import ImportBatch, LineSource


def _sources_for(user) -> list[tuple[LineSource, registry.Ledger]]:
    """Active sources whose ledger the user may import into."""
    found = []
    for source in LineSource.objects.filter(active=True):
        ledger = registry.get(source.ledger)
        if ledger is not None and _can_import(user, ledger):
            found.append((source, ledger))
    return found


def _can_import(user, ledger) -> bool:
    return (
        actions.writable_org(user) is not None
        and user.has_perm("orgs.import_ledger")
        and ledger.can(user, "add")
        and ledger.can(user, "change")
    )


def get_batch_for_user(request, pk: int, write: bool = False) -> tuple[ImportBatch, registry.Ledger]:
    """404 for a batch that is missing and for one of a township or ledger the user cannot see."""
    batch = ImportBatch.objects.select_related("source", "org").filter(pk=pk).first()
    if batch is None or request.user.org is None:
        raise Http404("导入批次不存在")
    ledger = registry.get(batch.source.ledger)
    if ledger is None or not ledger.can(request.user, "view"):
        raise Http404("导入批次不存在")
    if not batch.org.path.startswith(request.user.org.path):
        raise Http404("导入批次不存在")
    if write and (batch.org != actions.writable_org(request.user) or not _can_import(request.user, ledger)):
        raise PermissionDenied("您的角色不能办理本批导入")
    return batch, ledger


@login_required
def line_imports(request):
    user = request.user
    visible = {lg.code for lg in registry.all_ledgers() if lg.can(user, "view")}
    if not visible or user.org is None:
        raise PermissionDenied("您的角色不能查看条线系统导入")
    batches = [
        b
        for b in ImportBatch.objects.select_related("source", "org", "created_by")
        .filter(org__path__startswith=user.org.path)
        .exclude(status=ImportBatch.Status.INVALID)[:200]
        if b.source.ledger in visible
    ]
    return render(request, "ledger/lines.html", {"sources": _sources_for(user), "batches": batches})


@login_required
def line_upload(request, source):
    source = get_object_or_404(LineSource, code=source, active=True)
    ledger = registry.get(source.ledger)
    if ledger is None or not _can_import(request.user, ledger):
        raise PermissionDenied("您的角色不能从该系统导入")
    error = ""
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            error = "请选择条线系统导出的Excel文件"
        elif not (error := uploads.refuse(upload, uploads.check_xlsx)):
            batch = ImportBatch(
                source=source,
                org=actions.writable_org(request.user),
                created_by=request.user,
                filename=upload.name[:200],
            )
            uploads.keep_encrypted(batch.file, f"{source.code}.xlsx", uploads.upload_bytes(upload))
            batch.save()
            lines.run(batch, request.user, commit=False)
            return redirect("ledger:line_batch", pk=batch.pk)
    return render(request, "ledger/line_upload.html", {"source": source, "ledger": ledger, "error": error})


@login_required
def line_batch(request, pk):
    batch, ledger = get_batch_for_user(request, pk, write=request.method == "POST")
    if request.method == "POST":
        if batch.status != ImportBatch.Status.PENDING:
            messages.error(request, "该批次当前不能写入。")
        else:
            result = lines.run(batch, request.user, commit=True)
            if result.committed:
                messages.success(
                    request,
                    f"导入完成：新增{result.creates}条，更新{result.updates}条，未变{result.unchanged}条。",
                )
        return redirect("ledger:line_batch", pk=pk)
    return render(
        request,
        "ledger/line_batch.html",
        {
            "batch": batch,
            "ledger": ledger,
            "r": batch.result,
            "refusal": lines.rollback_refusal(batch),
            "can_write": batch.org == actions.writable_org(request.user)
            and _can_import(request.user, ledger),
        },
    )


@login_required
def line_rollback(request, pk):
    batch, ledger = get_batch_for_user(request, pk, write=True)
    if not ledger.can(request.user, "delete"):
        raise PermissionDenied("您的角色不能撤销导入")
    error = lines.rollback_refusal(batch)
    if request.method == "POST" and not error:
        try:
            deleted, restored = lines.rollback(batch, request.user, request=request)
        except ValidationError as exc:
            error = "；".join(exc.messages)
        else:
            messages.success(
                request, f"已撤销{batch.stamp}：删除{deleted}条新增记录，恢复{restored}条被更新的记录。"
            )
            return redirect("ledger:line_batch", pk=pk)
    return render(request, "ledger/line_rollback.html", {"batch": batch, "ledger": ledger, "error": error})
