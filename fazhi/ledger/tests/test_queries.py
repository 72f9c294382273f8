"""Pinned query counts: the list page and the API list cost the same with 5 and 60 records."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from fazhi.ledger.tests.factories import make_dispute, make_mediator

pytestmark = pytest.mark.django_db

LIST_PAGE_QUERIES = 10  # the API's eight, the village filter choices, the bell's unread count
API_LIST_QUERIES = 8  # session, user, 2 × permissions, org, count, page, dictionary entries


def count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def fill(world, n):
    mediator = make_mediator(world)
    for i in range(n):
        make_dispute(world, applicant=f"当事人{i}", mediator=mediator if i % 2 else None)


@pytest.mark.parametrize("n", [5, 60])
def test_it_lists_disputes_in_a_fixed_number_of_queries(client, world, n):
    fill(world, n)
    client.force_login(world.clerk_a)
    client.get("/l/disputes/")  # session and permission caches settle on the first request
    assert count(client, "/l/disputes/") == LIST_PAGE_QUERIES
    assert count(client, "/l/disputes/?kind=neighbour&sort=-amount&page=2") == LIST_PAGE_QUERIES


@pytest.mark.parametrize("n", [5, 60])
def test_it_serves_the_api_list_in_a_fixed_number_of_queries(client, world, n):
    fill(world, n)
    client.force_login(world.clerk_a)
    client.get("/api/v1/ledgers/disputes/")
    assert count(client, "/api/v1/ledgers/disputes/?page_size=100") == API_LIST_QUERIES


@pytest.mark.parametrize("n", [5, 60])
def test_it_shows_the_county_list_in_a_fixed_number_of_queries(client, world, n):
    fill(world, n)
    make_dispute(world, org=world.town_b)
    client.force_login(world.county_user)
    client.get("/l/disputes/")
    assert count(client, "/l/disputes/") == LIST_PAGE_QUERIES + 1
