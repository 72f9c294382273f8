"""Home pages: a township sees its own figures, the county sees the townships side by side."""

import pytest

from fazhi.ledger.tests.factories import make_dispute
from fazhi.ledger.tests.test_tables import rows_of, workbook

pytestmark = pytest.mark.django_db


@pytest.fixture
def disputes(world):
    for n in range(3):
        make_dispute(world, applicant=f"甲{n}", amount=100)
    for n in range(5):
        make_dispute(world, org=world.town_b, applicant=f"乙{n}", amount=1000)


def test_it_shows_a_township_its_own_figures_only(client, world, disputes):
    client.force_login(world.clerk_a)
    response = client.get("/")
    assert response.status_code == 200
    figures = {ind.code: fig.value for _, _, _, figs in response.context["cards"] for ind, fig in figs}
    assert figures["mediation.disputes"] == 3
    assert figures["mediation.amount"] == 300
    page = response.content.decode()
    assert "甲镇" in page and "乙乡" not in page


def test_it_shows_the_county_both_townships_side_by_side(client, world, disputes):
    client.force_login(world.county_user)
    response = client.get("/")
    assert response.status_code == 200
    assert [r.org.name for r in response.context["rows"]] == ["甲镇", "乙乡"]
    page = response.content.decode()
    assert "甲镇" in page and "乙乡" in page
    # Every figure of the county, township by township, is in the Excel export of the home page.
    header, *rows = rows_of(workbook(client.get("/?format=xlsx")))
    assert header[3:] == ["甲镇", "乙乡", "全县"]
    by_name = {r[1]: r[3:] for r in rows}
    assert by_name["受理矛盾纠纷"] == [3, 5, 8]
    assert by_name["涉及金额"][2] == 5300


def test_it_shows_administrators_no_figures(client, world, disputes):
    client.force_login(world.sysadmin)
    response = client.get("/")
    assert response.status_code == 200
    assert not response.context.get("cards") and not response.context.get("table")
    assert not response.context.get("gaps")
