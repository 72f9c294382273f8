import datetime as dt

from fazhi.conftest import client_for
from fazhi.ledger.tests.factories import make_dispute

YEAR = 2025


def test_it_returns_every_figure_of_a_township(client, world):
    make_dispute(world, registered_on=dt.date(YEAR, 3, 1), status="accepted")
    c = client_for(client, world.clerk_a)
    data = c.get(f"/api/v1/indicators?org=TCA&year={YEAR}").json()
    figures = {f["code"]: f for f in data["indicators"]}
    assert figures["mediation.disputes"]["value"] == 1
    assert figures["mediation.disputes"]["name"] == "受理矛盾纠纷"
    rate = figures["mediation.resolution_rate"]
    assert rate["numerator"] == 0 and rate["denominator"] == 0 and rate["value"] is None


def test_it_answers_county_totals_to_the_county(client, world):
    make_dispute(world, registered_on=dt.date(YEAR, 3, 1))
    make_dispute(world, org=world.town_b, registered_on=dt.date(YEAR, 4, 1))
    data = client_for(client, world.county_user).get(f"/api/v1/indicators?org=TC&year={YEAR}").json()
    assert {f["code"]: f["value"] for f in data["indicators"]}["mediation.disputes"] == 2


def test_it_hides_other_townships_and_admin_roles(client, world):
    assert client_for(client, world.clerk_b).get(f"/api/v1/indicators?org=TCA&year={YEAR}").status_code == 404
    assert client_for(client, world.sysadmin).get(f"/api/v1/indicators?org=TC&year={YEAR}").status_code == 403


def test_it_lists_the_records_behind_a_figure(client, world):
    mine = make_dispute(world, registered_on=dt.date(YEAR, 3, 1))
    make_dispute(world, org=world.town_b, registered_on=dt.date(YEAR, 4, 1))
    c = client_for(client, world.clerk_a)
    data = c.get(f"/api/v1/indicators/mediation.disputes/records?org=TCA&year={YEAR}").json()
    assert [r["id"] for r in data["results"]] == [mine.pk]
    assert data["results"][0]["url"] == f"/l/disputes/{mine.pk}/"
    assert c.get(f"/api/v1/indicators/mediation.disputes/records?org=TCB&year={YEAR}").status_code == 404
    assert c.get(f"/api/v1/indicators/nope.nothing/records?year={YEAR}").status_code == 404
    villages = c.get(f"/api/v1/indicators/legal_education.villages/records?org=TCA&year={YEAR}").json()
    assert [r["str"] for r in villages["results"]] == ["甲一村"] and villages["results"][0]["url"] is None


def test_it_shows_the_drill_down_page_with_links(client, world):
    mine = make_dispute(world, registered_on=dt.date(YEAR, 3, 1))
    c = client_for(client, world.clerk_a)
    page = c.get(f"/indicators/mediation.disputes/?org=TCA&year={YEAR}").content.decode()
    assert f'href="/l/disputes/{mine.pk}/"' in page and "共 1 条记录" in page
    assert c.get(f"/indicators/mediation.disputes/?org=TCB&year={YEAR}").status_code == 404
    home = c.get(f"/?year={YEAR}").content.decode()
    assert f"/indicators/mediation.disputes/?org=TCA&year={YEAR}" in home
