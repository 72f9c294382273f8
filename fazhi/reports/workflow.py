"""The report's procedure: draft → sent for review → checked by the 司法所 → signed off by the
township leader → secrecy review recorded → submitted to the county → accepted by the county (and
so on the platform's public page) → the township records its own publication (the government
website). A county's own report goes the same way to
the level above; where no level above receives reports on the platform, the county publishes its
submitted report itself by the same publication step. One map of allowed steps and one function
that moves a report, records the step, tells who acts next, and runs the step's consequences.

A submitted report is frozen; a correction after submission, or a revision after the county
returned it with comments, is a new version with its reason."""

import datetime as dt
import os
from dataclasses import dataclass, replace

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from fazhi.notifications.actions import Kind, notify, recipients
from fazhi.orgs.models import AuditLog, Level, audit
from fazhi.orgs.roles import NextStep
from fazhi.reports import editing, links
from fazhi.reports.models import Paragraph, Report, Section, Step, current_of

S = Report.State
A = Step.Action


@dataclass(frozen=True)
class Transition:
    action: str
    label: str
    sources: tuple[str, ...]
    target: str
    permission: str
    note_required: bool = False
    note_label: str = "意见"
    # Taken by the county that supervises the township, not by the township itself.
    county: bool = False
    # A step back (to the drafter) rather than on along the procedure.
    back: bool = False
    # The states in which this step is "what comes next" (default: its sources); a shortcut a
    # role may take is not announced as the next step.
    next_in: tuple[str, ...] = ()
    # The step's name where it differs from the action's (a county's own report).
    step: str = ""

    @property
    def announced_in(self) -> tuple[str, ...]:
        return () if self.back else (self.next_in or self.sources)

    @property
    def step_name(self) -> str:
        """The step as the procedure names it ("司法所审核"), where `label` is its button."""
        return self.step or A(self.action).label

    @property
    def permissions(self) -> list[str]:
        return self.permission.split("|")


PUBLISH_CHANNEL = "公开渠道（如政府网站政府信息公开专栏）"

TRANSITIONS = {
    t.action: t
    for t in [
        Transition(
            A.SEND_REVIEW, "提交司法所审核", (S.DRAFT,), S.REVIEW, "reports.change_report", note_label="说明"
        ),
        Transition(
            A.CHECK,
            "审核通过",
            (S.DRAFT, S.REVIEW),
            S.CHECKED,
            "reports.check_report",
            note_label="审核意见",
            next_in=(S.REVIEW,),
        ),
        Transition(
            A.SIGN_OFF, "签发", (S.CHECKED,), S.SIGNED, "reports.sign_off_report", note_label="签发意见"
        ),
        Transition(
            A.SECRECY,
            "记录保密审查",
            (S.SIGNED,),
            S.SECRECY,
            "reports.secrecy_report",
            note_required=True,
            note_label="保密审查意见（审查人和结论）",
        ),
        Transition(A.SUBMIT, "报送县委、县政府", (S.SECRECY,), S.SUBMITTED, "reports.submit_report"),
        Transition(
            A.ACCEPT,
            "接收并公开",
            (S.SUBMITTED,),
            S.ACCEPTED,
            "reports.receive_report",
            note_label="接收意见",
            county=True,
        ),
        Transition(
            A.COUNTY_RETURN,
            "退回乡镇修改",
            (S.SUBMITTED,),
            S.RETURNED,
            "reports.receive_report",
            note_required=True,
            note_label="退回意见（乡镇将看到）",
            county=True,
            back=True,
        ),
        # Accepted, the report is already on the platform's public page (PUBLIC); the township's
        # step records that it published it through its own channel (the government website,
        # domain.md §1: published before 1 April), which ends the procedure.
        Transition(
            A.PUBLISH,
            "登记公开发布",
            (S.ACCEPTED,),
            S.PUBLISHED,
            "reports.submit_report",
            note_required=True,
            note_label=PUBLISH_CHANNEL,
            step="登记公开发布",
        ),
        Transition(
            A.RETURN,
            "退回修改",
            (S.REVIEW, S.CHECKED, S.SIGNED, S.SECRECY),
            S.DRAFT,
            "reports.check_report|reports.sign_off_report",
            note_required=True,
            note_label="退回原因",
            back=True,
        ),
    ]
}


