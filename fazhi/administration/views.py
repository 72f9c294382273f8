"""The administrators' pages. Each view names the one permission that opens it; the roles that
hold it are in fazhi/orgs/roles.py (系统管理员: org tree, accounts, line systems, periods,
holidays; 安全管理员: roles and security settings). Refusals are the Chinese 403 page."""

import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from fazhi.administration import departments as dept_actions
from fazhi.administration import forms, orgtree
from fazhi.ledger import lines, procedures, registry
from fazhi.ledger.models import LineSource, ProcedureSetting
from fazhi.ledger.views import sudo_active
from fazhi.lib import xlsx
from fazhi.orgs import accounts, lockout, roles
from fazhi.orgs.models import AuditLog, Department, OrgUnit, SecuritySettings, User, audit
from fazhi.workdays.calendar import Calendar
from fazhi.workdays.models import DayOverride

PAGE_SIZE = 30


def requires(permission: str):
    """Login, then the permission, else the Chinese 403 page naming what is missing."""

    def decorate(view):
        @functools.wraps(view)
        @login_required
        def wrapped(request, *args, **kwargs):
            if not request.user.has_perm(permission):
                raise PermissionDenied("您的角色不能使用此管理页面")
            return view(request, *args, **kwargs)

        return wrapped

    return decorate


def _first_error(exc: ValidationError) -> str:
    return "；".join(exc.messages)


