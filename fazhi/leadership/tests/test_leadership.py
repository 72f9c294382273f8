import datetime as dt

import pytest

from fazhi.indicators.registry import compute
from fazhi.leadership.models import DutyReport, FieldVisit, LawMeeting, LeadingGroupMember, Responsibility
from fazhi.orgs.models import Department

YEAR = 2025


def meeting(org, **kw) -> LawMeeting:
    fields = {
        "held_on": dt.date(YEAR, 3, 2),
        "kind": "party_committee",
        "chair": "王书记",
        "chair_role": "secretary",
        "topics": "研究年度法治政府建设工作要点",
    }
    fields.update(kw)
    return LawMeeting.objects.create(org=org, **fields)


def task(org, **kw) -> Responsibility:
    dept = Department.objects.get_or_create(org=org, name="司法所")[0]
    fields = {
        "year": YEAR,
        "task": "开展法律明白人培训",
        "lead_department": dept,
        "due_on": dt.date(YEAR, 6, 30),
    }
    fields.update(kw)
    return Responsibility.objects.create(org=org, **fields)


def report(org, **kw) -> DutyReport:
    fields = {
        "year": YEAR,
        "person": "王书记",
        "role": "secretary",
        "reported_on": dt.date(YEAR, 12, 20),
        "text": "述法要点",
    }
    fields.update(kw)
    return DutyReport.objects.create(org=org, **fields)


def test_it_records_a_meeting_through_the_form_and_lists_it(client, world):
    client.force_login(world.clerk_a)
    response = client.post(
        "/l/law-meetings/new/",
        {
            "held_on": "2025-04-08",
            "kind": "executive",
            "chair": "李镇长",
            "chair_role": "head",
            "topics": "研究行政执法规范化建设",
            "decisions": "",
            "attendees": "",
        },
    )
    assert response.status_code == 302
    saved = LawMeeting.objects.get()
    assert (saved.org, saved.created_by) == (world.town_a, world.clerk_a)
    assert "研究行政执法规范化建设" in client.get("/l/law-meetings/?year=2025").content.decode()


def test_it_offers_only_the_townships_departments_for_a_task(client, world):
    mine = Department.objects.create(org=world.town_a, name="甲镇司法所")
    theirs = Department.objects.create(org=world.town_b, name="乙乡司法所")
    client.force_login(world.clerk_a)
    page = client.get("/l/responsibilities/new/").content.decode()
    assert "甲镇司法所" in page and "乙乡司法所" not in page
    data = {"year": "2025", "task": "开展宪法宣传周", "owner": "", "due_on": "2025-12-04", "evidence": ""}
    response = client.post(
        "/l/responsibilities/new/", {**data, "lead_department": theirs.pk, "status": "not_started"}
    )
    assert response.status_code == 200 and not Responsibility.objects.exists()
    response = client.post("/l/responsibilities/new/", {**data, "lead_department": mine.pk, "status": "done"})
    assert "已完成的任务须填写完成情况及佐证" in response.content.decode()
    response = client.post(
        "/l/responsibilities/new/", {**data, "lead_department": mine.pk, "status": "late_explained"}
    )
    assert "逾期的任务须在“完成情况及佐证”中说明逾期原因" in response.content.decode()
    response = client.post(
        "/l/responsibilities/new/",
        {**data, "lead_department": mine.pk, "status": "done", "evidence": "已开展，活动记录已归档"},
    )
    assert response.status_code == 302
    assert Responsibility.objects.get().lead_department == mine


def test_it_refuses_a_duty_report_outside_its_year(client, world):
    client.force_login(world.clerk_a)
    response = client.post(
        "/l/duty-reports/new/",
        {
            "year": "2025",
            "person": "王书记",
            "role": "secretary",
            "reported_on": "2027-01-05",
            "forum": "年终述职大会",
            "text": "述法要点",
            "assessment": "",
        },
    )
    assert "述法日期（2027-01-05）应在述法年度（2025年）内或次年年初" in response.content.decode()
    assert not DutyReport.objects.exists()


def test_it_counts_meetings_tasks_and_principals_who_reported(world):
    meeting(world.town_a)
    meeting(world.town_a, kind="special", chair="张委员", chair_role="other")
    meeting(world.town_b)
    task(world.town_a, status="done", evidence="已完成")
    task(world.town_a)
    task(world.town_a, year=YEAR + 1)
    report(world.town_a)
    report(world.town_a, person="李镇长", role="member")
    report(world.town_a, person="赵委员", role="member")
    FieldVisit.objects.create(
        org=world.town_a,
        leader="王书记",
        leader_role="secretary",
        visited_on=dt.date(YEAR, 5, 1),
        place="甲一村",
        topic="调研",
    )
    LeadingGroupMember.objects.create(org=world.town_a, name="王书记", position="党委书记", role="leader")
    LeadingGroupMember.objects.create(org=world.town_a, name="前任", position="副镇长", active=False)

    assert compute("leadership.meetings", world.town_a, YEAR).value == 2
    assert compute("leadership.meetings_chaired_by_principals", world.town_a, YEAR).value == 1
    rate = compute("leadership.task_completion_rate", world.town_a, YEAR)
    assert (rate.numerator, rate.denominator) == (1, 2)
    assert compute("leadership.duty_reports", world.town_a, YEAR).value == 3
    assert compute("leadership.principals_reported", world.town_a, YEAR).value == 1
    report(world.town_a, person="李镇长", role="head", reported_on=dt.date(YEAR + 1, 1, 10))
    assert compute("leadership.principals_reported", world.town_a, YEAR).value == 2
    assert compute("leadership.principals_reported", world.county, YEAR).value == 2
    assert compute("leadership.field_visits", world.town_a, YEAR).value == 1
    assert compute("leadership.group_members", world.town_a, YEAR).value == 1


CODES = ["leading-group", "law-meetings", "responsibilities", "duty-reports", "field-visits"]


@pytest.mark.parametrize("code", CODES)
def test_it_hides_town_a_records_from_town_b(client, world, code):
    obj = {
        "leading-group": lambda: LeadingGroupMember.objects.create(
            org=world.town_a, name="甲镇专属", position="党委书记", role="leader"
        ),
        "law-meetings": lambda: meeting(world.town_a, topics="甲镇专属"),
        "responsibilities": lambda: task(world.town_a, task="甲镇专属"),
        "duty-reports": lambda: report(world.town_a, person="甲镇专属"),
        "field-visits": lambda: FieldVisit.objects.create(
            org=world.town_a,
            leader="王",
            leader_role="secretary",
            visited_on=dt.date(YEAR, 5, 1),
            place="村",
            topic="甲镇专属",
        ),
    }[code]()
    client.force_login(world.clerk_b)
    assert client.get(f"/l/{code}/{obj.pk}/").status_code == 404
    assert client.get(f"/l/{code}/{obj.pk}/edit/").status_code == 404
    assert "甲镇专属" not in client.get(f"/l/{code}/?year={YEAR}").content.decode()
    client.force_login(world.clerk_a)
    assert "甲镇专属" in client.get(f"/l/{code}/?year={YEAR}").content.decode()


@pytest.mark.parametrize("code", CODES)
def test_it_offers_the_excel_template(client, world, code):
    client.force_login(world.clerk_a)
    response = client.get(f"/l/{code}/template.xlsx")
    assert response.status_code == 200
    assert b"".join(response.streaming_content if response.streaming else [response.content])[:2] == b"PK"
