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
            "state": "due",
            "reason": items[0]["reason"],
            "url": f"/l/disputes/{d.pk}/",
        }
    ]
    assert "人民调解法第三十三条" in items[0]["reason"]


def test_it_keeps_other_townships_off_the_list_and_counts_late_items_for_the_county(client, world):
    _dispute(world, registered_on=timezone.localdate() - dt.timedelta(days=60))
    client.force_login(world.clerk_b)
    assert client.get("/api/v1/todo").json() == []
    client.force_login(world.county_user)
    assert len(client.get("/api/v1/todo").json()) == 1
    page = client.get("/").content.decode()
    assert 'id="late-by-township"' in page and '甲镇：<strong class="text-danger">1</strong>' in page