def _querystring(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


# ------------------------------------------------------------------------------------ org tree


@requires("orgs.change_orgunit")
def org_tree(request):
    units = OrgUnit.objects.annotate(user_count=Count("users", filter=Q(users__is_active=True))).order_by(
        "path"
    )
    return render(request, "administration/org_tree.html", {"nodes": orgtree.tree(units)})


@requires("orgs.change_orgunit")
def org_unit(request, pk):
    unit = get_object_or_404(OrgUnit.objects.select_related("parent"), pk=pk)
    op = request.POST.get("op") if request.method == "POST" else None
    child_form = forms.ChildUnitForm(
        request.POST if op == "add" else None, prefix="add", initial={"code": orgtree.suggest_code(unit)}
    )
    parent_form = forms.ChildUnitForm(request.POST if op == "add_parent" else None, prefix="up")
    rename_form = forms.RenameForm(request.POST if op == "rename" else None, prefix="rename")
    rename_form.fields["name"].initial = unit.name
    move_form = forms.MoveForm(request.POST if op == "move" else None, prefix="move", unit=unit)
    disable_form = forms.DisableForm(request.POST if op == "disable" else None, prefix="disable")
    if op:
        form = {
            "add": child_form,
            "add_parent": parent_form,
            "rename": rename_form,
            "move": move_form,
            "disable": disable_form,
        }.get(op)
        try:
            if op == "enable":
                orgtree.set_active(request, unit, True)
                messages.success(request, f"已启用“{unit.name}”。")
                return redirect("manage:org_unit", pk=unit.pk)
            if form is not None and form.is_valid():
                data = form.cleaned_data
                if op == "add":
                    child = orgtree.add_child(request, unit, data["code"], data["name"])
                    messages.success(request, f"已在“{unit.name}”下添加“{child.name}”。")
                elif op == "add_parent":
                    top = orgtree.add_parent(request, unit, data["code"], data["name"])
                    messages.success(request, f"已添加上级单位“{top.name}”，“{unit.name}”已移到其下。")
                elif op == "rename":
                    orgtree.rename(request, unit, data["name"])
                    messages.success(request, f"已改名为“{unit.name}”。")
                elif op == "move":
                    orgtree.move(request, unit, data["parent"])
                    messages.success(request, f"已把“{unit.name}”移到“{data['parent'].name}”之下。")
                else:
                    count = orgtree.set_active(request, unit, False, data["reason"])
                    messages.success(
                        request, f"已停用“{unit.name}”及其下级共 {count} 个单位；原有记录保持不变。"
                    )
                return redirect("manage:org_unit", pk=unit.pk)
        except ValidationError as exc:
            messages.error(request, _first_error(exc))
    users = unit.users.prefetch_related("groups").order_by("-is_active", "username")
    return render(
        request,
        "administration/org_unit.html",
        {
            "unit": unit,
            "ancestors": OrgUnit.objects.filter(
                path__in=[unit.path[: i + 1] for i, c in enumerate(unit.path[:-1]) if c == "/"]
            ).order_by("path"),
            "children": unit.children.annotate(user_count=Count("users")).order_by("sort", "code"),
            "child_level": orgtree.child_level(unit),
            "child_form": child_form,
            # A top county (city) may be given the city (province) above it.
            "parent_level": orgtree.parent_level(unit)
            if unit.parent_id is None and unit.level in ("county", "city")
            else None,
            "parent_form": parent_form,
            "rename_form": rename_form,
            "move_form": move_form,
            "disable_form": disable_form,
            "users": users,
            "departments": unit.departments.order_by("-active", "name"),
            "may_have_departments": unit.level in dept_actions.LEVELS,
        },
        status=200 if not op else 400,
    )


# --------------------------------------------------------------------------------- departments


def _form_errors(form, exc: ValidationError) -> None:
    """A domain refusal ("部门名称：…") goes under its field when it names one."""
    for message in exc.messages:
        label, _, text = message.partition("：")
        field = next((n for n, f in form.fields.items() if f.label == label), None)
        form.add_error(field, text if field and text else message)


@requires("orgs.change_department")
def departments(request):
    filters = forms.DepartmentFilterForm(request.GET or None)
    rows = Department.objects.select_related("org").order_by("org__path", "-active", "name")
    if filters.is_valid():
        data = filters.cleaned_data
        if data["org"]:
            rows = rows.filter(org__path__startswith=data["org"].path)
        if data["status"]:
            rows = rows.filter(active=data["status"] == "active")
        if data["q"]:
            rows = rows.filter(Q(name__icontains=data["q"]) | Q(head__icontains=data["q"]))
    initial = {"org": request.GET.get("org")} if request.GET.get("org") else None
    form = forms.DepartmentForm(request.POST or None, prefix="add", initial=initial)
    if request.method == "POST":
        if not request.user.has_perm("orgs.add_department"):
            raise PermissionDenied("您的角色不能使用此管理页面")
        if form.is_valid():
            data = form.cleaned_data
            try:
                department = dept_actions.add(request, data["org"], data["name"], data["head"])
            except ValidationError as exc:
                _form_errors(form, exc)
            else:
                messages.success(request, f"已在“{department.org.name}”下新增部门“{department.name}”。")
                return redirect(f"{reverse('manage:departments')}?org={department.org_id}")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "administration/departments.html",
        {
            "filters": filters,
            "form": form,
            "page": page,
            "total": page.paginator.count,
            "querystring": _querystring(request),
        },
        status=400 if request.method == "POST" else 200,
    )


@requires("orgs.change_department")
def department(request, pk):
    department = get_object_or_404(Department.objects.select_related("org"), pk=pk)
    op = request.POST.get("op") if request.method == "POST" else None
    edit_form = forms.DepartmentEditForm(
        request.POST if op == "edit" else None,
        prefix="edit",
        initial={"name": department.name, "head": department.head},
    )
    disable_form = forms.DisableForm(request.POST if op == "disable" else None, prefix="disable")
    disable_form.fields["reason"].help_text = "如：机构改革并入党政办"
    try:
        if op == "edit" and edit_form.is_valid():
            data = edit_form.cleaned_data
            changes = dept_actions.edit(request, department, data["name"], data["head"])
            messages.success(request, "已保存：" + "；".join(changes) if changes else "没有修改任何内容。")
            return redirect("manage:department", pk=department.pk)
        if op == "disable" and disable_form.is_valid():
            dept_actions.set_active(request, department, False, disable_form.cleaned_data["reason"])
            messages.success(request, f"已停用“{department.name}”：不再出现在选择列表中，原有记录保持不变。")
            return redirect("manage:department", pk=department.pk)
        if op == "enable":
            dept_actions.set_active(request, department, True)
            messages.success(request, f"已重新启用“{department.name}”。")
            return redirect("manage:department", pk=department.pk)
    except ValidationError as exc:
        _form_errors(edit_form if op == "edit" else disable_form, exc)
        if op == "enable":
            messages.error(request, _first_error(exc))
    history = department.history.select_related("history_user").order_by("-history_date", "-history_id")[:50]
    return render(
        request,
        "administration/department.html",
        {"department": department, "edit_form": edit_form, "disable_form": disable_form, "history": history},
        status=400 if op else 200,
    )


