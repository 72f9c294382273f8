import datetime as dt

from fazhi.ledger import registry
from fazhi.supervision.models import Inspection


def _finding_model():
    return registry.get("findings").model


def _post(client, world, due_a, due_b):
    return client.post(
        "/supervision/inspections/",
        {
            "title": "2025年第一季度法治督察",
            "held_on": "2025-03-10",
            "team": "县司法局 王组长、李成员",
            "scope": "行政执法案卷、合法性审核",
            "rows": "5",
            "f-0-org": "TCA",
            "f-0-description": "执法案卷缺少送达回证",
            "f-0-requirement": "补齐送达回证并开展案卷自查",
            "f-0-due_on": due_a,
            "f-1-org": "TCB",
            "f-1-description": "村级合同未经合法性审核",
            "f-1-requirement": "建立村级合同报审制度",
            "f-1-due_on": due_b,
        },
    )


def test_it_puts_each_finding_in_the_townships_findings_ledger_and_to_do(client, world):
    client.force_login(world.county_user)
    response = _post(client, world, "2025-04-30", "2099-06-30")
    inspection = Inspection.objects.get()
    assert (
        response.status_code == 302 and response["Location"] == f"/supervision/inspections/{inspection.pk}/"
    )
    a = _finding_model().objects.get(org=world.town_a)
    assert (a.source, a.due_on, a.status) == ("inspection", dt.date(2025, 4, 30), "pending")
    assert "执法案卷缺少送达回证" in a.description and a.measure == "补齐送达回证并开展案卷自查"
    client.force_login(world.clerk_a)
    assert "执法案卷缺少送达回证" in client.get("/l/findings/?year=2025").content.decode()
    todo = client.get("/l/todo/?days=5").content.decode()
    assert "执法案卷缺少送达回证" in todo and "已逾期" in todo
    assert "村级合同未经合法性审核" not in client.get("/l/findings/?year=2025").content.decode()


def test_it_shows_the_county_closure_and_late_findings(client, world):
    client.force_login(world.county_user)
    _post(client, world, "2025-04-30", "2099-06-30")
    inspection = Inspection.objects.get()
    b = _finding_model().objects.get(org=world.town_b)
    b.status, b.closed_on, b.evidence = "closed", dt.date(2025, 3, 20), "已建立报审制度"
    b.save()
    page = client.get(f"/supervision/inspections/{inspection.pk}/").content.decode()
    assert "已整改 1 条" in page and "逾期未整改 1 条" in page
    listing = client.get("/supervision/inspections/").content.decode()
    assert (
        'id="late-findings"' in listing and "执法案卷缺少送达回证" in listing.split('id="late-findings"')[1]
    )


def test_it_shows_a_township_only_its_own_findings(client, world):
    client.force_login(world.county_user)
    _post(client, world, "2025-04-30", "2099-06-30")
    inspection = Inspection.objects.get()
    client.force_login(world.clerk_b)
    page = client.get(f"/supervision/inspections/{inspection.pk}/").content.decode()
    assert "村级合同未经合法性审核" in page and "执法案卷缺少送达回证" not in page
    assert client.post("/supervision/inspections/", {"title": "x"}).status_code == 200
    assert Inspection.objects.count() == 1
    assert client.post(f"/supervision/inspections/{inspection.pk}/", {"rows": "0"}).status_code == 403


def test_it_refuses_a_due_date_before_the_inspection_naming_the_row(client, world):
    client.force_login(world.county_user)
    response = _post(client, world, "2025-03-01", "2025-06-30")
    assert "第1条问题（甲镇）：整改时限不能早于督察日期（2025-03-10）" in response.content.decode()
    assert not Inspection.objects.exists() and not _finding_model().objects.exists()
