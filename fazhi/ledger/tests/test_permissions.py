"""The permission matrix (design.md §1): every registered ledger, every page and API route, as
users of two townships, the county and the administrator roles. Ledgers that areas add later
are walked automatically. Sensitive ledgers (community correction) are written by the 司法所
(reviewer) and hidden from the clerk and the county."""

import io
import time

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from fazhi.conftest import make_user
from fazhi.ledger import registry
from fazhi.ledger.tests.factories import make_record

pytestmark = pytest.mark.django_db

CODES = [lg.code for lg in registry.all_ledgers()]
OPEN_CODES = [lg.code for lg in registry.all_ledgers() if not lg.sensitive]
SENSITIVE_CODES = [lg.code for lg in registry.all_ledgers() if lg.sensitive]


def writer(world, ledger, town: str):
    """Who works on a ledger in township a or b: the clerk, or for a sensitive ledger the 司法所."""
    if not ledger.sensitive:
        return world.clerk_a if town == "a" else world.clerk_b
    if town == "a":
        return world.reviewer_a
    return make_user("reviewer_b", world.town_b, "reviewer")


def login(client, user):
    """Logged in and just re-authenticated (a sensitive ledger's export asks for the password)."""
    client.force_login(user)
    session = client.session
    session["sudo_until"] = time.time() + 600
    session.save()


@pytest.fixture
def records(world, request):
    """One record of the ledger for each township (the ledger code is the test's parameter)."""
    ledger = registry.get(request.node.callspec.params["code"])
    mine = make_record(ledger.model, world.town_a, world.clerk_a, validate=False)
    theirs = make_record(ledger.model, world.town_b, world.clerk_b, validate=False)
    return ledger, mine, theirs


def pages(code, pk):
    return {
        "detail": reverse("ledger:detail", args=[code, pk]),
        "edit": reverse("ledger:edit", args=[code, pk]),
        "delete": reverse("ledger:delete", args=[code, pk]),
    }


def api(code, pk=None):
    return f"/api/v1/ledgers/{code}/" + (str(pk) if pk else "")


def listed_ids(client, code) -> set[int]:
    response = client.get(api(code) + "?year=all&page_size=200")
    assert response.status_code == 200
    return {r["id"] for r in response.json()["results"]}


def exported_ids(client, code) -> set:
    response = client.get(reverse("ledger:export", args=[code]) + "?year=all")
    assert response.status_code == 200
    ws = load_workbook(io.BytesIO(b"".join(response.streaming_content))).worksheets[0]
    return {row[0] for row in ws.iter_rows(min_row=2, values_only=True)}


def in_list_page(client, code, pk) -> bool:
    response = client.get(reverse("ledger:list", args=[code]) + "?year=all")
    assert response.status_code == 200
    return f'href="{reverse("ledger:detail", args=[code, pk])}"' in response.content.decode()


@pytest.mark.parametrize("code", CODES)
def test_it_lets_the_clerk_work_on_own_records(client, world, records, code):
    ledger, mine, theirs = records
    login(client, writer(world, ledger, "a"))
    assert in_list_page(client, code, mine.pk)
    for name, url in pages(code, mine.pk).items():
        assert client.get(url).status_code == 200, name
    assert listed_ids(client, code) == {mine.pk}
    assert client.get(api(code, mine.pk)).status_code == 200
    assert exported_ids(client, code) == {mine.pk}
    for url in (reverse("ledger:import", args=[code]), reverse("ledger:template", args=[code])):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("code", CODES)
def test_it_hides_one_townships_records_from_the_other(client, world, records, code):
    ledger, mine, theirs = records
    login(client, writer(world, ledger, "b"))
    assert not in_list_page(client, code, mine.pk)
    assert in_list_page(client, code, theirs.pk)
    for name, url in pages(code, mine.pk).items():
        assert client.get(url).status_code == 404, name
        assert client.post(url, {"reason": "越权删除"}).status_code == 404, name
    assert mine.pk not in exported_ids(client, code)
    assert listed_ids(client, code) == {theirs.pk}
    assert client.get(api(code, mine.pk)).status_code == 404
    assert client.patch(api(code, mine.pk), {}, content_type="application/json").status_code == 404
    assert client.delete(api(code, mine.pk) + "?reason=越权删除").status_code == 404
    assert ledger.model.objects.filter(pk=mine.pk).exists()
    assert mine.history.count() == 1


@pytest.mark.parametrize("code", SENSITIVE_CODES)
@pytest.mark.parametrize("persona", ["clerk_a", "county_user", "clerk_b"])
def test_it_hides_sensitive_ledgers_from_the_clerk_and_the_county(client, world, records, code, persona):
    ledger, mine, theirs = records
    login(client, getattr(world, persona))
    assert client.get(reverse("ledger:list", args=[code])).status_code == 403
    assert client.get(reverse("ledger:export", args=[code])).status_code == 403
    assert client.get(api(code)).status_code == 403
    for record in (mine, theirs):
        for name, url in pages(code, record.pk).items():
            assert client.get(url).status_code in (403, 404), name
        assert client.get(api(code, record.pk)).status_code == 404
    assert reverse("ledger:list", args=[code]) not in client.get(reverse("ledger:index")).content.decode()
    assert ledger.title not in client.get(reverse("ledger:nil_returns")).content.decode()


@pytest.mark.parametrize("code", OPEN_CODES)
def test_it_lets_the_county_read_every_township_and_write_none(client, world, records, code):
    ledger, mine, theirs = records
    client.force_login(world.county_user)
    assert in_list_page(client, code, mine.pk) and in_list_page(client, code, theirs.pk)
    assert listed_ids(client, code) == {mine.pk, theirs.pk}
    assert exported_ids(client, code) == {mine.pk, theirs.pk}
    for record in (mine, theirs):
        assert client.get(reverse("ledger:detail", args=[code, record.pk])).status_code == 200
        assert client.get(api(code, record.pk)).status_code == 200
        for name in ("edit", "delete"):
            url = pages(code, record.pk)[name]
            assert client.get(url).status_code in (403, 404), name
            assert client.post(url, {"reason": "县里删除"}).status_code in (403, 404), name
        assert client.patch(api(code, record.pk), {}, content_type="application/json").status_code in (
            403,
            404,
        )
        assert client.delete(api(code, record.pk) + "?reason=县里删除").status_code in (403, 404)
    assert client.get(reverse("ledger:create", args=[code])).status_code == 403
    assert client.post(reverse("ledger:create", args=[code]), {}).status_code == 403
    assert client.get(reverse("ledger:import", args=[code])).status_code == 403
    assert client.post(api(code), {}, content_type="application/json").status_code == 403
    assert ledger.model.objects.count() == 2


@pytest.mark.parametrize("code", CODES)
@pytest.mark.parametrize("role", ["sysadmin", "secadmin", "auditadmin"])
def test_it_shows_no_ledger_data_to_administrators(client, world, records, code, role):
    ledger, mine, theirs = records
    client.force_login(getattr(world, role))
    assert client.get(reverse("ledger:list", args=[code])).status_code == 403
    assert client.get(reverse("ledger:export", args=[code])).status_code == 403
    assert client.get(api(code)).status_code == 403
    for record in (mine, theirs):
        for name, url in pages(code, record.pk).items():
            assert client.get(url).status_code in (403, 404), name
        assert client.get(api(code, record.pk)).status_code == 404
    assert client.post(api(code), {}, content_type="application/json").status_code == 403


def test_it_walks_every_registered_ledger():
    assert {"disputes", "screenings", "mediation-orgs", "mediators", "grid-workers"} <= set(CODES)