class WorkflowError(Exception):
    """A step refused, with the reasons for the user."""


# A county's own report goes the same way, taken by the county's office (依法治县办) under one
# permission, and is submitted to the level above; the level above receives or returns it.
COUNTY_PERMISSION = "reports.compile_county_report"
# action: (button, step name) for a county's own report; the submit button names its recipients.
UPPER = {
    A.SEND_REVIEW: ("提交审核", "提交审核"),
    A.CHECK: ("审核通过", "审核"),
    A.SIGN_OFF: ("签发", "签发"),
    A.SUBMIT: ("报送", "报送上级"),
    A.ACCEPT: ("接收并公开", "上级接收并公开"),
    A.COUNTY_RETURN: ("退回修改", "上级退回修改"),
    A.REVISE: ("按退回意见修改（新版本）", "按上级退回意见修改（新版本）"),
    A.PUBLISH: ("登记公开发布", "登记公开发布"),
}


def is_township(report: Report) -> bool:
    return report.org.level == Level.TOWNSHIP


def writer_permission(report: Report) -> str:
    """The permission to draft and edit the report: the township's 党政办 (and 司法所), or for a
    county's own report the county's office."""
    return "reports.change_report" if is_township(report) else COUNTY_PERMISSION


def received_above(report: Report) -> bool:
    """Whether a level above the report's org receives reports on the platform (holds the
    permission to receive them): a county's report then waits for it; otherwise the county
    publishes its submitted report itself."""
    if report.org.parent_id is None:
        return False
    return recipients(report.org, "reports.receive_report").exclude(org=report.org).exists()


def for_report(t: Transition, report: Report, above: bool | None = None) -> Transition:
    """The step as it applies to this report: unchanged for a township; for a county's own
    report named for the county and taken under the county's permission. Where no level above
    receives reports on the platform (`above` false), the county publishes its own submitted
    report (公开发布, the township's publication step) and nobody above accepts or returns it."""
    if is_township(report):
        return t
    label, step = UPPER.get(t.action, (t.label, t.step_name))
    if t.action == A.SUBMIT:
        label = f"报送{report.recipients}"
    if t.county:
        if above is None:
            above = received_above(report)
        return replace(t, label=label, step=step, sources=t.sources if above else ())
    if t.action == A.PUBLISH:
        if above is None:
            above = received_above(report)
        if not above:
            # Nobody above accepts it onto the public page: this step is what publishes it.
            return replace(
                t,
                label="公开发布",
                step="公开发布",
                note_required=False,
                note_label="公开渠道",
                permission=COUNTY_PERMISSION,
                sources=(S.SUBMITTED, *t.sources),
            )
    return replace(t, label=label, step=step, permission=COUNTY_PERMISSION)


def transitions(report: Report) -> list[Transition]:
    """Every step as it applies to this report (`for_report`), the level above asked once."""
    above = None if is_township(report) else received_above(report)
    return [for_report(t, report, above) for t in TRANSITIONS.values()]


def action_label(action: str, report: Report) -> str:
    """A recorded step as the report's level names it (the history of a county's report)."""
    if is_township(report) or action not in UPPER:
        return A(action).label
    return UPPER[action][1]


def receiver(report: Report) -> str:
    """Who receives the report once submitted, in a sentence for the screen and the record."""
    if is_township(report):
        return f"报送{report.recipients}，由县级接收或退回"
    cc = f"（抄送{report.cc}）" if report.cc else ""
    if not received_above(report):
        return (
            f"报送{report.recipients}{cc}。上级机关尚未在本平台接收报告，本平台记录为已报送，"
            "请同时通过公文交换渠道报送正式文件；报送后由本级在本平台公开发布"
        )
    return f"报送{report.recipients}{cc}，由{report.org.parent.name}在本平台接收或退回"


