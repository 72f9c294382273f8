"""Generic pages for every registered ledger. Thin: parse input, call the framework, render."""

import datetime as dt
import io
from dataclasses import dataclass
from functools import reduce
from operator import or_

import django_filters
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from fazhi.background import runner
from fazhi.background.models import BackgroundTask
from fazhi.dicts import store
from fazhi.dicts.fields import DictField
from fazhi.ledger import actions, excel, months, procedures, registry, tasks, todo, uploads
from fazhi.ledger.fields import EncryptedCharField, blind_index, looks_like_full_id_number
from fazhi.ledger.forms import form_class, related_choices, step_form_class
from fazhi.ledger.models import Attachment, ProcedureLog
from fazhi.ledger.values import shown
from fazhi.lib import xlsx
from fazhi.lib.masking import mask
from fazhi.orgs.models import AuditLog, OrgUnit, audit


def get_ledger(code: str) -> registry.Ledger:
    ledger = registry.get(code)
    if ledger is None:
        raise Http404("没有这个台账")
    return ledger


def get_record_for_user(request, ledger: registry.Ledger, pk: int, write: bool = False):
    """404 for a record that is missing and for one that is not the user's to see."""
    obj = ledger.queryset(request.user).filter(pk=pk).first()
    if obj is None or not ledger.may_open(request.user, obj):
        raise Http404("记录不存在或无权查看")
    if ledger.sensitive:
        # Every look at a person's record is on the record (domain.md §2.10, need-to-know).
        audit(
            request,
            AuditLog.Action.VIEW_SENSITIVE,
            target=f"{ledger.title} #{obj.pk} {obj}",
            detail=f"{request.method} {request.path}",
            org=obj.org,
        )
    if write:
        require_write(request, ledger)
        if obj.org_id != actions.writable_org(request.user).pk:
            raise Http404("记录不存在或无权修改")
    return obj


def require_write(request, ledger, action: str = "change"):
    if actions.writable_org(request.user) is None or not ledger.can(request.user, action):
        raise PermissionDenied("您的角色不能修改本台账")


class BadQuery(ValueError):
    """A query parameter (year, page) that cannot be used; the message is for the user."""


YEAR_MESSAGE = "年度须为1至9999之间的整数（或 all 表示全部年度）"


def parse_year(raw) -> int | None:
    """The year a list asks for: None for "all", this year when absent. Raises BadQuery."""
    if raw == "all":
        return None
    if raw in (None, ""):
        return timezone.localdate().year
    try:
        year = int(str(raw).strip())
    except ValueError:
        raise BadQuery(YEAR_MESSAGE) from None
    if not 1 <= year <= 9999:
        raise BadQuery(YEAR_MESSAGE)
    return year


def current_year(request) -> int | None:
    try:
        return parse_year(request.GET.get("year"))
    except BadQuery:
        return timezone.localdate().year


def filterset_class(ledger: registry.Ledger, user):
    fields = list(ledger.filters)
    if user.org is not None and user.org.level != "township":
        fields = ["org", *fields]
    meta = type("Meta", (), {"model": ledger.model, "fields": fields})
    fs = type("LedgerFilterSet", (django_filters.FilterSet,), {"Meta": meta})

    class Scoped(fs):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            for name, flt in self.filters.items():
                if hasattr(flt, "queryset") and flt.queryset is not None:
                    model_field = ledger.field(name)
                    if name == "org":
                        flt.queryset = OrgUnit.objects.visible_to(user).townships()
                    else:
                        flt.queryset = related_choices(model_field, user.org)
            for name, field in self.form.fields.items():
                # "全部" reads better than Django's dashes and "未知" for an unset filter.
                if isinstance(field, forms.NullBooleanField):
                    field.widget = forms.Select(choices=[("", "全部"), ("true", "是"), ("false", "否")])
                elif isinstance(field, forms.ModelChoiceField):
                    field.empty_label = "全部"
                elif isinstance(field, forms.ChoiceField):
                    # django-filter's field adds its own empty option (empty_label) when iterated.
                    options = [c for c in field.choices if c[0] != ""]
                    model_field = ledger.field(name)
                    if isinstance(model_field, DictField):
                        # Disabled entries stay findable: old records still hold them.
                        options = [
                            (o.code, o.label if o.active else f"{o.label}（已停用）")
                            for o in store.options(model_field.dictionary)
                        ]
                    if hasattr(field, "empty_label"):
                        field.empty_label = "全部"
                        field.choices = options
                    else:
                        field.choices = [("", "全部"), *options]
                w = field.widget
                w.attrs.setdefault(
                    "class",
                    "form-select form-select-sm" if hasattr(w, "choices") else "form-control form-control-sm",
                )

    return Scoped


