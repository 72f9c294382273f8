"""Deadlines of the county's supervision on the to-do list: a task (督办) not yet answered is due
on its reply date, and late after it, for the township and for the county alike."""

import datetime as dt

from django.urls import reverse

from fazhi.ledger import todo

GROUP = "督办任务"


def open_targets(org_ids: list[int]):
    from fazhi.supervision.models import AssignmentTarget

    return (
        AssignmentTarget.objects.filter(org_id__in=org_ids, replied_at__isnull=True)
        .select_related("org", "assignment")
        .order_by("assignment__due_on", "id")
    )


@todo.other_provider("supervision.view_assignment")
def _assignments_todo(org_ids: list[int], today: dt.date):
    for target in open_targets(org_ids):
        due = target.assignment.due_on
        if due < today:
            state = f"已逾期{(today - due).days}天"
        else:
            state = f"还有{(due - today).days}天"
        yield todo.Todo(
            "supervision.assignment",
            "",
            target,
            due,
            f"督办任务“{target.assignment.title}”回复期限{due}，尚未回复，{state}",
            link=reverse("supervision:assignment", args=[target.assignment_id]),
            group=GROUP,
        )