# ------------------------------------------------------------------------------------ accounts


def filtered_users(query):
    form = forms.UserFilterForm(query or None)
    users = User.objects.select_related("org").prefetch_related("groups").order_by("org__path", "username")
    given = {}
    if form.is_valid():
        data = form.cleaned_data
        if data["org"]:
            users = users.filter(org__path__startswith=data["org"].path)
            given["单位"] = data["org"].name
        if data["role"] == "none":
            users = users.filter(groups__isnull=True)
            given["角色"] = "未分配角色"
        elif data["role"]:
            users = users.filter(groups__name=roles.ROLE_BY_CODE[data["role"]].name)
            given["角色"] = roles.ROLE_BY_CODE[data["role"]].name
        status = data["status"]
        if status == "active":
            users = users.filter(is_active=True)
        elif status == "disabled":
            users = users.filter(is_active=False)
        elif status == "must_change":
            users = users.filter(must_change_password=True)
        if status:
            given["状态"] = dict(forms.STATUS_CHOICES)[status]
        if data["q"]:
            users = users.filter(Q(username__icontains=data["q"]) | Q(full_name__icontains=data["q"]))
            given["搜索"] = data["q"]
    return form, users.distinct(), given


def _role_names(user) -> str:
    names = [g.name for g in user.groups.all() if g.name in roles.ROLE_BY_NAME]
    return "、".join(names)


@requires("orgs.change_user")
def users(request):
    form, rows, _ = filtered_users(request.GET)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    locked = {entry.username: entry for entry in lockout.locked_accounts()}
    for user in page:
        user.lock = locked.get(user.username)
        user.role_names = _role_names(user)
    return render(
        request,
        "administration/users.html",
        {"form": form, "page": page, "querystring": _querystring(request), "total": page.paginator.count},
    )


USER_COLUMNS = [
    ("账号", 16),
    ("姓名", 10),
    ("单位", 16),
    ("职务", 14),
    ("角色", 20),
    ("状态", 8),
    ("须修改密码", 10),
    ("登录锁定", 10),
    ("最近登录", 18),
    ("创建时间", 18),
]


@requires("orgs.change_user")
def users_export(request):
    _, rows, given = filtered_users(request.GET)
    locked = {entry.username for entry in lockout.locked_accounts()}
    data = [
        [
            u.username,
            u.full_name,
            u.org.name if u.org else "",
            u.title,
            _role_names(u),
            "在用" if u.is_active else "已停用",
            "是" if u.must_change_password else "否",
            "已锁定" if u.username in locked else "",
            u.last_login,
            u.date_joined,
        ]
        for u in rows
    ]
    conditions = "；".join(f"{k}={v}" for k, v in given.items()) or "无"
    audit(
        request,
        AuditLog.Action.EXPORT,
        target="用户列表",
        detail=f"导出 {len(data)} 个账号，条件：{conditions}",
    )
    return xlsx.table_response("用户列表", USER_COLUMNS, data, filters=given)


def _show_password(request, user, password, title):
    response = render(
        request,
        "administration/one_time_password.html",
        {"shown": user, "password": password, "title": title},
    )
    response["Cache-Control"] = "no-store"
    return response


