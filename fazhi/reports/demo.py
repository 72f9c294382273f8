"""Demo reports of last year in several states: the first township's report was returned by the
county with comments, revised, resubmitted and accepted (so it is on the public page), the second
is signed off, the third is sent to the 司法所 for review; the county's own report, drafted from
the three townships' figures, is checked, signed off, submitted to the city and published by the
county (the city receives no reports on the platform). Runs after the area apps (last in
INSTALLED_APPS), so the drafts are written from their demo records."""

import datetime as dt

from django.utils import timezone

from fazhi.orgs.models import User
from fazhi.orgs.roles import ROLE_BY_CODE
from fazhi.reports import drafting, editing, workflow
from fazhi.reports.models import Report, Step
from fazhi.workdays.calendar import is_workday

A = Step.Action
TO_COUNTY = [A.CHECK, A.SIGN_OFF, A.SECRECY, A.SUBMIT]
STEPS = {
    0: [*TO_COUNTY, A.COUNTY_RETURN],
    1: [A.CHECK, A.SIGN_OFF],
    2: [A.SEND_REVIEW],
}
NOTES = {
    A.SEND_REVIEW: "初稿已按台账数据核对，请司法所审核",
    A.CHECK: "经司法所审核，数据与台账一致，同意报领导签发",
    A.SIGN_OFF: "同意报送",
    A.SECRECY: "经保密审查，报告不涉及国家秘密和工作秘密，可以公开",
    A.COUNTY_RETURN: "第二部分“存在的不足”过于笼统，请结合行政执法案卷评查发现的问题具体分析原因后重新报送",
    A.ACCEPT: "同意，予以公开",
}


COUNTY_NOTES = {
    A.CHECK: "经县委依法治县办审核，数字与各乡镇台账合计一致",
    A.SIGN_OFF: "同意报送市委、市政府",
    A.SECRECY: "经保密审查，报告不涉及国家秘密和工作秘密，可以公开",
    A.PUBLISH: "县人民政府门户网站政府信息公开专栏",
}


def _actor(action, t, county_user):
    if action in (A.SIGN_OFF, A.SECRECY):
        return t.leader
    if action in (A.SUBMIT, A.SEND_REVIEW):
        return t.clerk
    if action in (A.COUNTY_RETURN, A.ACCEPT):
        return county_user
    return t.reviewer


def _walk(report, actions, t, county_user) -> None:
    for action in actions:
        workflow.transition(report, action, _actor(action, t, county_user), NOTES.get(action, ""))


def seed(ctx) -> None:
    year = min(ctx.years)
    county_user = User.objects.filter(org=ctx.county, groups__name=ROLE_BY_CODE["county"].name).first()
    # The townships' first drafts in one pass, as a county's batch of townships is drafted.
    drafts = drafting.draft_reports(
        [t.org for t in ctx.townships], year, {t.org.pk: t.clerk for t in ctx.townships}
    )
    for n, (t, report) in enumerate(zip(ctx.townships, drafts, strict=True)):
        editing.accept_all(report, t.clerk)
        _walk(report, STEPS.get(n, []), t, county_user)
        revision = Report.objects.filter(corrects=report).first()
        if revision is not None:
            # The township answers the county's comments in its next version and resubmits.
            _walk(revision, [*TO_COUNTY, A.ACCEPT], t, county_user)
        _dated(t.org, year, dt.date(year + 1, 2, 2))
    if county_user is not None:
        _county_report(ctx.county, year, county_user)


def _county_report(county, year: int, user) -> None:
    """The county's office drafts the county's report, checks, signs off and submits it, and
    (the city receiving no reports on the platform) publishes it itself."""
    report = drafting.draft_report(county, year, user)
    editing.accept_all(report, user)
    for action in [A.CHECK, A.SIGN_OFF, A.SECRECY, A.SUBMIT, A.PUBLISH]:
        workflow.transition(report, action, user, COUNTY_NOTES.get(action, ""))
    _dated(county, year, dt.date(year + 1, 2, 9))


def _dated(org, year: int, start: dt.date) -> None:
    """Dates the demo's steps of `org`'s report for `year` as the work would have gone: one working
    day apart from `start` (after the year closed, before the deadline of 1 March), each version's
    issue and submission dates those of its sign-off and submission steps. A timeline that would
    end after today (the demo seeded early in the year) is left as run."""
    steps = list(Step.objects.filter(report__org=org, report__year=year).order_by("pk"))
    days, day = [], start
    while len(days) < len(steps):
        if is_workday(day):
            days.append(day)
        day += dt.timedelta(days=1)
    if not steps or days[-1] >= timezone.localdate():
        return
    zone = timezone.get_current_timezone()
    for n, (step, day) in enumerate(zip(steps, days, strict=True)):
        step.at = dt.datetime.combine(day, dt.time(9, 10), zone) + dt.timedelta(minutes=(47 * n) % 420)
    Step.objects.bulk_update(steps, ["at"])
    for report in Report.objects.filter(org=org, year=year):
        own = [s for s in steps if s.report_id == report.pk]
        dates = {s.action: s.at.date() for s in own}
        Report.objects.filter(pk=report.pk).update(
            issued_on=dates.get(A.SIGN_OFF, report.issued_on),
            printed_on=dates.get(A.SUBMIT, report.printed_on),
            created_at=own[0].at if own else report.created_at,
            updated_at=own[-1].at if own else report.updated_at,
        )
