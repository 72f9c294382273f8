import datetime as dt

import pytest

from fazhi.indicators.registry import compute
from fazhi.ledger import registry
from fazhi.ledger.models import NilReturn
from fazhi.orgs.models import Department
from fazhi.rectification import rules
from fazhi.rectification.models import Finding, PlanItem

YEAR = 2025


def finding(org, **kw) -> Finding:
    fields = {
        "source": "inspection",
        "found_on": dt.date(YEAR, 3, 1),
        "description": "案卷归档不及时",
        "measure": "开展案卷评查",
        "owner": "副镇长 张三",
        "due_on": dt.date(YEAR, 6, 30),
    }
    fields.update(kw)
    return Finding.objects.create(org=org, **fields)


def plan(org, **kw) -> PlanItem:
    fields = {"year": YEAR, "text": "推进村（社区）法律顾问全覆盖"}
    fields.update(kw)
    return PlanItem.objects.create(org=org, **fields)


FORM = {
    "source": "report",
    "report_year": "2024",
    "found_on": "2025-02-26",
    "description": "部分村法律明白人培训不系统",
    "cause": "",
    "measure": "按季度开展案例培训",
    "owner": "司法所所长 李四",
    "owner_department": "",
    "due_on": "2025-06-30",
    "status": "pending",
    "evidence": "",
    "closed_on": "",
    "closure_note": "",
}


def test_it_records_a_finding_through_the_form_with_the_townships_department(client, world):
    mine = Department.objects.create(org=world.town_a, name="司法所")
    client.force_login(world.clerk_a)
    response = client.post("/l/findings/new/", {**FORM, "owner_department": str(mine.pk)})
    assert response.status_code == 302
    saved = Finding.objects.get()
    assert (saved.org, saved.owner_department, saved.report_year) == (world.town_a, mine, 2024)
    assert "部分村法律明白人培训不系统" in client.get("/l/findings/?year=2025").content.decode()


def test_it_offers_only_the_townships_own_departments(client, world):
    Department.objects.create(org=world.town_a, name="甲镇司法所")
    theirs = Department.objects.create(org=world.town_b, name="乙乡司法所")
    client.force_login(world.clerk_a)
    page = client.get("/l/findings/new/").content.decode()
    assert "甲镇司法所" in page and "乙乡司法所" not in page
    response = client.post("/l/findings/new/", {**FORM, "owner_department": str(theirs.pk)})
    assert response.status_code == 200
    assert not Finding.objects.exists()


def test_it_refuses_to_close_a_finding_without_date_and_evidence(client, world):
    client.force_login(world.clerk_a)
    response = client.post("/l/findings/new/", {**FORM, "status": "closed"})
    page = response.content.decode()
    assert "已整改的问题须填写整改完成日期" in page
    assert "已整改的问题须填写整改佐证" in page
    assert not Finding.objects.exists()


def test_it_refuses_a_closure_before_the_finding(client, world):
    client.force_login(world.clerk_a)
    response = client.post(
        "/l/findings/new/", {**FORM, "status": "closed", "closed_on": "2025-01-10", "evidence": "已培训"}
    )
    assert "整改完成日期不能早于发现日期" in response.content.decode()
    assert not Finding.objects.exists()


def test_it_requires_the_outcome_of_a_finished_plan_item(client, world):
    client.force_login(world.clerk_a)
    data = {"year": "2025", "text": "推进法律顾问全覆盖", "owner": "", "due_on": "", "outcome": ""}
    response = client.post("/l/plan-items/new/", {**data, "status": "done"})
    assert "已完成或未完成的安排须填写完成情况" in response.content.decode()
    response = client.post("/l/plan-items/new/", {**data, "status": "in_progress", "due_on": "2026-03-01"})
    assert "完成时限应在安排年度（2025年）之内" in response.content.decode()
    assert not PlanItem.objects.exists()
    response = client.post("/l/plan-items/new/", {**data, "status": "done", "outcome": "7个村全部配备"})
    assert response.status_code == 302