@requires("orgs.add_user")
def user_create(request):
    form = forms.AccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save(commit=False)
        password = accounts.create_account(request, user)
        return _show_password(request, user, password, "账号已创建")
    return render(request, "administration/user_form.html", {"form": form, "creating": True})


def _other_account(request, pk) -> User:
    user = get_object_or_404(User.objects.select_related("org"), pk=pk)
    if user.pk == request.user.pk:
        raise PermissionDenied("不能对自己的账号执行此操作")
    return user


@requires("orgs.change_user")
def user_edit(request, pk):
    user = get_object_or_404(User.objects.select_related("org"), pk=pk)
    form = forms.AccountForm(request.POST or None, instance=user)
    form.fields["username"].disabled = True
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"已保存账号 {user.username} 的基本信息。")
        return redirect("manage:users")
    locked = next((e for e in lockout.locked_accounts() if e.username == user.username), None)
    return render(
        request,
        "administration/user_form.html",
        {
            "form": form,
            "shown": user,
            "lock": locked,
            "role_names": _role_names(user),
            "self": user == request.user,
        },
    )


@requires("orgs.change_user")
@require_POST
def user_state(request, pk):
    user = _other_account(request, pk)
    if request.POST.get("active") == "1":
        if user.is_active:
            messages.info(request, f"账号 {user.username} 已在使用中。")
            return redirect("manage:users")
        password = accounts.enable_account(request, user)
        return _show_password(request, user, password, "账号已重新启用")
    if not user.is_active:
        messages.info(request, f"账号 {user.username} 已是停用状态。")
    else:
        accounts.disable_account(request, user, "系统管理员停用")
        messages.success(request, f"已停用账号 {user.username}，其API令牌已撤销。")
    return redirect("manage:users")


@requires("orgs.change_user")
@require_POST
def user_one_time_password(request, pk):
    user = _other_account(request, pk)
    if not user.is_active:
        messages.error(request, f"账号 {user.username} 已停用，请先重新启用（启用时会签发一次性密码）。")
        return redirect("manage:users")
    password = accounts.issue_one_time_password(request, user)
    return _show_password(request, user, password, "已签发一次性密码")


# --------------------------------------------------------------------------------------- roles


@requires("orgs.assign_roles")
def role_users(request):
    form, rows, _ = filtered_users(request.GET)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    for user in page:
        user.role_names = _role_names(user)
    return render(
        request,
        "administration/role_users.html",
        {"form": form, "page": page, "querystring": _querystring(request), "total": page.paginator.count},
    )


def _sudo_redirect(request):
    return redirect(f"{reverse('ledger:sudo')}?next={request.path}")


@requires("orgs.assign_roles")
def role_assign(request, pk):
    user = get_object_or_404(User.objects.select_related("org"), pk=pk)
    if user.pk == request.user.pk:
        raise PermissionDenied("不能修改自己的角色")
    if not sudo_active(request):
        return _sudo_redirect(request)
    current = roles.codes_of_groups(user.groups.all())
    form = forms.RoleAssignForm(request.POST or None, initial={"roles": sorted(current)})
    problems = []
    if request.method == "POST" and form.is_valid():
        wanted = set(form.cleaned_data["roles"])
        problems = roles.conflicts(wanted)
        if problems:
            audit(
                request,
                AuditLog.Action.ROLE_CHANGE,
                target=user.username,
                detail="申请授予：" + "、".join(roles.ROLE_BY_CODE[c].name for c in sorted(wanted)),
                org=user.org,
                outcome=AuditLog.Outcome.FAILURE,
                reason="；".join(problems),
            )
        else:
            _apply_roles(user, current, wanted)
            messages.success(
                request,
                f"已更新 {user} 的角色：{'、'.join(roles.ROLE_BY_CODE[c].name for c in sorted(wanted)) or '无'}。",
            )
            return redirect("manage:role_users")
    return render(
        request,
        "administration/role_assign.html",
        {"shown": user, "form": form, "problems": problems},
        status=400 if problems else 200,
    )


