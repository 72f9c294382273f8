"""Identifiers found by their full value through a blind index, never by a part, never decrypted."""

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.test import Client
from simple_history.utils import bulk_update_with_history

from fazhi.conftest import PASSWORD, client_for
from fazhi.ledger.fields import blind_index, fill_blind_indexes
from fazhi.ledger.tests.factories import id_number, make_dispute
from fazhi.mediation.models import Dispute

pytestmark = pytest.mark.django_db

LIST = "/l/disputes/?year=all"


def found(client, query: str) -> set[int]:
    html = client.get(f"{LIST}&q={query}").content.decode()
    return {d.pk for d in Dispute.objects.all() if f"/l/disputes/{d.pk}/" in html}


def test_it_finds_a_record_by_its_full_id_number(client, world):
    wanted = make_dispute(world, applicant_id_number=id_number(7), summary="甲")
    other = make_dispute(world, applicant_id_number=id_number(8), summary="乙")
    client_for(client, world.clerk_a)
    assert found(client, id_number(7)) == {wanted.pk}
    assert found(client, id_number(8)) == {other.pk}
    # As people type it: spaces, a lower-case x, full-width digits.
    spaced = " ".join([id_number(7)[:6], id_number(7)[6:14], id_number(7)[14:]])
    assert found(client, spaced) == {wanted.pk}
    assert found(client, id_number(7).translate(str.maketrans("0123456789", "０１２３４５６７８９"))) == {
        wanted.pk
    }
    # The stored value is ciphertext and a keyed hash: the number itself is nowhere in the row.
    with connection.cursor() as cursor:
        table = Dispute._meta.db_table
        cursor.execute(
            f"SELECT applicant_id_number, applicant_id_number_index FROM {table} WHERE id = %s",  # noqa: S608
            [wanted.pk],
        )
        stored, index = cursor.fetchone()
    assert id_number(7) not in stored + index
    assert index == blind_index(id_number(7))


def test_it_offers_no_partial_search_on_identifiers(client, world):
    make_dispute(world, applicant_id_number=id_number(7))
    client_for(client, world.clerk_a)
    assert found(client, id_number(7)[:10]) == set()
    assert found(client, id_number(7)[-6:]) == set()
    page = client.get(LIST).content.decode()
    assert 'placeholder="关键词或完整身份证号"' in page


def test_it_finds_nothing_in_another_township(client, world):
    make_dispute(world, applicant_id_number=id_number(7))
    client_for(client, world.clerk_b)
    assert found(client, id_number(7)) == set()


def test_it_filters_the_api_list_by_full_id_number(world):
    wanted = make_dispute(world, applicant_id_number=id_number(7))
    make_dispute(world, applicant_id_number=id_number(8))
    token = (
        Client()
        .post(
            "/api/v1/auth/token",
            {"username": "clerk_a", "password": PASSWORD},
            content_type="application/json",
        )
        .json()["token"]
    )
    api = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    body = api.get("/api/v1/ledgers/disputes/", {"year": "all", "applicant_id_number": id_number(7)}).json()
    assert [r["id"] for r in body["results"]] == [wanted.pk]
    partial = api.get("/api/v1/ledgers/disputes/", {"year": "all", "applicant_id_number": id_number(7)[:12]})
    assert partial.json()["count"] == 0
    schema = api.get("/api/v1/openapi.json").json()
    params = schema["paths"]["/api/v1/ledgers/disputes/"]["get"]["parameters"]
    assert any(p["name"] == "applicant_id_number" and "完整号码" in p["description"] for p in params)


def test_it_keeps_the_index_current_when_the_number_changes(client, world):
    dispute = make_dispute(world, applicant_id_number=id_number(7))
    dispute.applicant_id_number = id_number(9)
    dispute.save()
    client_for(client, world.clerk_a)
    assert found(client, id_number(7)) == set()
    assert found(client, id_number(9)) == {dispute.pk}
    # A bulk update (as the Excel import does) carries the index it names.
    dispute.applicant_id_number = id_number(11)
    bulk_update_with_history([dispute], Dispute, fields=["applicant_id_number", "applicant_id_number_index"])
    assert found(client, id_number(11)) == {dispute.pk}
    dispute.applicant_id_number = ""
    dispute.save()
    assert Dispute.objects.get(pk=dispute.pk).applicant_id_number_index == ""


def test_it_fills_the_index_of_rows_written_before_it_existed(client, world):
    dispute = make_dispute(world, applicant_id_number=id_number(7))
    Dispute.objects.update(applicant_id_number_index="")  # as the rows were before the migration
    client_for(client, world.clerk_a)
    assert found(client, id_number(7)) == set()
    fill_blind_indexes("mediation", "dispute")(apps, None)
    assert found(client, id_number(7)) == {dispute.pk}
    Dispute.objects.update(applicant_id_number_index="")
    call_command("reindex_identifiers", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert found(client, id_number(7)) == {dispute.pk}
