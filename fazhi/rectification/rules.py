"""Findings and plans (domain.md §2.13): a finding is closed only with its date and evidence, and
both open findings and this year's plan items come with due dates for the to-do list."""

import datetime as dt

from django.core.exceptions import ValidationError

from fazhi.ledger import todo

CLOSED = "closed"
PLAN_FINISHED = {"done", "not_done"}


def check_finding(f) -> None:
    errors: dict[str, str] = {}
    if f.status == CLOSED:
        if not f.closed_on:
            errors["closed_on"] = "已整改的问题须填写整改完成日期"
        if not (f.evidence or "").strip():
            errors["evidence"] = "已整改的问题须填写整改佐证（整改成效或佐证材料说明）"
    elif f.closed_on:
        errors["status"] = "已填写整改完成日期的，整改状态应为“已整改”"
    if f.closed_on and f.found_on and f.closed_on < f.found_on:
        errors["closed_on"] = "整改完成日期不能早于发现日期"
    if f.due_on and f.found_on and f.due_on < f.found_on:
        errors["due_on"] = "整改时限不能早于发现日期"
    if f.report_year and f.found_on and f.report_year > f.found_on.year:
        errors["report_year"] = f"来源报告年度（{f.report_year}）不能晚于发现日期所在年度"
    if errors:
        raise ValidationError(errors)


def plan_due(item) -> dt.date:
    """A plan item without its own due date is due by the end of its year."""
    return item.due_on or dt.date(item.year, 12, 31)


def check_plan_item(item) -> None:
    errors: dict[str, str] = {}
    if item.status in PLAN_FINISHED and not (item.outcome or "").strip():
        errors["outcome"] = "已完成或未完成的安排须填写完成情况，年度报告将据此说明"
    if item.year and item.due_on and item.due_on.year != item.year:
        errors["due_on"] = f"完成时限应在安排年度（{item.year}年）之内"
    if item.year and item.source_report_year and item.source_report_year >= item.year:
        errors["source_report_year"] = f"来源报告年度应早于安排年度（{item.year}年）"
    if errors:
        raise ValidationError(errors)


def _days(n: int) -> str:
    return f"{n}天"


def open_findings_due(org_ids: list[int], today: dt.date) -> list[tuple]:
    """(finding, due date, reason) for every finding not yet closed, earliest due first."""
    from fazhi.rectification.models import Finding

    found = (
        todo.records(Finding, org_ids).exclude(status=CLOSED).select_related("org").order_by("due_on", "id")
    )
    result = []
    for f in found:
        if f.due_on < today:
            reason = f"问题整改已逾期{_days((today - f.due_on).days)}（整改时限{f.due_on}）"
        else:
            reason = f"问题整改时限{f.due_on}，还有{_days((f.due_on - today).days)}"
        result.append((f, f.due_on, f"{reason}；来源：{f.get_source_display()}"))
    return result


def plan_items_due(org_ids: list[int], today: dt.date, *, later_years: bool = False) -> list[tuple]:
    """(plan item, due date, reason) for plan items of this year and earlier not yet marked
    done or not done, earliest due first; a past year's open item is one the report must explain."""
    from fazhi.rectification.models import PlanItem

    items = (
        todo.records(PlanItem, org_ids)
        .filter(year__lte=9999 if later_years else today.year)
        .exclude(status__in=PLAN_FINISHED)
        .select_related("org")
    )
    result = []
    for item in items:
        due = plan_due(item)
        if item.year < today.year:
            reason = f"{item.year}年度工作安排尚未说明完成情况，年度报告须说明"
        elif due < today:
            reason = f"{item.year}年度工作安排已过完成时限{due}"
        else:
            reason = f"{item.year}年度工作安排，完成时限{due}，还有{_days((due - today).days)}"
        result.append((item, due, reason))
    result.sort(key=lambda r: (r[1], r[0].pk))
    return result


@todo.provider("findings")
def _findings_todo(org_ids, today):
    return (
        todo.Todo("rectification.finding", "findings", f, due, reason)
        for f, due, reason in open_findings_due(org_ids, today)
    )


@todo.provider("plan-items")
def _plan_items_todo(org_ids, today):
    # A later year's item is listed from the first day of its year.
    return (
        todo.Todo("rectification.plan_item", "plan-items", i, due, reason, shown_from=dt.date(i.year, 1, 1))
        for i, due, reason in plan_items_due(org_ids, today, later_years=True)
    )
