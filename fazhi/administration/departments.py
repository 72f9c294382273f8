"""Changes to departments (部门: 党政办, 司法所, 综合行政执法大队 … of a township or the county).
Each change is one transaction that saves the department, its history row (with the reason) and
the audit row together. A department is never deleted: ledger records name it (承办部门, 牵头部门,
责任部门); it is disabled instead and leaves the pickers."""

from django.core.exceptions import ValidationError
from django.db import transaction

from fazhi.orgs.models import AuditLog, Department, Level, OrgUnit, audit

# Departments are offices of a township or of the county; villages and grids have none.
LEVELS = (Level.COUNTY, Level.TOWNSHIP)
NAME_MAX = Department._meta.get_field("name").max_length
HEAD_MAX = Department._meta.get_field("head").max_length


def _log(request, department: Department, detail: str) -> None:
    audit(
        request,
        AuditLog.Action.ORG_CHANGE,
        target=f"{department.org.name}·{department.name}",
        detail=detail,
        org=department.org,
    )


def _save(department: Department, reason: str) -> None:
    department._change_reason = reason
    department.save()


def clean_name(org: OrgUnit, raw: str, department: Department | None = None) -> str:
    name = " ".join((raw or "").split())
    if not name:
        raise ValidationError("部门名称：请填写")
    if len(name) > NAME_MAX:
        raise ValidationError(f"部门名称：最多{NAME_MAX}个字")
    taken = Department.objects.filter(org=org, name=name).exclude(pk=getattr(department, "pk", None))
    if taken.exists():
        raise ValidationError(f"部门名称：“{org.name}”已有“{name}”")
    return name


def clean_head(raw: str) -> str:
    head = " ".join((raw or "").split())
    if len(head) > HEAD_MAX:
        raise ValidationError(f"负责人：最多{HEAD_MAX}个字")
    return head


@transaction.atomic
def add(request, org: OrgUnit, raw_name: str, raw_head: str = "") -> Department:
    if org.level not in LEVELS:
        raise ValidationError(
            f"所属单位：部门只能设在乡镇（街道）或县级，“{org.name}”是{org.get_level_display()}"
        )
    if not org.active:
        raise ValidationError(f"所属单位：“{org.name}”已停用，不能添加部门")
    department = Department(org=org, name=clean_name(org, raw_name), head=clean_head(raw_head))
    _save(department, "新增")
    _log(
        request,
        department,
        f"在“{org.name}”下新增部门“{department.name}”"
        + (f"（负责人 {department.head}）" if department.head else ""),
    )
    return department


@transaction.atomic
def edit(request, department: Department, raw_name: str, raw_head: str) -> list[str]:
    """Renames and/or changes the head; returns the changes made (Chinese), [] if none."""
    name = clean_name(department.org, raw_name, department)
    head = clean_head(raw_head)
    changes = []
    if name != department.name:
        changes.append(f"改名：“{department.name}”改为“{name}”")
    if head != department.head:
        changes.append(f"负责人：“{department.head or '未填'}”改为“{head or '未填'}”")
    if changes:
        department.name, department.head = name, head
        _save(department, "；".join(changes))
        _log(request, department, "；".join(changes))
    return changes


@transaction.atomic
def set_active(request, department: Department, active: bool, reason: str = "") -> bool:
    """Disables or re-enables; returns whether anything changed."""
    if department.active == active:
        return False
    if active and not department.org.active:
        raise ValidationError(f"所属单位“{department.org.name}”已停用，请先启用该单位")
    reason = " ".join((reason or "").split())
    if not active and not reason:
        raise ValidationError("停用原因：请填写")
    department.active = active
    word = "启用" if active else "停用"
    _save(department, word + (f"：{reason}" if reason else ""))
    _log(request, department, f"{word}部门“{department.name}”" + (f"；原因：{reason}" if reason else ""))
    return True