@transaction.atomic
def _apply_roles(user, current: set[str], wanted: set[str]) -> None:
    """Removes first, so that a swap (e.g. clerk → reviewer) never holds both for a moment;
    the signals guard each change once more and write one audit row per change."""
    removed = [roles.group_for(c) for c in current - wanted]
    added = [roles.group_for(c) for c in wanted - current]
    if removed:
        user.groups.remove(*removed)
    if added:
        user.groups.add(*added)


@requires("orgs.assign_roles")
def role_catalogue(request):
    catalogue = []
    for role in roles.ROLES:
        group = roles.group_for(role.code)
        perms = group.permissions.select_related("content_type").order_by(
            "content_type__app_label", "codename"
        )
        labels = sorted({roles.permission_label(p) for p in perms})
        catalogue.append(
            {"role": role, "permissions": labels, "holders": group.user_set.filter(is_active=True).count()}
        )
    return render(request, "administration/role_catalogue.html", {"catalogue": catalogue})


# -------------------------------------------------------------------------------- line systems


@requires("ledger.change_linesource")
def line_sources(request):
    sources = LineSource.objects.order_by("-active", "name")
    titles = {lg.code: lg.title for lg in registry.all_ledgers()}
    for source in sources:
        source.ledger_title = titles.get(source.ledger, source.ledger)
    return render(request, "administration/line_sources.html", {"sources": sources})


EXTRA_ROWS = 3


def _mapping_rows(request, source, ledger_code):
    """(column, field) pairs to show: what was posted, else the saved mapping, plus empty rows."""
    if request.method == "POST":
        pairs = list(zip(request.POST.getlist("column"), request.POST.getlist("field"), strict=False))
    else:
        pairs = list((source.mapping or {}).items()) if source.pk else []
    pairs = [(c.strip(), f) for c, f in pairs if c.strip() or f]
    return pairs + [("", "")] * EXTRA_ROWS, registry.get(ledger_code) if ledger_code else None


def _mapping_from(pairs, ledger) -> tuple[dict, list[str]]:
    mapping, problems = {}, []
    for number, (column, field) in enumerate(pairs, start=1):
        if not column and not field:
            continue
        if not column:
            problems.append(f"第{number}行：请填写条线系统的列名")
        elif not field:
            problems.append(f"第{number}行：请为“{column}”选择台账字段")
        elif column in mapping:
            problems.append(f"第{number}行：列名“{column}”重复")
        else:
            mapping[column] = field
    if ledger is not None:
        mapping_labels = {name: ledger.label(name) for name in ledger.fields}
        problems += [
            f"“{c}”对应的字段不是{ledger.title}的字段" for c, f in mapping.items() if f not in mapping_labels
        ]
    return mapping, problems


@requires("ledger.change_linesource")
def line_source_edit(request, pk=None):
    source = get_object_or_404(LineSource, pk=pk) if pk else LineSource()
    form = forms.LineSourceForm(request.POST or None, instance=source)
    ledger_code = request.POST.get("ledger") or request.GET.get("ledger") or source.ledger
    pairs, ledger = _mapping_rows(request, source, ledger_code)
    problems = []
    if request.method == "POST" and form.is_valid():
        mapping, problems = _mapping_from(pairs, ledger)
        if not problems:
            source = form.save(commit=False)
            source.mapping = mapping
            problems = lines.check_mapping(source)
        if not problems:
            with transaction.atomic():
                created = source.pk is None
                source.save()
                labels = "；".join(f"{c}→{ledger.label(f)}" for c, f in mapping.items())
                audit(
                    request,
                    AuditLog.Action.LINE_SOURCE,
                    target=source.name,
                    detail=f"{'新增' if created else '修改'}条线系统（{ledger.title}，编号列：{source.key_column}）；列对应：{labels or '无'}",
                )
            messages.success(request, f"已保存条线系统“{source.name}”。")
            return redirect("manage:line_sources")
    fields = [(name, ledger.label(name)) for name in ledger.fields] if ledger else []
    return render(
        request,
        "administration/line_source_form.html",
        {
            "form": form,
            "source": source,
            "pairs": pairs,
            "fields": fields,
            "ledger": ledger,
            "problems": problems,
        },
        status=400 if request.method == "POST" else 200,
    )


