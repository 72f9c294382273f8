"""The stored due dates behind the to-do list and the late counts (ledger.OpenDeadline): written
by every save and transition, recomputed when the calendar or a period changes, read by the
to-do list and the home pages in a constant number of queries."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from fazhi.conftest import make_user
from fazhi.ledger import registry, todo
from fazhi.ledger.models import OpenDeadline, ProcedureSetting
from fazhi.ledger.procedures import transition
from fazhi.legality.models import ReviewRequest
from fazhi.mediation.models import Dispute
from fazhi.orgs.models import Level, OrgUnit
from fazhi.petitions.models import Petition
from fazhi.workdays.models import DayOverride

pytestmark = pytest.mark.django_db

D = dt.date


def stored(record) -> list[tuple[str, dt.date]]:
    return sorted(
        OpenDeadline.objects.filter(
            record_id=record.pk, ledger=registry.for_model(type(record)).code
        ).values_list("kind", "due")
    )


def petition(org, **kw) -> Petition:
    values = {"org": org, "received_on": D(2025, 3, 3), "petitioner": "王某", "subject": "反映村道损坏"}
    values.update(kw)
    return Petition.objects.create(**values)


def dispute(org, village, **kw) -> Dispute:
    values = {
        "org": org,
        "registered_on": timezone.localdate() - dt.timedelta(days=45),
        "kind": "neighbour",
        "village": village,
        "applicant": "张三",
        "summary": "边界争执",
        "status": "mediating",
    }
    values.update(kw)
    return Dispute.objects.create(**values)


def test_it_stores_the_due_dates_of_a_new_record_and_moves_them_with_each_transition(world):
    p = petition(world.town_a)
    # 15 days from 03-03 for the written notice (信访工作条例第二十三条).
    assert stored(p) == [("petitions.notice", D(2025, 3, 18))]
    transition(
        registry.get("petitions"),
        p,
        "notified",
        world.clerk_a,
        data={"notified_on": "2025-03-05", "route": "handle"},
    )
    # Notified: the notice is done, the 60-day conclusion counts from the notice.
    assert stored(p) == [("petitions.conclusion", D(2025, 5, 6))]
    p.delete()
    assert stored(p) == []


def test_it_moves_a_stored_date_when_a_form_changes_the_field_it_depends_on(client, world):
    d = dispute(world.town_a, world.village_a, status="succeeded", agreement="written")
    d.closed_on = d.registered_on
    d.agreement_signed_sealed = True
    d.agreement_effective_on = D(2025, 6, 1)
    d.save()
    assert stored(d) == [("mediation.confirmation", D(2025, 7, 1))]
    [row] = OpenDeadline.objects.filter(record_id=d.pk, ledger="disputes")
    assert row.optional and row.shown_until == D(2025, 7, 1) and row.org_id == world.town_a.pk


def test_it_recomputes_the_stored_dates_after_a_holiday_override(world, django_capture_on_commit_callbacks):
    # A review of 15 working days from Friday 2031-01-03 (a year no package knows: provisional).
    r = ReviewRequest.objects.create(
        org=world.town_a, title="租赁协议", kind="contract", department="党政办", submitted_on=D(2031, 1, 3)
    )
    [row] = OpenDeadline.objects.filter(record_id=r.pk, ledger="legality-reviews")
    assert (row.due, row.provisional) == (D(2031, 1, 24), True)
    with django_capture_on_commit_callbacks(execute=True):
        DayOverride.objects.create(date=D(2031, 1, 6), is_workday=False, name="测试假日")
    row = OpenDeadline.objects.get(record_id=r.pk, ledger="legality-reviews")
    # One working day less in the period; the year is now known, so the date is not provisional.
    assert (row.due, row.provisional) == (D(2031, 1, 27), False)


def test_it_recomputes_the_stored_dates_after_a_period_setting_changes(
    world, django_capture_on_commit_callbacks
):
    r = ReviewRequest.objects.create(
        org=world.town_a, title="租赁协议", kind="contract", department="党政办", submitted_on=D(2025, 3, 3)
    )
    assert stored(r) == [("legality.review", D(2025, 3, 24))]
    with django_capture_on_commit_callbacks(execute=True):
        ProcedureSetting.objects.create(key="legality.review_max", days=5)
    assert stored(r) == [("legality.review", D(2025, 3, 10))]
    with django_capture_on_commit_callbacks(execute=True):
        ProcedureSetting.objects.filter(key="legality.review_max").delete()
        ProcedureSetting.objects.all().delete()
    assert stored(r) == [("legality.review", D(2025, 3, 24))]


@pytest.mark.parametrize("bind_limit", [todo.BIND_LIMIT, 1])
def test_it_lists_the_same_items_as_scanning_every_record(world, monkeypatch, bind_limit):
    # With a limit of 1 every ledger's listed records are given to its providers as a subquery
    # (as for a large county's list) instead of by primary key.
    monkeypatch.setattr(todo, "BIND_LIMIT", bind_limit)
    today = timezone.localdate()
    for n in range(3):
        dispute(world.town_a, world.village_a, registered_on=today - dt.timedelta(days=20 + 10 * n))
        petition(world.town_a, received_on=today - dt.timedelta(days=5 * n))
    ReviewRequest.objects.create(
        org=world.town_a,
        title="协议",
        kind="contract",
        department="党政办",
        submitted_on=today - dt.timedelta(days=3),
    )
    for days in (0, 10, 60):
        fast = [
            (t.kind, t.record.pk, t.due, t.reason, t.beyond_horizon)
            for t in todo.items(world.clerk_a, [world.town_a.pk], today, days)
        ]
        slow = [
            (t.kind, t.record.pk, t.due, t.reason, t.beyond_horizon)
            for t in todo.scan(world.clerk_a, [world.town_a.pk], today, days)
        ]
        assert fast == slow
    assert fast  # the comparison is not between two empty lists


def test_it_counts_late_items_per_township_as_the_list_does(world):
    today = timezone.localdate()
    dispute(world.town_a, world.village_a)
    dispute(world.town_a, world.village_a, registered_on=today)  # due in a month: not listed
    dispute(world.town_b, world.village_b)
    petition(world.town_b, received_on=today - dt.timedelta(days=3))  # due, not late
    ids = [world.town_a.pk, world.town_b.pk]
    counts = todo.summary(world.county_user, ids, today)
    listed = todo.items(world.county_user, ids, today)
    assert counts.late_by_org == {world.town_a.pk: 1, world.town_b.pk: 1}
    assert (
        (counts.total, counts.late)
        == (len(listed), sum(1 for t in listed if t.state(today) == todo.LATE))
        == (3, 2)
    )


def _county_of(n: int) -> tuple[OrgUnit, list[OrgUnit]]:
    county = OrgUnit.objects.create(code=f"Q{n}", name=f"县{n}", level=Level.COUNTY)
    towns = []
    for i in range(n):
        town = OrgUnit.objects.create(code=f"Q{n}T{i}", name=f"镇{i}", level=Level.TOWNSHIP, parent=county)
        village = OrgUnit.objects.create(code=f"Q{n}T{i}V", name=f"村{i}", level=Level.VILLAGE, parent=town)
        dispute(town, village)
        petition(town, received_on=timezone.localdate() - dt.timedelta(days=40))
        towns.append(town)
    return county, towns


def _queries(fn) -> int:
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)


def _measure(client, n: int) -> tuple[int, int, int]:
    """Queries of the county's late counts, of the county's list and of a township's to-do page."""
    county, towns = _county_of(n)
    user = make_user(f"county{n}", county, "county")
    clerk = make_user(f"clerk{n}", towns[0], "clerk")
    today = timezone.localdate()
    ids = [t.pk for t in towns]
    assert todo.summary(user, ids, today).late == 2 * n
    assert len(todo.items(user, ids, today)) == 2 * n
    client.force_login(clerk)
    assert client.get("/l/todo/").status_code == 200  # fills the session and per-process caches
    page = _queries(lambda: client.get("/l/todo/"))
    return (
        _queries(lambda: todo.summary(user, ids, today)),
        _queries(lambda: todo.items(user, ids, today)),
        page,
    )