def filtered_queryset(ledger: registry.Ledger, user, query, org: OrgUnit | None = None):
    """Scope, year, filters, search and sort: shared by the list, the export and the API."""
    if any("\x00" in str(v) for v in query.values()):
        raise BadQuery("查询条件含不允许的控制字符")
    qs = ledger.queryset(user)
    if org is not None:
        qs = qs.of_org(org)
    year = parse_year(query.get("year"))
    if ledger.yearly and year is not None:
        qs = qs.filter(**ledger.in_year(year))
    fs = filterset_class(ledger, user)(query, queryset=qs)
    qs = fs.qs if fs.is_valid() else qs.none()
    q = (query.get("q") or "").strip()
    searched = [Q(**{f"{f}__icontains": q}) for f in ledger.search]
    indexes = ledger.identifier_indexes
    if indexes and looks_like_full_id_number(q):
        # A full ID number is looked up by its blind index (identifiers are encrypted).
        searched += [Q(**{index: blind_index(q)}) for index in indexes.values()]
    if q and searched:
        qs = qs.filter(reduce(or_, searched))
    for source, index in indexes.items():
        if value := (query.get(source) or "").strip():  # the API's exact filter, e.g. ?id_number=
            qs = qs.filter(**{index: blind_index(value)})
    sort = query.get("sort") or ""
    if sort.lstrip("-") in ledger.columns and sort.lstrip("-") not in ledger.pii_fields:
        qs = qs.order_by(sort, "-id")
    else:
        qs = qs.order_by(*ledger.ordering)
    return qs


def _cells(ledger, obj, names):
    out = []
    withheld = ledger.withheld(obj)
    for name in names:
        f = ledger.field(name)
        value = getattr(obj, name)
        if name in withheld:
            out.append("（已隐去）")
            continue
        if isinstance(f, EncryptedCharField):
            value = mask(value, f.pii)
        elif isinstance(value, dt.date):
            value = value.isoformat()
        value = shown(f, value)
        out.append("" if value is None else value)
    return out


@login_required
def ledger_index(request):
    areas = [
        (area, name, icon, [lg for lg in ledgers if lg.can(request.user, "view")])
        for area, name, icon, ledgers in registry.by_area()
    ]
    return render(request, "ledger/index.html", {"areas": [a for a in areas if a[3]]})


@login_required
def ledger_list(request, code):
    ledger = get_ledger(code)
    if not ledger.can(request.user, "view"):
        raise PermissionDenied("您的角色不能查看本台账")
    query_error = ""
    try:
        qs = filtered_queryset(ledger, request.user, request.GET)
    except BadQuery as exc:
        query_error, qs = str(exc), ledger.queryset(request.user).none()
    page = Paginator(qs, settings.FAZHI_PAGE_SIZE).get_page(request.GET.get("page"))
    columns = [(n, ledger.label(n)) for n in ledger.columns]
    show_org = request.user.org.level != "township"
    rows = [(obj, _cells(ledger, obj, ledger.columns)) for obj in page.object_list]
    if ledger.sensitive:
        # A list shows names and masked identifiers of people: every look is on the record too.
        audit(
            request,
            AuditLog.Action.LIST_SENSITIVE,
            target=ledger.title,
            detail=f"第{page.number}页 {len(rows)} 条，条件：{request.GET.urlencode() or '无'}",
            org=request.user.org,
        )
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "ledger": ledger,
        "page": page,
        "rows": rows,
        "columns": columns,
        "show_org": show_org,
        "filterset": filterset_class(ledger, request.user)(request.GET),
        "year": current_year(request),
        "years": list(range(timezone.localdate().year, timezone.localdate().year - 5, -1)),
        "q": request.GET.get("q", ""),
        "sort": request.GET.get("sort", ""),
        "querystring": query.urlencode(),
        "can_write": actions.writable_org(request.user) is not None and ledger.can(request.user, "add"),
        "can_import": actions.writable_org(request.user) is not None
        and request.user.has_perm("orgs.import_ledger"),
        "can_export": request.user.has_perm("orgs.export_ledger"),
        "query_error": query_error,
    }
    template = (
        "ledger/_table.html"
        if request.headers.get("HX-Request") and request.headers.get("HX-Target") == "ledger-table"
        else "ledger/list.html"
    )
    return render(request, template, context, status=400 if query_error else 200)