# ------------------------------------------------------------------------------------- periods


@requires("ledger.change_proceduresetting")
def periods(request):
    settings = {s.key: s for s in ProcedureSetting.objects.select_related("updated_by")}
    rows = []
    for period in procedures.all_periods():
        setting = settings.get(period.key) if period.configurable else None
        rows.append({"period": period, "setting": setting, "days": setting.days if setting else period.days})
    return render(request, "administration/periods.html", {"rows": rows})


def _period(key: str):
    found = next((p for p in procedures.all_periods() if p.key == key), None)
    if found is None:
        raise Http404("没有这个期限")
    if not found.configurable:
        raise PermissionDenied(f"“{found.label}”是法定期限，不能修改")
    return found


def _unit(period) -> str:
    return "个工作日" if period.working else "日"


@requires("ledger.change_proceduresetting")
def period_edit(request, key):
    period = _period(key)
    setting = ProcedureSetting.objects.filter(key=key).first()
    initial = {"days": setting.days if setting else period.days, "note": setting.note if setting else ""}
    form = forms.PeriodForm(request.POST or None, initial=initial)
    if request.method == "POST" and request.POST.get("op") == "reset":
        if setting is not None:
            with transaction.atomic():
                setting.delete()
                audit(
                    request,
                    AuditLog.Action.PERIOD_SETTINGS,
                    target=f"期限设置：{period.label}",
                    detail=f"恢复默认：{period.days} {_unit(period)}",
                )
            cache.delete(ProcedureSetting.CACHE_KEY)
        messages.success(request, f"“{period.label}”已恢复默认 {period.days} {_unit(period)}。")
        return redirect("manage:periods")
    if request.method == "POST" and form.is_valid():
        days, note = form.cleaned_data["days"], form.cleaned_data["note"]
        with transaction.atomic():
            setting = setting or ProcedureSetting(key=key)
            before = setting.days if setting.pk else period.days
            setting.days, setting.note, setting.updated_by = days, note, request.user
            setting.save()
            audit(
                request,
                AuditLog.Action.PERIOD_SETTINGS,
                target=f"期限设置：{period.label}",
                detail=f"{before} → {days} {_unit(period)}" + (f"（依据：{note}）" if note else ""),
            )
        messages.success(request, f"“{period.label}”现为 {days} {_unit(period)}。")
        return redirect("manage:periods")
    return render(
        request, "administration/period_form.html", {"period": period, "setting": setting, "form": form}
    )


# ---------------------------------------------------------------------------- security settings

# GB/T 22239-2019 (等保 2.0) level 3, 8.1.4.1 identification and authentication, 8.1.4.2 access control.
SECURITY_BASIS = {
    "password_min_length": "GB/T 22239-2019 8.1.4.1 a）身份鉴别信息具有复杂度要求",
    "password_min_classes": "GB/T 22239-2019 8.1.4.1 a）身份鉴别信息具有复杂度要求",
    "password_expiry_days": "GB/T 22239-2019 8.1.4.1 a）身份鉴别信息定期更换",
    "lockout_failures": "GB/T 22239-2019 8.1.4.1 b）登录失败处理：限制非法登录次数",
    "lockout_minutes": "GB/T 22239-2019 8.1.4.1 b）登录失败处理：结束会话、限制非法登录次数",
    "lockout_failures_username": "GB/T 22239-2019 8.1.4.1 b）登录失败处理",
    "idle_timeout_minutes": "GB/T 22239-2019 8.1.4.1 b）登录连接超时自动退出",
    "session_max_hours": "GB/T 22239-2019 8.1.4.1 b）登录连接超时自动退出",
    "second_factor_for_all": "GB/T 22239-2019 8.1.4.1 d）采用两种或两种以上组合的鉴别技术",
    "idle_account_days": "GB/T 22239-2019 8.1.4.2 c）及时删除或停用多余的、过期的账户",
}


