"""Demo reports of last year in several states: the first township submitted (and published), the
second signed off, the third still a draft. Runs after the area apps (last in INSTALLED_APPS), so
the drafts are written from their demo records."""

import datetime as dt

from fazhi.reports import drafting, editing, workflow
from fazhi.reports.models import Report, Step

STEPS = {
    0: [Step.Action.CHECK, Step.Action.SIGN_OFF, Step.Action.SECRECY, Step.Action.SUBMIT],
    1: [Step.Action.CHECK, Step.Action.SIGN_OFF],
    2: [],
}
NOTES = {
    Step.Action.CHECK: "经司法所审核，数据与台账一致，同意报领导签发",
    Step.Action.SIGN_OFF: "同意报送",
    Step.Action.SECRECY: "经保密审查，报告不涉及国家秘密和工作秘密，可以公开",
}


def seed(ctx) -> None:
    year = min(ctx.years)
    for n, t in enumerate(ctx.townships):
        report = drafting.draft_report(t.org, year, t.clerk)
        editing.accept_all(report, t.clerk)
        for action in STEPS.get(n, []):
            user = t.leader if action in (Step.Action.SIGN_OFF, Step.Action.SECRECY) else t.reviewer
            if action == Step.Action.SUBMIT:
                user = t.clerk
            workflow.transition(report, action, user, NOTES.get(action, ""))
        # Dated as they would have been: signed in February, submitted before 1 March.
        Report.objects.filter(pk=report.pk, issued_on__isnull=False).update(
            issued_on=dt.date(year + 1, 2, 20)
        )
        Report.objects.filter(pk=report.pk, printed_on__isnull=False).update(
            printed_on=dt.date(year + 1, 2, 25)
        )