def _said(f, value) -> str:
    """A value in a history line: "" when there was none (the page says "（空）")."""
    value = shown(f, value)
    return "" if value is None else str(value)


@login_required
def ledger_detail(request, code, pk):
    ledger = get_ledger(code)
    obj = get_record_for_user(request, ledger, pk)
    fields = []
    # Fields of procedure steps the record has not reached are left out while empty.
    open_fields = set(ledger.editable_fields(obj))
    for name in ledger.fields:
        f = ledger.field(name)
        value = getattr(obj, name)
        if name not in open_fields and value in (None, "", False):
            continue
        pii = isinstance(f, EncryptedCharField)
        text = mask(value, f.pii) if pii else shown(f, value)
        fields.append(
            {
                "name": name,
                "label": ledger.label(name),
                "value": "" if text is None else str(text),
                "pii": pii and bool(value),
            }
        )
    history = []
    records = list(obj.history.select_related("history_user").order_by("-history_date", "-history_id")[:50])
    for newer, older in zip(records, [*records[1:], None], strict=True):
        changes = []
        if older is not None:
            for change in newer.diff_against(older, excluded_fields=["updated_at", "updated_by"]).changes:
                f = ledger.field(change.field) if change.field in ledger.fields else None
                if f is None:
                    continue
                if isinstance(f, EncryptedCharField):
                    changes.append((ledger.label(change.field), "（已加密）", "（已修改）"))
                else:
                    changes.append((ledger.label(change.field), _said(f, change.old), _said(f, change.new)))
        history.append({"record": newer, "changes": changes})
    attachments = Attachment.objects.filter(ledger=ledger.code, record_id=obj.pk, org=obj.org)
    writable = (
        actions.writable_org(request.user) is not None
        and obj.org_id == actions.writable_org(request.user).pk
        and ledger.can(request.user, "change")
    )
    return render(
        request,
        "ledger/detail.html",
        {
            "ledger": ledger,
            "obj": obj,
            "fields": fields,
            "history": history,
            "attachments": attachments,
            "can_write": writable,
            "can_delete": writable and ledger.can(request.user, "delete"),
            "can_reveal": request.user.has_perm("orgs.reveal_pii"),
            "procedure": _procedure_panel(ledger, obj),
            "deadlines": ledger.deadlines(obj),
        },
    )


def _procedure_panel(ledger, obj) -> dict | None:
    """The steps of a record's procedure: done, current, next (with what is unmet), and the log."""
    proc = ledger.procedure
    if proc is None:
        return None
    path = proc.path_to(getattr(obj, proc.field)) or []
    steps = [
        (s, "done" if s.code in path[:-1] else "current" if path and s.code == path[-1] else "future")
        for s in proc.steps
    ]
    allowed = [
        (s, proc.unmet(obj, s.code), who)
        for s, who in zip(proc.allowed(obj), procedures.next_steps(ledger, obj), strict=True)
    ]
    labels = dict(proc.choices())
    log = [
        (entry, labels.get(entry.from_step, entry.from_step), labels.get(entry.to_step, entry.to_step))
        for entry in ProcedureLog.objects.filter(
            ledger=ledger.code, record_id=obj.pk, org=obj.org
        ).select_related("by")[:50]
    ]
    return {"current": proc.current(obj), "steps": steps, "allowed": allowed, "log": log}


