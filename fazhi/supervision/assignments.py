"""Assignments (督办): the county sends a task to some or all of its townships; each township
replies in the form the task asks for (text, a file or a figure)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from fazhi.notifications.actions import Kind as Notice
from fazhi.notifications.actions import notify, recipients
from fazhi.orgs.roles import NextStep
from fazhi.supervision.models import Assignment, AssignmentTarget

REPLY = "supervision.reply_assignment"
READ = "supervision.manage_assignment"

Kind = Assignment.ReplyKind


class AssignmentError(Exception):
    def __init__(self, messages: list[str] | str):
        self.messages = [messages] if isinstance(messages, str) else messages
        super().__init__("；".join(self.messages))


def _check_files(files) -> None:
    too_big = [f.name for f in files if f.size > settings.FAZHI_MAX_UPLOAD_BYTES]
    if too_big:
        raise AssignmentError(f"文件过大：{'、'.join(too_big)}")


@transaction.atomic
def send(county, fields: dict, townships: list, files, user) -> Assignment:
    if not townships:
        raise AssignmentError("请选择派发给哪些乡镇")
    _check_files(files)
    assignment = Assignment.objects.create(county=county, created_by=user, **fields)
    AssignmentTarget.objects.bulk_create([AssignmentTarget(assignment=assignment, org=t) for t in townships])
    for f in files:
        assignment.files.create(file=f, name=f.name[:200])
    url = reverse("supervision:assignment", args=[assignment.pk])
    for township in townships:
        notify(
            recipients(township, REPLY),
            f"县级督办任务“{assignment.title}”，请于{assignment.due_on:%Y-%m-%d}前回复",
            url,
        )
    return assignment


def next_steps(target: AssignmentTarget) -> list[NextStep]:
    """A township's copy waits for its reply; once replied, the county reads it."""
    if target.replied_at is None:
        return [NextStep.of(f"{target.org.name}回复", REPLY)]
    return [NextStep.of("县级查阅回复", READ)]


@transaction.atomic
def reply(target: AssignmentTarget, text: str, upload, figure: str, user) -> AssignmentTarget:
    """A township's reply; replying again replaces the earlier reply and its time."""
    kind = target.assignment.reply_kind
    text = (text or "").strip()
    if kind == Kind.TEXT and not text:
        raise AssignmentError("本任务要求文字回复，请填写回复内容")
    if kind == Kind.FILE and upload is None and not target.reply_file:
        raise AssignmentError("本任务要求上传文件，请选择回复文件")
    value = None
    if kind == Kind.FIGURE:
        label = target.assignment.figure_label
        try:
            value = Decimal((figure or "").strip())
        except InvalidOperation:
            raise AssignmentError(f"请填写“{label}”的数字") from None
        if not value.is_finite():
            raise AssignmentError(f"请填写“{label}”的数字")
    if upload is not None:
        _check_files([upload])
        target.reply_file = upload
        target.reply_file_name = upload.name[:200]
    target.reply_text = text
    target.reply_figure = value
    target.replied_at = timezone.now()
    target.replied_by = user
    target.save()
    assignment = target.assignment
    notify(
        recipients(assignment.county, READ, exclude=user).filter(org=assignment.county),
        f"{target.org.name}已回复督办任务“{assignment.title}”",
        reverse("supervision:assignment", args=[assignment.pk]),
        kind=Notice.INFO,
    )
    return target