def test_it_switches_plan_items_by_their_year_without_monthly_nil_returns(client, world):
    plan(world.town_a, year=2025, text="二〇二五年的安排")
    plan(world.town_a, year=2026, text="二〇二六年的安排")
    ledger = registry.get("plan-items")
    assert ledger.yearly and not ledger.monthly
    client.force_login(world.clerk_a)
    page = client.get("/l/plan-items/?year=2025").content.decode()
    assert "二〇二五年的安排" in page and "二〇二六年的安排" not in page
    assert 'name="year"' in page
    everything = client.get("/l/plan-items/?year=all").content.decode()
    assert "二〇二五年的安排" in everything and "二〇二六年的安排" in everything
    api = client.get("/api/v1/ledgers/plan-items/?year=2026").json()
    assert [r["text"] for r in api["results"]] == ["二〇二六年的安排"]
    assert "/l/plan-items/nil/" not in client.get("/l/nil-returns/?year=2025").content.decode()
    response = client.post("/l/plan-items/nil/", {"year": "2025", "month": "1"})
    assert response.status_code == 403
    assert not NilReturn.objects.filter(ledger="plan-items").exists()


def test_it_computes_closure_and_completion_rates(world):
    finding(world.town_a, status="closed", closed_on=dt.date(YEAR, 5, 1), evidence="已评查")
    finding(world.town_a, status="in_progress", due_on=dt.date(YEAR, 4, 1))
    finding(world.town_a, status="overdue")
    finding(world.town_b, status="closed", closed_on=dt.date(YEAR, 5, 1), evidence="已评查")
    finding(world.town_a, found_on=dt.date(YEAR - 1, 3, 1), due_on=dt.date(YEAR - 1, 4, 1))
    plan(world.town_a, status="done", outcome="完成")
    plan(world.town_a, status="in_progress")
    plan(world.town_a, year=YEAR + 1)

    closure = compute("rectification.finding_closure_rate", world.town_a, YEAR)
    assert (closure.numerator, closure.denominator) == (1, 3)
    assert compute("rectification.findings_overdue", world.town_a, YEAR).value == 2
    completion = compute("rectification.plan_item_completion_rate", world.town_a, YEAR)
    assert (completion.numerator, completion.denominator) == (1, 2)
    county = compute("rectification.finding_closure_rate", world.county, YEAR)
    assert (county.numerator, county.denominator) == (2, 4)


def test_it_lists_open_findings_and_plan_items_with_due_dates(world):
    today = dt.date(YEAR, 6, 1)
    late = finding(world.town_a, due_on=dt.date(YEAR, 5, 20))
    soon = finding(world.town_a, due_on=dt.date(YEAR, 6, 11))
    finding(world.town_a, status="closed", closed_on=dt.date(YEAR, 5, 1), evidence="已评查")
    finding(world.town_b)
    due = rules.open_findings_due([world.town_a.pk], today)
    assert [(f, d) for f, d, _ in due] == [(late, late.due_on), (soon, soon.due_on)]
    assert "已逾期12天" in due[0][2] and "还有10天" in due[1][2]

    open_item = plan(world.town_a)
    plan(world.town_a, status="done", outcome="完成")
    leftover = plan(world.town_a, year=YEAR - 1)
    items = rules.plan_items_due([world.town_a.pk], today)
    assert [(i, d) for i, d, _ in items] == [
        (leftover, dt.date(YEAR - 1, 12, 31)),
        (open_item, dt.date(YEAR, 12, 31)),
    ]
    assert "年度报告须说明" in items[0][2]


@pytest.mark.parametrize("code", ["findings", "plan-items"])
def test_it_hides_town_a_records_from_town_b(client, world, code):
    obj = {
        "findings": lambda: finding(world.town_a, description="甲镇专属问题"),
        "plan-items": lambda: plan(world.town_a, text="甲镇专属问题"),
    }[code]()
    client.force_login(world.clerk_b)
    assert client.get(f"/l/{code}/{obj.pk}/").status_code == 404
    assert client.get(f"/l/{code}/{obj.pk}/edit/").status_code == 404
    assert "甲镇专属问题" not in client.get(f"/l/{code}/?year={YEAR}").content.decode()


@pytest.mark.parametrize("code", ["findings", "plan-items"])
def test_it_offers_the_excel_template(client, world, code):
    client.force_login(world.clerk_a)
    response = client.get(f"/l/{code}/template.xlsx")
    assert response.status_code == 200
    assert b"".join(response.streaming_content if response.streaming else [response.content])[:2] == b"PK"
