"""The report sent for review, returned by the county with comments, revised, resubmitted and
accepted; who is told at each step; what comes next; the public page of accepted reports."""

import pytest

from fazhi.conftest import make_user
from fazhi.notifications.models import Notification
from fazhi.orgs.models import AuditLog
from fazhi.reports import workflow
from fazhi.reports.models import Report, Step
from fazhi.reports.tests.conftest import YEAR
from fazhi.reports.tests.test_workflow import walk_to_submitted

A = Step.Action


def told(user, kind=None):
    qs = Notification.objects.filter(user=user)
    return list(qs.filter(kind=kind) if kind else qs)


def next_text(report):
    report.refresh_from_db()
    return "；".join(str(n) for n in workflow.next_steps(report))


def to_submitted(report, w):
    workflow.transition(report, A.SEND_REVIEW, w.clerk_a)
    return walk_to_submitted(report, w)


def test_it_tells_the_townships_reviewers_and_nobody_else_when_a_draft_is_sent_for_review(
    report, records, django_capture_on_commit_callbacks
):
    w = records
    reviewer_b = make_user("reviewer_b", w.town_b, "reviewer")
    with django_capture_on_commit_callbacks(execute=True):
        workflow.transition(report, A.SEND_REVIEW, w.clerk_a, "请审核")
    [note] = told(w.reviewer_a)
    assert note.kind == "waiting" and note.url == f"/reports/{report.pk}/"
    assert "等待您司法所审核" in note.text
    # The sender, another township's reviewer, a role that does not check, the county: nothing.
    for other in (w.clerk_a, reviewer_b, w.leader_a, w.clerk_b, w.county_user, w.sysadmin):
        assert told(other) == []
    # The reviewer sends it back: it returns to its drafter, not to every clerk.
    make_user("clerk_a2", w.town_a, "clerk")
    with django_capture_on_commit_callbacks(execute=True):
        workflow.transition(report, A.RETURN, w.reviewer_a, "第二部分过于笼统")
    [back] = told(w.clerk_a, "returned")
    assert "第二部分过于笼统" in back.text
    assert Notification.objects.filter(user__username="clerk_a2").count() == 0


def test_it_says_who_acts_next_in_every_state(report, records):
    w = records
    assert next_text(report) == "提交司法所审核（台账填报员、司法所审核员）"
    workflow.transition(report, A.SEND_REVIEW, w.clerk_a)
    assert next_text(report) == "司法所审核（司法所审核员）"
    workflow.transition(report, A.CHECK, w.reviewer_a)
    assert next_text(report) == "领导签发（乡镇领导）"
    workflow.transition(report, A.SIGN_OFF, w.leader_a)
    assert next_text(report) == "保密审查（司法所审核员、乡镇领导）"
    workflow.transition(report, A.SECRECY, w.leader_a, "不涉密")
    assert next_text(report) == "报送（台账填报员、司法所审核员）"
    workflow.transition(report, A.SUBMIT, w.clerk_a)
    assert next_text(report) == "县级接收并公开（县级督导）"
    workflow.transition(report, A.ACCEPT, w.county_user)
    assert next_text(report) == "登记公开发布（台账填报员、司法所审核员）"
    workflow.transition(report, A.PUBLISH, w.clerk_a, "县政府门户网站")
    assert next_text(report) == ""


def test_the_clerk_sees_the_next_step_and_its_role_on_the_report_page(client, report, records):
    client.force_login(records.clerk_a)
    workflow.transition(report, A.SEND_REVIEW, records.clerk_a)
    page = client.get(f"/reports/{report.pk}/").content.decode()
    assert "下一步：司法所审核（司法所审核员）" in page
    assert "这一步不由您的角色办理" in page