def _month_day(name: str, default: str) -> tuple[int, int]:
    raw = getattr(settings, name, None) or os.environ.get(name) or default
    month, day = (int(x) for x in raw.split("-"))
    return month, day


def due_dates(year: int) -> dict[str, dt.date]:
    """Submission before 1 March and publication before 1 April of the next year by default
    (settings or environment FAZHI_REPORT_DUE / FAZHI_REPORT_PUBLISH_DUE as "MM-DD")."""
    submit = dt.date(year + 1, *_month_day("FAZHI_REPORT_DUE", "03-01")) - dt.timedelta(days=1)
    publish = dt.date(year + 1, *_month_day("FAZHI_REPORT_PUBLISH_DUE", "04-01")) - dt.timedelta(days=1)
    return {"submit": submit, "publish": publish}


def may(user, transition: Transition, report: Report) -> bool:
    if transition.county:
        # Taken by the level above the report's org (the county for a township), never by the
        # org itself.
        if user.org is None or user.org.level in (Level.TOWNSHIP, Level.VILLAGE, Level.GRID):
            return False
        if user.org_id == report.org_id or not report.org.path.startswith(user.org.path):
            return False
    elif user.org_id != report.org_id:
        return False
    return any(user.has_perm(p) for p in transition.permissions)


def available(report: Report, user) -> list[Transition]:
    return [t for t in transitions(report) if report.state in t.sources and may(user, t, report)]


def next_steps(report: Report) -> list[NextStep]:
    """What comes next from the report's state and which roles take it (from TRANSITIONS)."""
    steps = [t for t in transitions(report) if report.state in t.announced_in]
    # The level above a county is not the county's supervisor role: its step names no role here.
    return [
        NextStep(t.step_name)
        if t.county and not is_township(report)
        else NextStep.of(t.step_name, *t.permissions)
        for t in steps
    ]


def unmet(report: Report, action: str) -> list[str]:
    """What stands in the way of a step, in Chinese."""
    problems = []
    if action in (A.SEND_REVIEW, A.CHECK, A.SIGN_OFF, A.SUBMIT):
        parts = set(Paragraph.objects.filter(section__report=report).values_list("section__part", flat=True))
        missing = [str(n) for n in range(1, 6) if n not in parts]
        if missing:
            problems.append(f"第{'、'.join(missing)}部分没有内容")
        stale = editing.changes(report)
        if stale:
            problems.append(f"有{len(stale)}处数字与台账最新数据不一致，请先“重新计算”并逐项确认")
    if action == A.SUBMIT and not report.doc_number.strip():
        problems.append("请填写发文字号")
    return problems


def transition(report: Report, action: str, user, note: str = "") -> Step:
    """Takes a workflow step; a refused one (wrong role, wrong state, unmet condition) raises
    WorkflowError and leaves one audit row with outcome failure and the reason, written after the
    step's own transaction has rolled back so that the refusal is kept."""
    try:
        return _transition(report, action, user, note)
    except WorkflowError as exc:
        t = TRANSITIONS.get(action)
        _audit_refusal(report, user, t.label if t else action, str(exc))
        raise


def _audit_refusal(report: Report, user, label: str, reason: str) -> None:
    audit(
        user,
        AuditLog.Action.REPORT_STEP,
        target=f"{report.year}年度报告 第{report.version}版（{report.org}）",
        detail=f"{label}：未办理（报告状态：{report.get_state_display()}）",
        org=report.org,
        outcome=AuditLog.Outcome.FAILURE,
        reason=reason,
    )


