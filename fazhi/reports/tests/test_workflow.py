import datetime as dt

import pytest
from django.apps import apps

from fazhi.ledger.tests.factories import make_dispute
from fazhi.reports import editing, workflow
from fazhi.reports.models import Paragraph, Report, Step
from fazhi.reports.tests.conftest import YEAR

A = Step.Action


def walk_to_submitted(report, w):
    workflow.transition(report, A.CHECK, w.reviewer_a, "数据与台账一致")
    workflow.transition(report, A.SIGN_OFF, w.leader_a, "同意")
    workflow.transition(report, A.SECRECY, w.leader_a, "不涉密，可以公开")
    workflow.transition(report, A.SUBMIT, w.clerk_a)
    report.refresh_from_db()
    return report


def test_it_moves_a_report_through_its_steps_by_role(report, records):
    with pytest.raises(workflow.WorkflowError, match="不能审核通过"):
        workflow.transition(report, A.CHECK, records.clerk_a)
    with pytest.raises(workflow.WorkflowError, match="不能签发"):
        workflow.transition(report, A.SIGN_OFF, records.leader_a)
    report = walk_to_submitted(report, records)
    assert report.state == Report.State.SUBMITTED and report.frozen
    assert report.issued_on is not None and report.printed_on is not None
    steps = list(report.steps.values_list("action", "by__username"))
    assert steps == [
        ("draft", "clerk_a"),
        ("check", "reviewer_a"),
        ("sign_off", "leader_a"),
        ("secrecy", "leader_a"),
        ("submit", "clerk_a"),
    ]


def test_it_needs_a_note_for_the_secrecy_review(report, records):
    workflow.transition(report, A.CHECK, records.reviewer_a)
    workflow.transition(report, A.SIGN_OFF, records.leader_a)
    with pytest.raises(workflow.WorkflowError, match="保密审查意见"):
        workflow.transition(report, A.SECRECY, records.leader_a, "")


def test_it_refuses_to_pass_a_draft_with_figures_not_yet_accepted(report, records):
    make_dispute(records, registered_on=dt.date(YEAR, 9, 1))
    with pytest.raises(workflow.WorkflowError, match="重新计算"):
        workflow.transition(report, A.CHECK, records.reviewer_a)
    editing.accept_all(report, records.clerk_a)
    workflow.transition(report, A.CHECK, records.reviewer_a)


def test_it_freezes_a_submitted_report_and_corrects_it_in_a_new_version(report, records):
    report = walk_to_submitted(report, records)
    p = Paragraph.objects.filter(section__report=report).first()
    with pytest.raises(editing.EditError, match="已报送"):
        editing.save_paragraph(p, "改一改", records.clerk_a)
    with pytest.raises(workflow.WorkflowError, match="更正原因"):
        workflow.correct(report, records.clerk_a, "")
    new = workflow.correct(report, records.clerk_a, "调解数据漏录一件")
    assert (new.version, new.state, new.corrects_id) == (2, "draft", report.pk)
    assert (
        Paragraph.objects.filter(section__report=new).count()
        == Paragraph.objects.filter(section__report=report).count()
    )
    # The submitted version stays the current one until the correction is submitted.
    assert workflow.current(records.town_a, YEAR) == report
    walk_to_submitted(new, records)
    assert workflow.current(records.town_a, YEAR) == new


@pytest.mark.skipif(not apps.is_installed("fazhi.rectification"), reason="问题整改模块未安装")
def test_it_turns_part4_into_next_years_plan_items_on_submission(report, records):
    from fazhi.rectification.models import Finding, PlanItem

    lines = Paragraph.objects.filter(section__report=report, section__part=4).count()
    walk_to_submitted(report, records)
    items = PlanItem.objects.filter(org=records.town_a, year=YEAR + 1)
    assert items.count() == lines
    assert all(i.source_report_year == YEAR for i in items)
    shortcoming = Paragraph.objects.filter(section__report=report, section__part=2).first()
    workflow.finding_from_shortcoming(
        report,
        shortcoming,
        records.reviewer_a,
        "逐村补选法律明白人",
        "司法所 王所长",
        dt.date(YEAR + 1, 6, 30),
    )
    finding = Finding.objects.get(org=records.town_a)
    assert finding.source == "report" and finding.report_year == YEAR
    with pytest.raises(workflow.WorkflowError, match="已经在问题整改台账中"):
        workflow.finding_from_shortcoming(
            report, shortcoming, records.reviewer_a, "x", "y", dt.date(YEAR + 1, 6, 30)
        )


def test_it_dates_submission_and_publication_from_settings(settings):
    assert workflow.due_dates(2025) == {"submit": dt.date(2026, 2, 28), "publish": dt.date(2026, 3, 31)}
    settings.FAZHI_REPORT_DUE = "03-15"
    assert workflow.due_dates(2025)["submit"] == dt.date(2026, 3, 14)
