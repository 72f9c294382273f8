"""Minors under community correction (社区矫正法第五十四条): identity kept out of lists, exports and
API lists; only the township's 司法所 opens the record; every view audited."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from fazhi.conftest import PASSWORD, make_user
from fazhi.corrections.models import CorrectionPerson
from fazhi.corrections.tests.factories import make_person
from fazhi.lib.masking import id_check_digit
from fazhi.orgs.models import AuditLog

pytestmark = pytest.mark.django_db

CODE = "correction-persons"
JUDGMENT = dt.date(2026, 3, 1)


def born(day: dt.date) -> str:
    first17 = f"110105{day:%Y%m%d}123"
    return first17 + id_check_digit(first17)


def make_minor(world, org=None, **values) -> CorrectionPerson:
    defaults = {
        "name": "钱小明",
        "id_number": born(dt.date(2008, 3, 2)),  # 17 on the judgment date
        "judgment_effective_on": JUDGMENT,
        "reported_on": JUDGMENT + dt.timedelta(days=3),
        "start_on": JUDGMENT,
        "end_on": JUDGMENT + dt.timedelta(days=365),
    }
    defaults.update(values)
    return make_person(world, org=org, **defaults)


def test_it_marks_a_person_under_18_on_the_judgment_date_as_minor(world):
    assert make_minor(world).is_minor
    # Eighteen on the very day the judgment took effect: an adult.
    assert not make_minor(world, id_number=born(dt.date(2008, 3, 1))).is_minor
    # No mainland ID number: the birth date entered instead.
    assert make_minor(world, id_number="", birth_date=dt.date(2010, 1, 1)).is_minor
    assert not make_minor(world, id_number="", birth_date=None).is_minor


def test_it_hides_a_minors_identity_in_the_list_and_the_api_list(client, world):
    minor = make_minor(world)
    adult = make_person(world)
    client.force_login(world.reviewer_a)
    listed = client.get(reverse("ledger:list", args=[CODE]) + "?year=all").content.decode()
    assert "钱小明" not in listed and "（已隐去）" in listed
    assert adult.name in listed
    api = client.get(f"/api/v1/ledgers/{CODE}/", {"year": "all"}).json()["results"]
    row = next(r for r in api if r["id"] == minor.pk)
    assert row["name"] == "（已隐去）" and row["id_number"] == "（已隐去）"
    assert row["phone"] == "（已隐去）" and row["address"] == "（已隐去）"
    assert next(r for r in api if r["id"] == adult.pk)["name"] == adult.name
    # Wherever else the person is named (leave requests, selects), the minor is not.
    assert str(minor) == f"未成年矫正对象（编号{minor.pk}）"


def test_it_never_exports_a_minors_identity_even_revealed(client, world):
    make_minor(world)
    client.force_login(world.reviewer_a)
    url = reverse("ledger:export", args=[CODE]) + "?year=all&reveal=1"
    client.post(reverse("ledger:sudo"), {"password": PASSWORD, "next": url})
    response = client.get(url)
    assert response.status_code == 200
    ws = load_workbook(io.BytesIO(b"".join(response.streaming_content))).worksheets[0]
    cells = [c for r in ws.iter_rows(values_only=True) for c in r]
    assert "钱小明" not in cells and born(dt.date(2008, 3, 2)) not in cells
    assert "（已隐去）" in cells


@pytest.mark.parametrize("persona", ["leader_a", "county_user", "clerk_a"])
def test_it_lets_only_the_townships_justice_office_open_a_minors_record(client, world, persona):
    minor = make_minor(world)
    adult = make_person(world)
    client.force_login(getattr(world, persona))
    assert client.get(reverse("ledger:detail", args=[CODE, minor.pk])).status_code == 404
    assert client.get(f"/api/v1/ledgers/{CODE}/{minor.pk}").status_code == 404
    if persona == "leader_a":  # the leader still opens an adult's record
        assert client.get(reverse("ledger:detail", args=[CODE, adult.pk])).status_code == 200


def test_it_keeps_a_minor_from_the_justice_office_of_another_township(client, world):
    minor = make_minor(world)
    reviewer_b = make_user("reviewer_b", world.town_b, "reviewer")
    client.force_login(reviewer_b)
    assert client.get(reverse("ledger:detail", args=[CODE, minor.pk])).status_code == 404


def test_it_opens_a_minors_record_to_the_justice_office_and_audits_every_view(client, world):
    minor = make_minor(world)
    client.force_login(world.reviewer_a)
    page = client.get(reverse("ledger:detail", args=[CODE, minor.pk]))
    assert page.status_code == 200
    assert client.get(f"/api/v1/ledgers/{CODE}/{minor.pk}").status_code == 200
    views = AuditLog.objects.filter(action=AuditLog.Action.VIEW_SENSITIVE, target__contains=f"#{minor.pk}")
    assert views.count() == 2
    assert all("钱小明" not in v.target for v in views)
