"""Obligations of several areas on one to-do list, each shown only to those who may see it."""

import datetime as dt

from django.utils import timezone

from fazhi.corrections.models import CorrectionPerson
from fazhi.rectification.models import Finding


def test_it_lists_an_overdue_finding_with_its_source(client, world):
    today = timezone.localdate()
    f = Finding.objects.create(
        org=world.town_a,
        source="inspection",
        found_on=today - dt.timedelta(days=40),
        description="执法公示不及时",
        measure="建立公示台账",
        owner="分管副镇长",
        due_on=today - dt.timedelta(days=5),
    )
    client.force_login(world.clerk_a)
    items = [i for i in client.get("/api/v1/todo").json() if i["record"]["ledger"] == "findings"]
    assert [(i["record"]["id"], i["state"]) for i in items] == [(f.pk, "late")]
    assert "逾期" in items[0]["reason"]


def test_it_shows_a_missing_report_in_to_the_justice_office_only(client, world):
    today = timezone.localdate()
    person = CorrectionPerson.objects.create(
        org=world.town_a,
        name="李四",
        kind="probation",
        crime="危险驾驶",
        judgment_effective_on=today - dt.timedelta(days=20),
        start_on=today - dt.timedelta(days=20),
        end_on=today + dt.timedelta(days=300),
        team="司法所 张三",
    )
    client.force_login(world.reviewer_a)
    items = [
        i
        for i in client.get("/api/v1/todo").json()
        if i["record"]["id"] == person.pk and i["kind"].startswith("corrections.")
    ]
    assert items and items[0]["state"] == "late" and items[0]["url"] == f"/l/correction-persons/{person.pk}/"
    for outsider in (world.clerk_a, world.county_user):
        client.force_login(outsider)
        assert not [i for i in client.get("/api/v1/todo").json() if i["kind"].startswith("corrections.")]
        assert "李四" not in client.get("/l/todo/").content.decode()
