"""Changes to the org tree ((province > city >) county > township > village > grid), each one
audited. A unit is
never deleted: records hang on it; it is disabled instead and leaves the pickers."""

from django.core.exceptions import ValidationError
from django.db import transaction

from fazhi.orgs.models import AuditLog, Level, OrgUnit, audit

LEVELS = [Level.PROVINCE, Level.CITY, Level.COUNTY, Level.TOWNSHIP, Level.VILLAGE, Level.GRID]


def _log(request, unit: OrgUnit, detail: str) -> None:
    audit(request, AuditLog.Action.ORG_CHANGE, target=unit.name, detail=detail, org=unit)


def child_level(parent: OrgUnit) -> str | None:
    """The level of a unit placed under `parent`; None below a grid."""
    index = LEVELS.index(parent.level)
    return LEVELS[index + 1] if index + 1 < len(LEVELS) else None


def parent_level(unit: OrgUnit) -> str | None:
    """The level of a unit placed above `unit`; None for a province."""
    index = LEVELS.index(unit.level)
    return LEVELS[index - 1] if index else None


def suggest_code(parent: OrgUnit) -> str:
    """The parent's code and the next free two-digit number (TCA → TCA03)."""
    number = parent.children.count() + 1
    while OrgUnit.objects.filter(code=f"{parent.code}{number:02d}").exists():
        number += 1
    return f"{parent.code}{number:02d}"


def tree(units) -> list[dict]:
    """Nested nodes {unit, children} from a path-ordered list of units."""
    roots: list[dict] = []
    by_pk: dict[int, dict] = {}
    for unit in units:
        node = {"unit": unit, "children": []}
        by_pk[unit.pk] = node
        parent = by_pk.get(unit.parent_id)
        (parent["children"] if parent else roots).append(node)
    return roots


@transaction.atomic
def add_child(request, parent: OrgUnit, code: str, name: str) -> OrgUnit:
    level = child_level(parent)
    if level is None:
        raise ValidationError("网格是最下一级，不能再添加下级单位")
    if not parent.active:
        raise ValidationError(f"“{parent.name}”已停用，不能添加下级单位")
    unit = OrgUnit.objects.create(
        code=code, name=name, level=level, parent=parent, sort=parent.children.count() + 1
    )
    _log(request, unit, f"在“{parent.name}”下添加{unit.get_level_display()}“{name}”（编码 {code}）")
    return unit


@transaction.atomic
def add_parent(request, unit: OrgUnit, code: str, name: str) -> OrgUnit:
    """A new top unit one level above a top unit (a city above a county, a province above a
    city), with `unit` and its subtree moved under it."""
    level = parent_level(unit)
    if unit.parent_id is not None:
        raise ValidationError(f"“{unit.name}”已有上级单位“{unit.parent.name}”，只能为最上一级单位添加上级")
    if level is None or unit.level not in (Level.COUNTY, Level.CITY):
        raise ValidationError("只能为县（市、区）添加上级的市，或为市添加上级的省")
    top = OrgUnit.objects.create(code=code, name=name, level=level)
    _log(request, top, f"在“{unit.name}”之上添加{top.get_level_display()}“{name}”（编码 {code}）")
    move(request, unit, top)
    return top


@transaction.atomic
def rename(request, unit: OrgUnit, name: str) -> None:
    old = unit.name
    if old == name:
        return
    unit.name = name
    unit.save(update_fields=["name"])
    _log(request, unit, f"改名：“{old}”改为“{name}”")


def move_problems(unit: OrgUnit, parent: OrgUnit) -> list[str]:
    """Why `unit` may not be placed under `parent` (Chinese), or []."""
    if parent.path.startswith(unit.path):
        return [f"不能把“{unit.name}”移到它自己或它的下级单位之下（会形成循环）"]
    problems = []
    if child_level(parent) != unit.level:
        problems.append(
            f"{unit.get_level_display()}只能放在{Level(LEVELS[LEVELS.index(unit.level) - 1]).label}之下，"
            f"“{parent.name}”是{parent.get_level_display()}"
            if unit.level != Level.PROVINCE
            else "省是最上一级，不能移动"
        )
    if not parent.active:
        problems.append(f"“{parent.name}”已停用，不能移入")
    return problems


@transaction.atomic
def move(request, unit: OrgUnit, parent: OrgUnit) -> None:
    problems = move_problems(unit, parent)
    if problems:
        raise ValidationError(problems)
    if unit.parent_id == parent.pk:
        return
    old_parent, old_path = unit.parent, unit.path
    unit.parent = parent
    unit.save(update_fields=["parent", "path"])
    # The subtree's paths follow (they are the data scope of every query).
    for below in OrgUnit.objects.filter(path__startswith=old_path).exclude(pk=unit.pk):
        below.path = unit.path + below.path[len(old_path) :]
        OrgUnit.objects.filter(pk=below.pk).update(path=below.path)
    _log(request, unit, f"移动：从“{old_parent.name if old_parent else '—'}”移到“{parent.name}”之下")


@transaction.atomic
def set_active(request, unit: OrgUnit, active: bool, reason: str = "") -> int:
    """Disables a unit and its whole subtree (or re-enables the unit alone); returns the count."""
    if active:
        if unit.parent is not None and not unit.parent.active:
            raise ValidationError(f"上级单位“{unit.parent.name}”已停用，请先启用上级")
        changed = OrgUnit.objects.filter(pk=unit.pk).update(active=True)
    else:
        if unit.parent is None:
            raise ValidationError("最上一级单位不能停用")
        changed = OrgUnit.objects.filter(path__startswith=unit.path, active=True).update(active=False)
    _log(
        request,
        unit,
        (f"启用单位“{unit.name}”" if active else f"停用单位“{unit.name}”及其下级共 {changed} 个")
        + (f"；原因：{reason}" if reason else ""),
    )
    return changed