def test_the_county_returns_the_township_revises_resubmits_and_the_county_accepts_and_publishes(
    client, report, records, django_capture_on_commit_callbacks
):
    w = records
    first = to_submitted(report, w)
    with pytest.raises(workflow.WorkflowError, match="不能接收并公开"):
        workflow.transition(first, A.ACCEPT, w.clerk_a)
    with pytest.raises(workflow.WorkflowError, match="请填写退回意见"):
        workflow.transition(first, A.COUNTY_RETURN, w.county_user, " ")
    with django_capture_on_commit_callbacks(execute=True):
        workflow.transition(first, A.COUNTY_RETURN, w.county_user, "请补充行政复议纠错情况")
    first.refresh_from_db()
    second = Report.objects.get(org=w.town_a, year=YEAR, version=2)
    assert (first.state, second.state, second.corrects_id) == ("returned", "draft", first.pk)
    assert second.created_by == w.clerk_a
    [back] = told(w.clerk_a, "returned")
    assert "请补充行政复议纠错情况" in back.text and back.url == f"/reports/{second.pk}/"
    assert told(w.clerk_b) == [] and told(w.leader_a) == []

    # The township sees the comments on its new draft, and the history of both rounds.
    client.force_login(w.clerk_a)
    page = client.get(f"/reports/{second.pk}/").content.decode()
    assert 'id="county-comments"' in page and "请补充行政复议纠错情况" in page
    assert page.count("第1版</span> <b>报送") == 1 and "县级退回修改" in page

    # Nothing is public before the county accepts.
    client.logout()
    assert "请补充" not in client.get("/public/reports/").content.decode()
    assert client.get(f"/public/reports/{first.pk}/").status_code == 404

    second = to_submitted(second, w)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.transition(second, A.ACCEPT, w.county_user, "同意公开")
    second.refresh_from_db()
    assert second.state == "accepted"
    assert any("公开" in n.text for n in told(w.clerk_a, "waiting"))
    assert set(
        AuditLog.objects.filter(
            action=AuditLog.Action.REPORT_STEP, user=w.county_user, outcome=AuditLog.Outcome.SUCCESS
        ).values_list("detail", flat=True)
    ) == {
        "退回乡镇修改：县级已退回修改；退回意见（乡镇将看到）：请补充行政复议纠错情况",
        "接收并公开：县级已接收并公开；接收意见：同意公开",
    }

    listing = client.get("/public/reports/")
    assert listing.status_code == 200
    text = listing.content.decode()
    assert f"/public/reports/{second.pk}/" in text and f"/public/reports/{first.pk}/" not in text
    assert "甲镇" in text and "乙乡" not in text and f"{YEAR}年度" in text
    detail = client.get(f"/public/reports/{second.pk}/").content.decode()
    assert second.title in detail
    # Nothing personal: neither the drafter, nor the workflow notes, nor the data-code markers.
    assert "clerk_a" not in detail and "同意公开" not in detail and "data-code" not in detail
    docx = client.get(f"/public/reports/{second.pk}/download.docx")
    assert docx.status_code == 200 and docx["Content-Type"].startswith("application/vnd.openxml")
    assert client.get(f"/public/reports/{first.pk}/download.docx").status_code == 404


def test_an_accepted_report_is_public_and_the_township_registers_its_own_publication(client, report, records):
    """Accepted by the county, the report is on the public page (its state says so); what the
    township still does is record its publication on its own channel, which ends the procedure:
    the page offers that step under that name, never as making the report public again."""
    w = records
    accepted = to_submitted(report, w)
    workflow.transition(accepted, A.ACCEPT, w.county_user, "同意公开")
    accepted.refresh_from_db()
    assert accepted.state == Report.State.ACCEPTED and accepted.state_label == "县级已接收并公开"
    assert client.get(f"/public/reports/{accepted.pk}/").status_code == 200

    client.force_login(w.clerk_a)
    page = client.get(f"/reports/{accepted.pk}/").content.decode()
    assert '<span class="badge text-bg-success" id="report-state">县级已接收并公开</span>' in page
    assert "下一步：登记公开发布（台账填报员、司法所审核员）" in page
    assert 'id="publish-hint">待甲镇于' in page and "通过本级政府网站等渠道公开后，在此登记公开渠道" in page
    assert [t.label for t in workflow.available(accepted, w.clerk_a)] == ["登记公开发布"]
    assert ">登记公开发布</button>" in page and ">公开发布</button>" not in page
    # The confirmation no longer says the step will make the report public: it already is.
    assert 'data-confirm="报告已在“年度报告公开”页面向社会公开。请在本级政府网站等渠道公开后登记' in page
    assert "公开发布后，报告将在" not in page

    with pytest.raises(workflow.WorkflowError, match="请填写公开渠道"):
        workflow.transition(accepted, A.PUBLISH, w.clerk_a, " ")
    r = client.post(f"/reports/{accepted.pk}/step/publish/", {"note": "甲镇人民政府网站政府信息公开专栏"})
    assert r.status_code == 302
    accepted.refresh_from_db()
    assert accepted.state == Report.State.PUBLISHED and accepted.state_label == "已公开"
    assert accepted.steps.get(action=A.PUBLISH).note == "甲镇人民政府网站政府信息公开专栏"
    assert client.get(f"/public/reports/{accepted.pk}/").status_code == 200
    page = client.get(f"/reports/{accepted.pk}/").content.decode()
    assert "报告已公开，流程已结束" in page and 'id="publish-hint"' not in page
    assert AuditLog.objects.filter(
        action=AuditLog.Action.REPORT_STEP,
        user=w.clerk_a,
        outcome=AuditLog.Outcome.SUCCESS,
        detail="登记公开发布：已公开；公开渠道（如政府网站政府信息公开专栏）：甲镇人民政府网站政府信息公开专栏",
    ).exists()