@login_required
def ledger_edit(request, code, pk=None):
    ledger = get_ledger(code)
    org = actions.writable_org(request.user)
    obj = get_record_for_user(request, ledger, pk, write=True) if pk else None
    if obj is None:
        require_write(request, ledger, "add")
    Form = form_class(ledger, tuple(ledger.editable_fields(obj)))
    form = Form(request.POST or None, instance=obj, org=org)
    # The version the page was opened at travels with the form: a save based on an older one
    # is refused and shows what was changed meanwhile.
    version = obj.version if obj is not None else None
    if request.method == "POST" and obj is not None:
        version = _int_or_none(request.POST.get("version"))
    stale = None
    if request.method == "POST" and form.is_valid():
        try:
            saved = actions.save_record(ledger, form, request.user, request=request, expected_version=version)
        except actions.Stale as exc:
            stale, version = exc, exc.current
        else:
            messages.success(request, f"已保存{ledger.title}记录。")
            if "save_add" in request.POST:
                return redirect("ledger:create", code=code)
            return redirect("ledger:detail", code=code, pk=saved.pk)
    return render(
        request,
        "ledger/form.html",
        {"ledger": ledger, "form": form, "obj": obj, "version": version, "stale": stale},
        status=409 if stale else 200,
    )


def _int_or_none(raw) -> int | None:
    try:
        return int(raw)
    except (TypeError, ValueError):
        return None


@login_required
def ledger_delete(request, code, pk):
    ledger = get_ledger(code)
    obj = get_record_for_user(request, ledger, pk, write=True)
    require_write(request, ledger, "delete")
    error = refused = ""
    if request.method == "POST":
        reason = request.POST.get("reason", "").strip()
        if len(reason) < 2:
            error = "请填写删除原因（至少2个字）"
        else:
            try:
                actions.delete_record(ledger, obj, request.user, reason, request=request)
            except actions.Referenced as exc:
                refused = str(exc)
            else:
                messages.success(request, f"已删除{ledger.title}记录 #{pk}，原因已记入变更历史。")
                return redirect("ledger:list", code=code)
    return render(
        request,
        "ledger/delete.html",
        {"ledger": ledger, "obj": obj, "error": error, "refused": refused},
        status=409 if refused else 200,
    )


def sudo_active(request) -> bool:
    return request.session.get("sudo_until", 0) > timezone.now().timestamp()


def try_sudo(request) -> bool:
    """Re-authentication for revealing and bulk-exporting personal data."""
    if sudo_active(request):
        return True
    password = request.POST.get("password", "")
    request.fazhi_reauthentication = True
    if password and authenticate(request, username=request.user.username, password=password) is not None:
        request.session["sudo_until"] = timezone.now().timestamp() + settings.FAZHI_SUDO_MINUTES * 60
        return True
    return False


@login_required
@require_POST
def reveal(request, code, pk, field):
    ledger = get_ledger(code)
    obj = get_record_for_user(request, ledger, pk)
    target = f"{ledger.title} #{obj.pk} {ledger.label(field) if field in ledger.fields else field}"
    if field not in ledger.pii_fields or not request.user.has_perm("orgs.reveal_pii"):
        audit(
            request,
            AuditLog.Action.REVEAL,
            target=target,
            org=obj.org,
            outcome="failure",
            reason="无查看完整个人信息的权限",
        )
        raise PermissionDenied("您没有查看完整个人信息的权限")
    if not try_sudo(request):
        if request.POST.get("password"):
            audit(
                request,
                AuditLog.Action.REVEAL,
                target=target,
                org=obj.org,
                outcome="failure",
                reason="密码验证失败",
            )
        return render(
            request,
            "ledger/_reveal.html",
            {
                "ledger": ledger,
                "obj": obj,
                "field": field,
                "ask": True,
                "failed": bool(request.POST.get("password")),
            },
        )
    audit(request, AuditLog.Action.REVEAL, target=target, org=obj.org)
    return render(request, "ledger/_reveal.html", {"value": getattr(obj, field)})