@transaction.atomic
def _transition(report: Report, action: str, user, note: str = "") -> Step:
    report = Report.objects.select_for_update().get(pk=report.pk)
    t = TRANSITIONS.get(action)
    if t is None:
        raise WorkflowError("没有这个操作")
    t = for_report(t, report)
    if report.state not in t.sources:
        raise WorkflowError(f"报告当前状态为“{report.state_label}”，不能{t.label}")
    if not may(user, t, report):
        raise WorkflowError(f"您的角色不能{t.label}")
    note = note.strip()
    if t.note_required and not note:
        raise WorkflowError(f"请填写{t.note_label}")
    problems = unmet(report, action)
    if problems:
        raise WorkflowError("；".join(problems))
    today = timezone.localdate()
    report.state = t.target
    if action == A.SIGN_OFF:
        report.issued_on = today
        # The one who signs is the 签发人; the 发文字号 takes the year it is issued in.
        report.signer = user.full_name or user.username
        report.doc_number = editing.with_year(report.doc_number, today.year)
    if action == A.SUBMIT:
        report.printed_on = today
        # The receipt: to whom it went, and (above the township) how the platform records it.
        if not is_township(report):
            note = "；".join(x for x in (receiver(report), note) if x)
    report.updated_at = timezone.now()
    report._history_user = user
    report.save()
    step = Step.objects.create(report=report, action=action, by=user, note=note)
    audit(
        user,
        AuditLog.Action.REPORT_STEP,
        target=f"{report.year}年度报告 第{report.version}版（{report.org}）",
        detail=f"{t.label}：{report.state_label}" + (f"；{t.note_label}：{note}" if note else ""),
        org=report.org,
    )
    if action == A.SUBMIT:
        plan_items_from_part4(report, user)
    revision = None
    if action == A.COUNTY_RETURN:
        revision = _new_version(report, user, f"县级退回修改：{note}", A.REVISE)
    _tell(report, t, user, note, revision)
    return step


def _tell(report: Report, t: Transition, user, note: str, revision: Report | None) -> None:
    """Notifies those who take the next step, or the drafter of a report sent back."""
    name = f"{report.org}{report.year}年度报告（第{report.version}版）"
    url = reverse("reports:detail", args=[(revision or report).pk])
    if t.back:
        people = recipients(report.org, writer_permission(report), exclude=user).filter(org=report.org)
        drafter = people.filter(pk=report.created_by_id)
        who = ("县级" if is_township(report) else "上级") if t.county else str(user.full_name or user)
        notify(
            drafter if drafter.exists() else people,
            f"{name}被{who}退回修改：{note}",
            url,
            kind=Kind.RETURNED,
        )
        return
    for following in transitions(report):
        if report.state not in following.announced_in:
            continue
        # The org's own people take its steps, the level above the county's steps.
        people = {
            u
            for p in following.permissions
            for u in recipients(report.org, p, exclude=user)
            if (u.org_id == report.org_id) != following.county
        }
        notify(people, f"{name}已{t.step_name}，等待您{following.step_name}", url, kind=Kind.WAITING)


def correct(report: Report, user, reason: str) -> Report:
    """A new draft version of a submitted report, copying its text, with the reason recorded; a
    refused correction is audited as the refused steps are."""
    try:
        return _correct(report, user, reason)
    except WorkflowError as exc:
        _audit_refusal(report, user, "更正", str(exc))
        raise


@transaction.atomic
def _correct(report: Report, user, reason: str) -> Report:
    reason = reason.strip()
    if not report.frozen:
        raise WorkflowError("只有已报送的报告需要更正；草稿可以直接修改")
    if user.org_id != report.org_id or not user.has_perm(writer_permission(report)):
        raise WorkflowError("您的角色不能更正本报告")
    if not reason:
        raise WorkflowError("请填写更正原因")
    if Report.objects.filter(org=report.org, year=report.year, version__gt=report.version).exists():
        raise WorkflowError("已有更新的版本，请在最新版本上更正")
    new = _new_version(report, user, reason, A.CORRECT)
    audit(
        user,
        AuditLog.Action.REPORT_STEP,
        target=f"{report.year}年度报告 第{report.version}版（{report.org}）",
        detail=f"更正：创建第{new.version}版草稿；更正原因：{reason}",
        org=report.org,
    )
    return new