def test_it_counts_and_lists_in_the_same_number_of_queries_for_3_and_30_townships(client, world):
    three = _measure(client, 3)
    thirty = _measure(client, 30)
    assert three == thirty
    summary, county_list, page = three
    # One grouped query over the stored dates, one for the county's open assignments (督办).
    assert summary == 2
    assert county_list <= 12 and page <= 30, three


def _listed_in_town_a(world, n: int) -> None:
    """`n` more records of three ledgers in town A, each late or due soon."""
    today = timezone.localdate()
    for k in range(n):
        dispute(world.town_a, world.village_a, registered_on=today - dt.timedelta(days=35 + k))
        petition(world.town_a, received_on=today - dt.timedelta(days=10 + k))
        ReviewRequest.objects.create(
            org=world.town_a,
            title=f"协议{k}",
            kind="contract",
            department="党政办",
            submitted_on=today - dt.timedelta(days=20 + k),
        )


def _page_and_api(client, clerk) -> tuple[int, int, int]:
    """Queries of the to-do page and of GET /api/v1/todo, and the number of items the API lists."""
    client.force_login(clerk)
    assert client.get("/l/todo/").status_code == 200  # the session and the per-process caches
    listed = client.get("/api/v1/todo").json()
    # The lower of two requests: a per-process cache (dictionaries, settings) that expires
    # mid-run costs one query once; a query per record would show in both.
    page = min(_queries(lambda: client.get("/l/todo/")) for _ in range(2))
    api = min(_queries(lambda: client.get("/api/v1/todo")) for _ in range(2))
    return page, api, len(listed)


def test_the_to_do_page_and_the_api_take_as_many_queries_for_many_records_as_for_few(client, world):
    _listed_in_town_a(world, 1)
    page_few, api_few, few = _page_and_api(client, world.clerk_a)
    _listed_in_town_a(world, 30)
    page_many, api_many, many = _page_and_api(client, world.clerk_a)
    assert (few, many) == (3, 93)
    assert (page_many, api_many) == (page_few, api_few)
    # The records of each ledger are looked up by key in one query per provider query, whatever
    # their number: no query per record (an identifier left undecrypted is never read).
    assert page_many <= 30 and api_many <= 20, (page_many, api_many)


def test_record_links_are_those_django_reverses(world):
    p = petition(world.town_a)
    [item] = todo.scan(world.clerk_a, [world.town_a.pk], D(2025, 3, 4))
    assert item.url == reverse("ledger:detail", args=["petitions", p.pk]) == f"/l/petitions/{p.pk}/"