def _shown(value) -> str:
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(value)


@requires("orgs.change_securitysettings")
def security_settings(request):
    current = SecuritySettings.current()
    form = forms.SecuritySettingsForm(
        request.POST or None, instance=SecuritySettings.objects.filter(pk=1).first() or SecuritySettings(pk=1)
    )
    if request.method == "POST" and form.is_valid():
        changes = [
            f"{form.fields[name].label}：{_shown(getattr(current, name))} → {_shown(form.cleaned_data[name])}"
            for name in form.changed_data
            if getattr(current, name) != form.cleaned_data[name]
        ]
        with transaction.atomic():
            form.save()
            if changes:
                audit(request, AuditLog.Action.SETTINGS, target="安全设置", detail="；".join(changes))
        messages.success(request, "安全设置已保存。" if changes else "没有修改任何设置。")
        return redirect("manage:security")
    rows = []
    for name in forms.SecuritySettingsForm.Meta.fields:
        field = SecuritySettings._meta.get_field(name)
        rows.append(
            {
                "label": field.verbose_name,
                "value": _shown(getattr(current, name)),
                "default": _shown(field.default),
                "changed": getattr(current, name) != field.default,
                "help": field.help_text,
                "basis": SECURITY_BASIS.get(name, ""),
                "field": form[name],
            }
        )
    return render(
        request,
        "administration/security.html",
        {"rows": rows, "form": form, "editing": request.method == "POST" or "edit" in request.GET},
    )


# ------------------------------------------------------------------------------------ holidays


@requires("workdays.add_dayoverride")
def holidays(request):
    form = forms.DayOverrideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            day = form.save(commit=False)
            day.created_by = request.user
            day.save()
            audit(request, AuditLog.Action.HOLIDAY, target=f"{day.date:%Y-%m-%d}", detail=f"新增：{day}")
        messages.success(request, f"已录入 {day}。")
        return redirect(f"{reverse('manage:holidays')}?year={day.date.year}")
    days = list(DayOverride.objects.select_related("created_by").order_by("date"))
    package = Calendar()
    years = sorted({d.date.year for d in days})
    by_year = [
        {"year": y, "package": package.knows_year(y), "days": [d for d in days if d.date.year == y]}
        for y in years
    ]
    return render(
        request,
        "administration/holidays.html",
        {"form": form, "years": by_year},
        status=400 if request.method == "POST" else 200,
    )


@requires("workdays.delete_dayoverride")
@require_POST
def holiday_delete(request, pk):
    day = get_object_or_404(DayOverride, pk=pk)
    with transaction.atomic():
        shown = str(day)
        day.delete()
        audit(request, AuditLog.Action.HOLIDAY, target=f"{day.date:%Y-%m-%d}", detail=f"删除：{shown}")
    messages.success(request, f"已删除 {shown}，该日恢复按国务院安排计算。")
    return redirect("manage:holidays")


# --------------------------------------------------------------------------------- maintenance


@requires("ops.add_maintenancerun")
def maintenance_runs(request):
    from fazhi.lib import maintenance as steps
    from fazhi.ops import maintenance
    from fazhi.ops.models import MaintenanceRun

    choices = [("", "全部步骤")] + [(s.name, s.label) for s in steps.STEPS.values()]
    if request.method == "POST":
        only = request.POST.get("only", "")
        if only not in dict(choices):
            messages.error(request, f"仅运行步骤：没有“{only}”这个步骤")
        else:
            maintenance.enqueue(only, user=request.user)
            messages.success(request, "已排队，后台任务进程会在几秒内执行；刷新本页查看结果。")
        return redirect("manage:maintenance")
    runs = MaintenanceRun.objects.select_related("requested_by").order_by("-created_at")[:50]
    return render(request, "administration/maintenance.html", {"runs": runs, "choices": choices})