def _new_version(report: Report, user, reason: str, action: str) -> Report:
    """A draft copying the report's text, naming the version it follows and why. A version the
    county returned is revised by its drafter: the new draft keeps them as its drafter."""
    fields = ["title", "issuer", "doc_number", "recipients", "cc", "printer", "signer"]
    new = Report.objects.create(
        org=report.org,
        year=report.year,
        version=report.version + 1,
        corrects=report,
        correction_reason=reason,
        created_by=report.created_by if action == A.REVISE else user,
        **{f: getattr(report, f) for f in fields},
    )
    for section in report.sections.prefetch_related("paragraphs"):
        copy = Section.objects.create(
            report=new, part=section.part, order=section.order, area=section.area, title=section.title
        )
        for p in section.paragraphs.all():
            Paragraph.objects.create(
                section=copy, order=p.order, text=p.text, values=p.values, origin=p.origin, edited_by=user
            )
    Step.objects.create(report=new, action=action, by=user, note=reason)
    return new


def current(org, year: int) -> Report | None:
    """The township's current version: the latest submitted one, else the latest draft."""
    return current_of(list(Report.objects.filter(org=org, year=year).order_by("-version")))


# Consequences in the rectification area (when it is installed) ----------------------------------


def part_lines(report: Report, part: int) -> list[Paragraph]:
    return list(
        Paragraph.objects.filter(section__report=report, section__part=part).order_by(
            "section__order", "order", "id"
        )
    )


def plan_items_from_part4(report: Report, user) -> int:
    """Each line of part 4 becomes a plan item of the next year (once: a line already tracked,
    or drafted from a plan item, is not added again)."""
    PlanItem = links.model("rectification", "PlanItem")
    if PlanItem is None:
        return 0
    created = 0
    for p in part_lines(report, 4):
        text = plain(p).rstrip("。")
        if not text or p.origin.startswith("plan:"):
            continue
        if PlanItem.objects.filter(org=report.org, year=report.year + 1, text=text).exists():
            continue
        item = PlanItem(
            org=report.org,
            year=report.year + 1,
            text=text,
            source_report_year=report.year,
            created_by=user,
            updated_by=user,
        )
        item._history_user = user
        item.save()
        created += 1
    return created


def plain(paragraph: Paragraph) -> str:
    from fazhi.reports.document import segments

    return "".join(s.text for s in segments(paragraph.text, paragraph.values)).strip()


@transaction.atomic
def finding_from_shortcoming(report: Report, paragraph: Paragraph, user, measure: str, owner: str, due_on):
    """Makes one shortcoming of part 2 a tracked finding (the user's button)."""
    Finding = links.model("rectification", "Finding")
    if Finding is None:
        raise WorkflowError("问题整改模块尚未启用")
    if paragraph.section.report_id != report.pk or paragraph.section.part != 2:
        raise WorkflowError("只有“存在的不足和原因”中的段落可以转为整改问题")
    if user.org_id != report.org_id or not user.has_perm("rectification.add_finding"):
        raise WorkflowError("您的角色不能登记整改问题")
    if paragraph.origin.startswith("finding:"):
        raise WorkflowError("这一条已经在问题整改台账中")
    if not measure.strip() or not owner.strip() or due_on is None:
        raise WorkflowError("请填写整改措施、责任人和整改时限")
    finding = Finding(
        org=report.org,
        source="report",
        report_year=report.year,
        found_on=timezone.localdate(),
        description=plain(paragraph),
        measure=measure.strip(),
        owner=owner.strip(),
        due_on=due_on,
        created_by=user,
        updated_by=user,
    )
    finding._history_user = user
    finding.save()
    paragraph.origin = f"finding:{finding.pk}"
    paragraph.save(update_fields=["origin"])
    return finding