@login_required
def download_template(request, code):
    ledger = get_ledger(code)
    buf = io.BytesIO()
    excel.write_template(ledger, buf)
    buf.seek(0)
    return FileResponse(buf, as_attachment=True, filename=f"{ledger.title}-导入模板.xlsx")


@login_required
def export(request, code):
    ledger = get_ledger(code)
    refusal = ""
    reveal_pii = request.GET.get("reveal") == "1" and bool(ledger.pii_fields)
    if not ledger.can(request.user, "view") or not request.user.has_perm("orgs.export_ledger"):
        refusal = "您的角色不能导出本台账"
    elif reveal_pii and not request.user.has_perm("orgs.reveal_pii"):
        refusal = "您没有导出完整个人信息的权限"
    if refusal:
        audit(
            request,
            AuditLog.Action.EXPORT,
            target=ledger.title,
            org=request.user.org,
            outcome="failure",
            reason=refusal,
        )
        raise PermissionDenied(refusal)
    if (reveal_pii or ledger.sensitive) and not sudo_active(request):
        messages.warning(request, "导出敏感台账或完整个人信息前请先验证密码。")
        return redirect(f"{reverse('ledger:sudo')}?next={request.get_full_path()}")
    try:
        qs = filtered_queryset(ledger, request.user, request.GET)
    except BadQuery:
        # The list page explains what is wrong with the same query.
        return redirect(f"{reverse('ledger:list', args=[code])}?{request.GET.urlencode()}")
    filename = xlsx.filename(ledger.title, export_filters(ledger, request.user, request.GET))
    detail = f"{'含完整个人信息，' if reveal_pii else ''}条件：{request.GET.urlencode() or '无'}"
    audit(request, AuditLog.Action.EXPORT, target=ledger.title, detail=detail, org=request.user.org)
    count = qs.count()
    if count > settings.FAZHI_BACKGROUND_ROWS:
        record = runner.create(
            BackgroundTask.Kind.EXPORT,
            f"{ledger.title}（{count}条）",
            request.user,
            request.user.org,
            filename=filename,
            total=count,
            params={"ledger": ledger.code, "query": request.GET.dict(), "reveal": reveal_pii},
        )
        runner.enqueue(record, tasks.export_ledger)
        return redirect("background:detail", pk=record.pk)
    buf = io.BytesIO()
    excel.write_export(ledger, qs, buf, reveal=reveal_pii, township=sees_townships(request.user))
    buf.seek(0)
    return FileResponse(buf, as_attachment=True, filename=filename)


def sees_townships(user) -> bool:
    """Whether the user's exports need a 乡镇 column: they see more than one township."""
    return OrgUnit.objects.visible_to(user).townships().count() > 1


def export_filters(ledger: registry.Ledger, user, query) -> dict[str, str]:
    """The list's filters as the file name shows them: the year, then each filter's shown value."""
    year = query.get("year")
    shown = {"year": "全部年度" if year == "all" else f"{year or timezone.localdate().year}年"}
    fs = filterset_class(ledger, user)(query, queryset=ledger.model.objects.none())
    if fs.is_valid():
        for name, field in fs.form.fields.items():
            value = fs.form.cleaned_data.get(name)
            if value in (None, ""):
                continue
            if isinstance(value, bool):
                value = f"{field.label}：{'是' if value else '否'}"
            elif hasattr(field, "choices") and not hasattr(value, "pk"):
                value = dict(field.choices).get(query.get(name), value)
            shown[name] = str(value)
    if query.get("q"):
        shown["q"] = str(query["q"]).strip()[:20]
    return shown


