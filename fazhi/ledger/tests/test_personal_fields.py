"""Personal identifiers are write-only: no edit page, step page or API answer carries a decrypted
identifier; the masked value comes back as "unchanged"; typing a new one replaces it. Every
registered ledger with personal fields is walked, so ledgers added later are covered."""

import pytest
from django.urls import reverse

from fazhi.ledger import registry
from fazhi.ledger.tests.factories import id_number, make_dispute, make_record
from fazhi.lib.masking import mask

pytestmark = pytest.mark.django_db

PII_CODES = [lg.code for lg in registry.all_ledgers() if lg.pii_fields]
FULL = {"id_number": id_number(23), "phone": "13987654321", "address": "青石镇幸福路八十八号院三单元"}


def personal_values(ledger) -> dict[str, str]:
    return {
        name: FULL.get(ledger.field(name).pii, "青石镇幸福路八十八号院三单元") for name in ledger.pii_fields
    }


def author(world, ledger):
    return world.reviewer_a if ledger.sensitive else world.clerk_a


def test_it_checks_at_least_the_ledgers_known_to_hold_identifiers():
    assert {"disputes", "correction-persons", "petitions"} <= set(PII_CODES)


@pytest.mark.parametrize("code", PII_CODES)
def test_it_never_puts_a_full_identifier_into_an_edit_page_or_the_api(client, world, code):
    ledger = registry.get(code)
    values = personal_values(ledger)
    user = author(world, ledger)
    obj = make_record(ledger.model, world.town_a, user, validate=False, **values)
    client.force_login(user)
    urls = [reverse("ledger:edit", args=[code, obj.pk]), reverse("ledger:detail", args=[code, obj.pk])]
    if ledger.procedure is not None:
        urls += [
            reverse("ledger:step", args=[code, obj.pk, step.code])
            for step in ledger.procedure.steps
            if set(step.fields) & set(values)
        ]
    urls += [f"/api/v1/ledgers/{code}/{obj.pk}", f"/api/v1/ledgers/{code}/?year=all"]
    for url in urls:
        response = client.get(url)
        assert response.status_code in (200, 302, 403, 404), url
        html = response.content.decode()
        for name, value in values.items():
            assert value not in html, f"{url} shows the full {name}"
    edit = client.get(urls[0]).content.decode()
    shown = [name for name in values if name in ledger.editable_fields(obj)]
    assert any(f'value="{mask(values[n], ledger.field(n).pii)}"' in edit for n in shown) or not shown


def test_it_keeps_an_identifier_the_user_did_not_touch_and_replaces_a_typed_one(client, world):
    dispute = make_dispute(world)
    original = dispute.applicant_id_number
    client.force_login(world.clerk_a)
    url = reverse("ledger:edit", args=["disputes", dispute.pk])
    form = client.get(url).context["form"]
    data = {f.name: f.value() for f in form if f.value() is not None and f.value() is not False}
    assert data["applicant_id_number"] == mask(original, "id_number")
    data["summary"] = "宅基地边界争议（已补充）"
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    dispute.refresh_from_db()
    assert dispute.applicant_id_number == original and dispute.summary.endswith("（已补充）")
    data["applicant_id_number"] = id_number(31)
    assert client.post(url, data).status_code == 302
    dispute.refresh_from_db()
    assert dispute.applicant_id_number == id_number(31)


def test_it_treats_the_masked_value_read_from_the_api_as_unchanged(client, world):
    dispute = make_dispute(world)
    original = dispute.applicant_phone
    client.force_login(world.clerk_a)
    read = client.get(f"/api/v1/ledgers/disputes/{dispute.pk}").json()
    response = client.patch(
        f"/api/v1/ledgers/disputes/{dispute.pk}",
        {"applicant_phone": read["applicant_phone"], "summary": "改了概要", "version": read["version"]},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert original not in response.content.decode()
    dispute.refresh_from_db()
    assert dispute.applicant_phone == original and dispute.summary == "改了概要"
