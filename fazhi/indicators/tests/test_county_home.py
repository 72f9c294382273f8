"""The county home: per township what a county supervisor acts on (late items, months not filled,
the annual report, the assessed figures), every number linked to what lies behind it, and every
figure of every township in the Excel export."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from fazhi.indicators import registry
from fazhi.ledger.tests.factories import make_dispute
from fazhi.ledger.tests.test_tables import late_dispute
from fazhi.reports import workflow
from fazhi.reports.models import Report

pytestmark = pytest.mark.django_db


def _report(town, year, state, version=1):
    return Report.objects.create(
        org=town,
        year=year,
        version=version,
        state=state,
        title=f"{town.name}报告",
        issuer=town.name,
        doc_number="",
        printer=town.name,
    )


def test_it_shows_each_township_its_late_items_unfilled_months_and_report(client, world):
    today = timezone.localdate()
    late_dispute(world, org=world.town_b)
    last_year = today.year - 1
    make_dispute(world, registered_on=dt.date(last_year, 1, 5))
    # The submitted version is the current one, even beside a later draft of a correction.
    _report(world.town_b, last_year, Report.State.SUBMITTED, version=1)
    _report(world.town_b, last_year, Report.State.DRAFT, version=2)
    client.force_login(world.county_user)
    response = client.get(f"/?year={last_year}")
    assert [t.name for t in response.templates][0] == "home/county.html"
    rows = {r.org.name: r for r in response.context["rows"]}
    assert rows["乙乡"].late == 1
    assert (
        sum(r.late for r in rows.values())
        == response.context["todo_late"]
        == client.get("/l/todo/").context["late"]
    )
    # A dispute in January only: the other eleven months of the year are not filled (nor 本月无).
    disputes = rows["甲镇"].blank_html.split("矛盾纠纷</a>：")[1].split("</li>")[0]
    assert disputes.split("、") == [f"{m}月" for m in range(2, 13)]
    assert rows["乙乡"].report[0] == "已报送县委县政府"
    overdue = workflow.due_dates(last_year)["submit"] < today
    assert rows["甲镇"].report == (
        ("未报送（已过期限）", "text-danger") if overdue else ("未起草", "text-secondary")
    )
    assert response.context["reports_in"] == 1
    page = response.content.decode()
    assert f'id="gaps-{world.town_a.code}"' in page


def test_it_links_every_key_figure_to_its_records_and_marks_those_below_target(client, world):
    year = timezone.localdate().year
    client.force_login(world.county_user)
    response = client.get(f"/?year={year}")
    key = response.context["key"]
    assert key == registry.headline(key, len(key)) and 0 < len(key) <= 6
    page = response.content.decode()
    for ind in key:
        url = reverse("indicators:drilldown", args=[ind.code])
        for org in (world.town_a, world.town_b, world.county):
            assert f'href="{url}?org={org.code}&amp;year={year}"' in page, (ind.code, org.code)
    # A count held to a target per township (no record: 0 < target) is marked on each township,
    # not on the county's sum.
    counted = [n for n, i in enumerate(key) if i.target is not None and not i.is_rate]
    assert counted, "a key figure is a count with a target"
    n = counted[0]
    assert all(r.figures[n].below for r in response.context["rows"])
    assert not response.context["totals"][n].below
    assert 'class="text-end cell-below"' in page