@login_required
def import_upload(request, code):
    ledger = get_ledger(code)
    org = actions.writable_org(request.user)
    if org is None or not request.user.has_perm("orgs.import_ledger") or not ledger.can(request.user, "add"):
        raise PermissionDenied("您的角色不能导入本台账")
    error = ""
    if request.method == "POST":
        upload: UploadedFile | None = request.FILES.get("file")
        if upload is None:
            error = "请选择要导入的Excel文件"
        elif not (error := uploads.refuse(upload, uploads.check_xlsx)):
            record = runner.create(
                BackgroundTask.Kind.IMPORT,
                f"{ledger.title}：{upload.name}",
                request.user,
                org,
                filename=upload.name[:200],
                params={"ledger": ledger.code, "source": f"导入：{upload.name}"[:120]},
            )
            content = uploads.upload_bytes(upload)
            record.total = excel.count_rows(io.BytesIO(content))
            uploads.keep_encrypted(record.file, f"{ledger.code}.xlsx", content)
            record.save()
            start_or_queue(record, tasks.check_import)
            return redirect("background:detail", pk=record.pk)
    return render(request, "ledger/import.html", {"ledger": ledger, "error": error})


def start_or_queue(record: BackgroundTask, task) -> None:
    """Small files are handled at once; large ones wait for the background worker."""
    runner.enqueue(record, task, inline=record.total <= settings.FAZHI_BACKGROUND_ROWS)


def get_job_for_user(request, pk) -> BackgroundTask:
    return get_object_or_404(
        BackgroundTask,
        pk=pk,
        created_by=request.user,
        kind__in=[BackgroundTask.Kind.IMPORT, BackgroundTask.Kind.EXPORT],
    )


@login_required
@require_POST
def job_commit(request, pk):
    job = get_job_for_user(request, pk)
    queued = BackgroundTask.objects.filter(
        pk=pk, kind=BackgroundTask.Kind.IMPORT, status=BackgroundTask.Status.VALID
    ).update(status=BackgroundTask.Status.QUEUED, progress=0, started_at=None, finished_at=None)
    if not queued:
        # Already confirmed (a second click) or no longer valid: the task page tells which.
        messages.error(request, "该导入任务当前不能写入。")
        return redirect("background:detail", pk=pk)
    job.refresh_from_db()
    start_or_queue(job, tasks.write_import)
    return redirect("background:detail", pk=pk)


@login_required
def job_download(request, pk):
    job = get_job_for_user(request, pk)
    if job.kind != BackgroundTask.Kind.EXPORT or job.status != BackgroundTask.Status.DONE or not job.file:
        raise Http404("文件尚未生成或已过期删除")
    if job.downloaded_at is None:
        BackgroundTask.objects.filter(pk=job.pk, downloaded_at=None).update(downloaded_at=timezone.now())
    return FileResponse(tasks.read_file(job), as_attachment=True, filename=job.filename)


@login_required
@require_POST
def job_cancel(request, pk):
    """Gives up an import before it is written (or an export): its file is deleted at once."""
    job = get_job_for_user(request, pk)
    if job.running:
        messages.error(request, "任务正在处理，不能取消。")
    else:
        tasks.discard_file(job)
        if job.status not in (BackgroundTask.Status.DONE, BackgroundTask.Status.FAILED):
            job.status = BackgroundTask.Status.CANCELLED
        job.save()
        messages.success(request, "已取消，上传的文件已删除。")
    return redirect("background:detail", pk=pk)


@login_required
def sudo(request):
    next_url = request.GET.get("next") or request.POST.get("next") or reverse("home")
    if not next_url.startswith("/"):
        next_url = reverse("home")
    error = ""
    if request.method == "POST":
        if try_sudo(request):
            return redirect(next_url)
        error = "密码不正确"
    return render(request, "ledger/sudo.html", {"next": next_url, "error": error})


@dataclass(frozen=True)
class MonthCell:
    """One township's month of one ledger in the grid: its state and what the user may do."""

    month: int
    state: str
    may_declare: bool

    @property
    def label(self) -> str:
        return months.LABELS[self.state]

    @property
    def meaning(self) -> str:
        return months.MEANINGS[self.state]


