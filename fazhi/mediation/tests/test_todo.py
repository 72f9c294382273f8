"""Mediation obligations on the to-do list: disputes open beyond a month, confirmation windows."""

import datetime as dt

from django.utils import timezone

from fazhi.mediation.models import Dispute


def _dispute(world, **kw):
    values = {
        "org": world.town_a,
        "registered_on": timezone.localdate(),
        "kind": "neighbour",
        "village": world.village_a,
        "applicant": "张三",
        "summary": "边界争执",
    }
    values.update(kw)
    return Dispute.objects.create(**values)


def test_it_lists_a_dispute_open_for_over_a_month_as_late(client, world):
    late = _dispute(world, registered_on=timezone.localdate() - dt.timedelta(days=45), status="mediating")
    _dispute(
        world,
        registered_on=timezone.localdate() - dt.timedelta(days=45),
        status="succeeded",
        closed_on=timezone.localdate(),
        agreement="oral",
    )
    client.force_login(world.clerk_a)
    page = client.get("/l/todo/").content.decode()
    assert f"/l/disputes/{late.pk}/" in page
    assert "已逾期" in page and "第三十三条" in page
    items = client.get("/api/v1/todo").json()
    assert [(i["record"]["id"], i["state"], i["kind"], i["org"]) for i in items] == [
        (late.pk, "late", "mediation.overdue", "TCA")
    ]


def test_it_shows_the_confirmation_window_of_a_written_agreement(client, world):
    effective = timezone.localdate() - dt.timedelta(days=25)
    d = _dispute(
        world,
        registered_on=effective - dt.timedelta(days=3),
        status="succeeded",
        closed_on=effective,
        agreement="written",
        agreement_signed_sealed=True,
        agreement_effective_on=effective,
    )
    client.force_login(world.clerk_a)
    items = client.get("/api/v1/todo?days=10").json()
    assert items == [
        {
            "kind": "mediation.confirmation",
            "org": "TCA",
            "record": {"ledger": "disputes", "id": d.pk},
            "due": (effective + dt.timedelta(days=30)).isoformat(),
            "state": "window",
            "label": f"可申请至{effective + dt.timedelta(days=30):%Y-%m-%d}",
            "reason": items[0]["reason"],
            "url": f"/l/disputes/{d.pk}/",
        }
    ]
    assert "人民调解法第三十三条" in items[0]["reason"]


def test_it_never_shows_an_optional_confirmation_window_as_late(client, world):
    today = timezone.localdate()
    common = {
        "status": "succeeded",
        "agreement": "written",
        "agreement_signed_sealed": True,
    }
    open_window = _dispute(
        world,
        registered_on=today - dt.timedelta(days=30),
        closed_on=today - dt.timedelta(days=28),
        agreement_effective_on=today - dt.timedelta(days=28),
        **common,
    )
    _dispute(  # the window closed ten days ago: nothing is owed, nothing is listed
        world,
        registered_on=today - dt.timedelta(days=45),
        closed_on=today - dt.timedelta(days=40),
        agreement_effective_on=today - dt.timedelta(days=40),
        **common,
    )
    client.force_login(world.clerk_a)
    page = client.get("/l/todo/?days=10").content.decode()
    closes = (open_window.agreement_effective_on + dt.timedelta(days=30)).strftime("%Y-%m-%d")
    assert f"可申请至{closes}" in page and "已逾期 0 项" in page
    assert 'data-state="late"' not in page
    items = client.get("/api/v1/todo").json()
    assert [(i["record"]["id"], i["state"]) for i in items] == [(open_window.pk, "window")]
    client.force_login(world.county_user)
    home = client.get("/").content.decode()
    assert '甲镇：<strong class="text-danger">1</strong>' not in home


def test_it_keeps_items_due_after_the_horizon_off_the_list(client, world):
    today = timezone.localdate()
    soon = _dispute(world, registered_on=today - dt.timedelta(days=25), status="mediating")
    later = _dispute(world, registered_on=today - dt.timedelta(days=2), status="mediating")
    client.force_login(world.clerk_a)
    page = client.get("/l/todo/?days=10").content.decode()
    assert f"/l/disputes/{soon.pk}/" in page and f"/l/disputes/{later.pk}/" not in page
    ids = [i["record"]["id"] for i in client.get("/api/v1/todo?days=10").json()]
    assert ids == [soon.pk]


def test_it_keeps_other_townships_off_the_list_and_counts_late_items_for_the_county(client, world):
    _dispute(world, registered_on=timezone.localdate() - dt.timedelta(days=60))
    client.force_login(world.clerk_b)
    assert client.get("/api/v1/todo").json() == []
    client.force_login(world.county_user)
    assert len(client.get("/api/v1/todo").json()) == 1
    response = client.get("/")
    assert {r.org.name: r.late for r in response.context["rows"]} == {"甲镇": 1, "乙乡": 0}
    assert 'id="summary-late"' in response.content.decode()
