"""Notifications reach the users who can see the record and take the next step, never others;
they are read one by one or all at once; the bell counts them; deadline reminders come once."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from fazhi.conftest import make_user
from fazhi.ledger import procedures, registry
from fazhi.ledger.tests.factories import make_record
from fazhi.notifications import deadlines
from fazhi.notifications.actions import notify
from fazhi.notifications.models import Notification
from fazhi.orgs.roles import NextStep, holders
from fazhi.supervision import assignments, inspections
from fazhi.workdays.deadlines import add

pytestmark = pytest.mark.django_db


def told(user):
    return list(Notification.objects.filter(user=user))


def test_it_sends_an_assignment_to_the_townships_that_reply_and_tells_the_county_of_replies(
    world, django_capture_on_commit_callbacks
):
    fields = {"title": "排查矛盾纠纷", "text": "请报送排查件数", "due_on": dt.date(2030, 5, 1)}
    with django_capture_on_commit_callbacks(execute=True):
        assignment = assignments.send(world.county, fields, [world.town_a], [], world.county_user)
    url = f"/supervision/assignments/{assignment.pk}/"
    assert [n.url for n in told(world.clerk_a)] == [url]
    assert [n.url for n in told(world.reviewer_a)] == [url]
    # The leader cannot reply; township B was not sent the task; the county sent it.
    assert told(world.leader_a) == told(world.clerk_b) == told(world.county_user) == []
    target = assignment.targets.get()
    assert [str(n) for n in assignments.next_steps(target)] == ["甲镇回复（台账填报员、司法所审核员）"]
    with django_capture_on_commit_callbacks(execute=True):
        assignments.reply(target, "已排查12件", None, "", world.clerk_a)
    [reply] = told(world.county_user)
    assert reply.kind == "info" and "甲镇已回复" in reply.text
    assert [str(n) for n in assignments.next_steps(target)] == ["县级查阅回复（县级督导）"]


def test_it_puts_an_inspection_finding_before_the_townships_writers(
    world, django_capture_on_commit_callbacks
):
    from fazhi.supervision.models import Inspection

    inspection = Inspection.objects.create(
        county=world.county,
        title="春季督察",
        held_on=dt.date(2030, 3, 1),
        team="督察组",
        created_by=world.county_user,
    )
    row = inspections.Row(world.town_a, "执法案卷不规范", "一个月内整改", dt.date(2030, 4, 1))
    with django_capture_on_commit_callbacks(execute=True):
        [finding] = inspections.add_findings(inspection, [row], world.county_user)
    [note] = told(world.clerk_a)
    assert note.url == f"/l/findings/{finding.finding_id}/" and "执法案卷不规范" in note.text
    assert len(told(world.reviewer_a)) == 1
    assert told(world.leader_a) == told(world.clerk_b) == []
    [status] = inspections.statuses([finding], dt.date(2030, 3, 2))
    assert [str(n) for n in status.next_steps] == ["甲镇整改并销号（台账填报员、司法所审核员）"]


def test_it_names_the_roles_that_take_a_step_from_the_role_catalogue():
    assert holders("reports.check_report") == ["司法所审核员"]
    assert holders("mediation.change_dispute") == ["台账填报员", "司法所审核员"]
    # Community correction is sensitive: only the 司法所 writes it.
    assert holders("corrections.change_correctionperson") == ["司法所审核员"]
    assert str(NextStep.of("签发", "reports.sign_off_report")) == "签发（乡镇领导）"


def test_it_says_who_takes_the_next_step_of_a_statutory_procedure(client, world):
    ledger = registry.get("litigation-cases")
    case = make_record(ledger.model, world.town_a, world.clerk_a, validate=False)
    following = procedures.next_steps(ledger, case)
    assert [n.label for n in following] == [s.label for s in ledger.procedure.allowed(case)]
    assert following and all(n.roles == ("台账填报员", "司法所审核员") for n in following)
    client.force_login(world.clerk_a)
    page = client.get(f"/l/litigation-cases/{case.pk}/").content.decode()
    assert "（台账填报员、司法所审核员）" in page


def test_the_bell_counts_unread_in_one_query_and_a_click_marks_one_read(client, world):
    Notification.objects.bulk_create(
        [
            Notification(user=world.clerk_a, kind="waiting", text=f"第{n}件", url="/l/disputes/")
            for n in range(25)
        ]
    )
    Notification.objects.create(user=world.clerk_b, kind="waiting", text="乙乡的事", url="/l/disputes/")
    client.force_login(world.clerk_a)
    client.get("/")
    with CaptureQueriesContext(connection) as ctx:
        page = client.get("/notifications/").content.decode()
    touching = [q["sql"] for q in ctx.captured_queries if "notifications_notification" in q["sql"]]
    # The bell's count, and the list's own count and page.
    assert len(touching) == 3
    assert 'id="bell-count">25<' in page and "乙乡的事" not in page
    assert page.count('action="/notifications/') == 20 + 1  # a page of 20, and "全部标为已读"
    assert "第0件" in client.get("/notifications/?page=2").content.decode()

    mine = Notification.objects.filter(user=world.clerk_a).first()
    response = client.post(f"/notifications/{mine.pk}/open/")
    assert response.status_code == 302 and response["Location"] == "/l/disputes/"
    mine.refresh_from_db()
    assert mine.read_at is not None
    assert 'id="bell-count">24<' in client.get("/notifications/").content.decode()
    # Another user's notification is neither opened nor marked.
    theirs = Notification.objects.get(user=world.clerk_b)
    assert client.post(f"/notifications/{theirs.pk}/open/")["Location"] == "/notifications/"
    theirs.refresh_from_db()
    assert theirs.read_at is None
    assert client.get(f"/notifications/{mine.pk}/open/").status_code == 405

    client.post("/notifications/read-all/")
    assert Notification.objects.filter(user=world.clerk_a, read_at__isnull=True).count() == 0
    assert 'id="bell-count"' not in client.get("/notifications/").content.decode()
    assert Notification.objects.get(user=world.clerk_b).read_at is None


def test_it_writes_nothing_when_the_change_is_rolled_back(world, django_capture_on_commit_callbacks):
    from django.db import transaction

    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                notify([world.clerk_a], "不会发出", "/")
                raise RuntimeError
        except RuntimeError:
            pass
    assert told(world.clerk_a) == []


def test_the_daily_reminder_tells_who_sees_an_item_due_soon_once(world, django_capture_on_commit_callbacks):
    from fazhi.rectification.models import Finding

    today = timezone.localdate()
    soon = add(today, 2, working=True).date
    later = add(today, 30, working=True).date

    def finding(org, user, due_on):
        return make_record(
            Finding, org, user, source="self_check", due_on=due_on, status="pending", found_on=today
        )

    due = finding(world.town_a, world.clerk_a, soon)
    finding(world.town_a, world.clerk_a, later)
    finding(world.town_b, world.clerk_b, soon)
    outsider = make_user("sysadmin_a", world.town_a, "sysadmin")
    with django_capture_on_commit_callbacks(execute=True):
        summary = deadlines.notify_deadlines()
    [note] = told(world.clerk_a)
    assert note.kind == "deadline" and note.url == f"/l/findings/{due.pk}/"
    assert soon.isoformat() in note.text
    assert len(told(world.reviewer_a)) == len(told(world.leader_a)) == 1
    assert len(told(world.clerk_b)) == 1  # their own township's item
    assert told(world.county_user) == told(outsider) == []
    assert "新发提醒" in summary
    with django_capture_on_commit_callbacks(execute=True):
        again = deadlines.notify_deadlines()
    assert Notification.objects.filter(user=world.clerk_a).count() == 1
    assert "新发提醒0条" in again