def month_grid(user, year: int) -> tuple[list[OrgUnit], list]:
    """The visible townships and, per monthly ledger the user may view, each township's 12 cells."""
    today = timezone.localdate()
    orgs = list(OrgUnit.objects.visible_to(user).townships())
    ledgers = [lg for lg in registry.all_ledgers() if lg.monthly and lg.can(user, "view")]
    statuses = months.month_status_many(ledgers, [o.pk for o in orgs], year, today)
    grid = []
    for ledger in ledgers:
        status = statuses[ledger.code]
        rows = []
        for org in orgs:
            cells = [
                MonthCell(m, status[org.pk][m], months.may_declare(year, m, today)) for m in range(1, 13)
            ]
            rows.append((org, cells))
        grid.append((ledger, rows))
    return orgs, grid


GRID_COLUMNS = [("领域", 12), ("台账", 18), ("乡镇", 12), *[(f"{m}月", 8) for m in range(1, 13)]]


@login_required
def nil_returns(request):
    """The month grid: what each visible township has filled, declared empty, or still owes."""
    year = current_year(request) or timezone.localdate().year
    orgs, grid = month_grid(request.user, year)
    if request.GET.get("format") == "xlsx":
        rows = [
            [ledger.area_name, ledger.title, org.name, *[c.label for c in cells]]
            for ledger, org_rows in grid
            for org, cells in org_rows
        ]
        audit(request, AuditLog.Action.EXPORT, target="月度填报情况", detail=f"{year}年，{len(rows)} 行")
        return xlsx.table_response("月度填报情况", GRID_COLUMNS, rows, filters={"year": f"{year}年"})
    can_view_any = any(lg.can(request.user, "view") for lg in registry.all_ledgers())
    return render(
        request,
        "ledger/nil_returns.html",
        {
            "year": year,
            "grid": grid,
            "orgs": orgs,
            "months": range(1, 13),
            "legend": [(s, months.LABELS[s], months.MEANINGS[s]) for s in months.STATES],
            "no_access": not can_view_any or not orgs,
            "can_declare": actions.writable_org(request.user) is not None
            and request.user.has_perm("orgs.declare_nil"),
            "years": list(range(timezone.localdate().year, timezone.localdate().year - 3, -1)),
        },
    )


@login_required
@require_POST
def nil_declare(request, code):
    ledger = get_ledger(code)
    org = actions.writable_org(request.user)
    if org is None or not request.user.has_perm("orgs.declare_nil") or not ledger.monthly:
        raise PermissionDenied("您的角色不能申报本月无")
    try:
        year, month = int(request.POST["year"]), int(request.POST["month"])
        if not 1 <= month <= 12 or not 1 <= year <= 9999:
            raise ValueError
    except (KeyError, ValueError):
        messages.error(request, "年度或月份不正确")
        return redirect(f"{reverse('ledger:nil_returns')}")
    try:
        if request.POST.get("withdraw"):
            actions.withdraw_nil(ledger, org, year, month, request.user, request=request)
            messages.success(request, f"已撤回{ledger.title} {year}年{month}月的“本月无”申报。")
        else:
            actions.declare_nil(ledger, org, year, month, request.user, request=request)
            messages.success(request, f"已申报{ledger.title} {year}年{month}月“本月无”。")
    except ValueError as exc:
        messages.error(request, str(exc))
    return redirect(f"{reverse('ledger:nil_returns')}?year={year}")


@login_required
@require_POST
def attachment_upload(request, code, pk):
    ledger = get_ledger(code)
    obj = get_record_for_user(request, ledger, pk, write=True)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, "请选择文件")
    elif refused := uploads.refuse(upload, uploads.check_attachment):
        messages.error(request, f"附件“{upload.name}”未上传：{refused}")
    else:
        Attachment.objects.create(
            org=obj.org,
            ledger=ledger.code,
            record_id=obj.pk,
            file=upload,
            name=upload.name[:200],
            uploaded_by=request.user,
        )
        messages.success(request, f"已上传附件“{upload.name}”。")
    return redirect("ledger:detail", code=code, pk=pk)


