"""The county's figures cost the same number of queries for 3 townships as for 30: every figure is
one grouped query for all townships (the on-time rates read stored due dates), never a query or a
rule applied per township or per record. The same holds for the county home page (its key figures,
late counts, months not filled and report states).

Each count is taken warm (the request after one, the figures' grouped rows cached per township:
`figcache`) and cold (the cache cleared before the request: every township's grouped queries run);
both are pinned equal for 3 and 30 townships."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from fazhi.conftest import client_for
from fazhi.ledger.tests.factories import make_dispute, make_record
from fazhi.orgs.models import Level, OrgUnit
from fazhi.petitions.models import Petition

YEAR = 2025


def _township(world, n: int) -> OrgUnit:
    town = OrgUnit.objects.create(
        code=f"TCX{n:02d}", name=f"测试{n}镇", level=Level.TOWNSHIP, parent=world.county
    )
    OrgUnit.objects.create(code=f"TCX{n:02d}01", name=f"测试{n}村", level=Level.VILLAGE, parent=town)
    return town


def _records(world, town: OrgUnit, n: int) -> None:
    village = town.children.first()
    for k in range(2):
        make_dispute(world, org=town, village=village, registered_on=dt.date(YEAR, 3, 1 + k + n % 20))
        make_record(
            Petition,
            town,
            world.clerk_a,
            validate=False,
            number=f"测信{n}-{k}",
            received_on=dt.date(YEAR, 4, 1 + k),
            notified_on=dt.date(YEAR, 4, 10 + 10 * k),
            channel="visit",
            petitioner="张三",
            village=village,
            subject="反映道路积水",
            category="other",
            nature="suggestion",
            step="notified",
        )


def _count(client, url: str, cold: bool) -> int:
    # Steady state: the first request after townships were added refills per-process caches.
    client.get(url)
    if cold:
        cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    "url",
    [f"/api/v1/indicators?org=TC&year={YEAR}", f"/supervision/compare/?year={YEAR}", f"/?year={YEAR}"],
    ids=["api", "compare", "county home"],
)
@pytest.mark.parametrize("cold", [False, True], ids=["warm", "cold"])
def test_it_computes_county_figures_in_the_same_queries_for_3_and_30_townships(client, world, url, cold):
    for n, town in enumerate([world.town_a, world.town_b, _township(world, 3)]):
        _records(world, town, n)
    c = client_for(client, world.county_user)
    three = _count(c, url, cold)
    for n in range(4, 31):
        _records(world, _township(world, n), n)
    thirty = _count(c, url, cold)
    assert thirty == three


def test_the_county_api_warm_runs_none_of_the_cached_grouped_queries(client, world):
    for n, town in enumerate([world.town_a, world.town_b, _township(world, 3)]):
        _records(world, town, n)
    c = client_for(client, world.county_user)
    url = f"/api/v1/indicators?org=TC&year={YEAR}"
    cold, warm = _count(c, url, True), _count(c, url, False)
    # The disputes' and the petitions' shared queries among others: at least 20 fewer.
    assert warm <= cold - 20, (warm, cold)