@login_required
def attachment_download(request, code, pk, attachment_id):
    ledger = get_ledger(code)
    obj = get_record_for_user(request, ledger, pk)
    att = get_object_or_404(Attachment, pk=attachment_id, ledger=ledger.code, record_id=obj.pk)
    return FileResponse(att.file.open("rb"), as_attachment=True, filename=att.name)


@login_required
def api_index(request):
    """The ledger codes the API serves, with their areas and fields."""
    return render(request, "api_index.html", {"ledgers": registry.all_ledgers()})


DEFAULT_TODO_DAYS = 10


def due_items(user, townships, today: dt.date, days: int = DEFAULT_TODO_DAYS):
    """What the to-do page lists (late or due within `days` working days) and, apart, the advance
    warnings beyond that horizon; each with `state_code` and `state_label` set. The home pages
    count from here, so their figures are the page's."""
    found = todo.items(user, [t.pk for t in townships], today, days)
    for t in found:
        t.state_code, t.state_label = t.state(today), t.label(today)
    return [t for t in found if not t.beyond_horizon], [t for t in found if t.beyond_horizon]


TODO_COLUMNS = [("期限", 12), ("状态", 12), ("乡镇", 12), ("领域", 14), ("事项", 36), ("原因", 60)]


@login_required
def todo_list(request):
    """Everything late or due within N working days, grouped by area, for the user's scope."""
    try:
        days = min(max(int(request.GET.get("days", DEFAULT_TODO_DAYS)), 0), 250)
    except ValueError:
        days = DEFAULT_TODO_DAYS
    today = timezone.localdate()
    townships = list(OrgUnit.objects.visible_to(request.user).townships())
    items, ahead = due_items(request.user, townships, today, days)
    groups = todo.grouped(items)
    show_org = len(townships) > 1
    if request.GET.get("format") == "xlsx":
        columns = [c for c in TODO_COLUMNS if show_org or c[0] != "乡镇"]
        rows = [
            [t.due, t.state_label, *([t.org.name] if show_org else []), area_name, str(t.record), t.reason]
            for area_name, of_area in [*groups, ("提前提醒", ahead)]
            for t in of_area
        ]
        audit(
            request, AuditLog.Action.EXPORT, target="待办与到期", detail=f"{days}个工作日内，{len(rows)} 项"
        )
        return xlsx.table_response("待办与到期", columns, rows, filters={"days": f"{days}个工作日内"})
    # Nothing to list may mean nothing is due, or that the role sees no ledger at all: say which.
    no_access = not townships or not any(lg.can(request.user, "view") for lg in registry.all_ledgers())
    return render(
        request,
        "ledger/todo.html",
        {
            "groups": groups,
            "ahead": ahead,
            "days": days,
            "today": today,
            "late": sum(1 for t in items if t.state_code == todo.LATE),
            "total": len(items),
            "show_org": show_org,
            "no_access": no_access,
            "horizon": todo.horizon(today, days),
        },
    )


@login_required
def step(request, code, pk, to):
    """Take one step of a record's procedure: the step's fields, what is still unmet, the button."""
    ledger = get_ledger(code)
    if ledger.procedure is None:
        raise Http404("本台账没有办理程序")
    obj = get_record_for_user(request, ledger, pk, write=True)
    target = ledger.procedure.by_code.get(to)
    if target is None:
        raise Http404("没有这个环节")
    Form = step_form_class(ledger, target)
    form = Form(request.POST or None, instance=obj, org=obj.org) if target.fields else None
    refused: list[str] = []
    if request.method == "POST":
        try:
            procedures.transition(
                ledger, obj, to, request.user, note=request.POST.get("note", "").strip(), data=request.POST
            )
        except procedures.Refused as exc:
            refused = exc.unmet
        else:
            messages.success(request, f"已办理“{target.label}”。")
            return redirect("ledger:detail", code=code, pk=pk)
    unmet = ledger.procedure.unmet(obj, to)
    return render(
        request,
        "ledger/step.html",
        {"ledger": ledger, "obj": obj, "target": target, "form": form, "unmet": unmet, "refused": refused},
    )
