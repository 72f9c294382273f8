"""Community correction records are need-to-know: the 司法所 and the township leader see them,
every look at a person's record is in the audit log, export asks for the password again."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from fazhi.conftest import PASSWORD
from fazhi.corrections.tests.factories import make_person
from fazhi.orgs.models import AuditLog

pytestmark = pytest.mark.django_db

CODE = "correction-persons"


def detail(pk):
    return reverse("ledger:detail", args=[CODE, pk])


def views_logged(person) -> int:
    return AuditLog.objects.filter(
        action=AuditLog.Action.VIEW_SENSITIVE, target__contains=person.name
    ).count()


@pytest.mark.parametrize("persona", ["clerk_a", "county_user", "clerk_b"])
def test_it_hides_a_correction_record_from_the_clerk_the_county_and_an_outsider(client, world, persona):
    person = make_person(world)
    client.force_login(getattr(world, persona))
    assert client.get(reverse("ledger:list", args=[CODE])).status_code == 403
    assert client.get(detail(person.pk)).status_code == 404
    assert client.get(f"/api/v1/ledgers/{CODE}/").status_code == 403
    assert client.get(f"/api/v1/ledgers/{CODE}/{person.pk}").status_code == 404
    assert client.get(reverse("ledger:export", args=[CODE])).status_code == 403
    home = client.get(reverse("home")).content.decode()
    assert "社区矫正对象" not in home and "年末在册社区矫正对象" not in home
    assert "赵矫正" not in client.get(reverse("ledger:index")).content.decode()
    assert views_logged(person) == 0


def test_it_shows_the_record_to_the_justice_office_and_logs_each_view(client, world):
    person = make_person(world)
    client.force_login(world.reviewer_a)
    listed = client.get(reverse("ledger:list", args=[CODE]))
    assert listed.status_code == 200 and "赵矫正" in listed.content.decode()
    assert person.id_number not in listed.content.decode()  # masked in the list
    assert client.get(detail(person.pk)).status_code == 200
    assert client.get(detail(person.pk)).status_code == 200
    assert client.get(f"/api/v1/ledgers/{CODE}/{person.pk}").status_code == 200
    assert views_logged(person) == 3
    row = AuditLog.objects.filter(action=AuditLog.Action.VIEW_SENSITIVE).first()
    assert row.username == "reviewer_a" and f"#{person.pk}" in row.target and row.org == world.town_a


def test_it_shows_the_record_to_the_township_leader_read_only(client, world):
    person = make_person(world)
    client.force_login(world.leader_a)
    page = client.get(detail(person.pk))
    assert page.status_code == 200
    assert reverse("ledger:edit", args=[CODE, person.pk]) not in page.content.decode()
    assert client.get(reverse("ledger:edit", args=[CODE, person.pk])).status_code in (403, 404)
    assert views_logged(person) >= 1


def test_it_asks_for_the_password_again_before_export(client, world):
    person = make_person(world)
    client.force_login(world.reviewer_a)
    url = reverse("ledger:export", args=[CODE]) + "?year=all"
    asked = client.get(url)
    assert asked.status_code == 302 and reverse("ledger:sudo") in asked["Location"]
    assert not AuditLog.objects.filter(action=AuditLog.Action.EXPORT).exists()
    wrong = client.post(reverse("ledger:sudo"), {"password": "wrong", "next": url})
    assert wrong.status_code == 200 and "密码不正确" in wrong.content.decode()
    assert client.post(reverse("ledger:sudo"), {"password": PASSWORD, "next": url})["Location"] == url
    response = client.get(url)
    assert response.status_code == 200
    ws = load_workbook(io.BytesIO(b"".join(response.streaming_content))).worksheets[0]
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert [r[0] for r in rows] == [person.pk]
    assert person.id_number not in [c for r in rows for c in r]  # still masked without reveal=1
    assert AuditLog.objects.filter(action=AuditLog.Action.EXPORT, username="reviewer_a").count() == 1


def test_it_shows_correction_figures_only_to_those_who_see_the_ledger(client, world):
    make_person(world)
    client.force_login(world.reviewer_a)
    assert "年末在册社区矫正对象" in client.get(reverse("home")).content.decode()
    client.force_login(world.clerk_a)
    page = client.get(reverse("home")).content.decode()
    assert "年末在册社区矫正对象" not in page and "社区矫正" not in page


def test_it_audits_a_command_line_export_of_a_sensitive_ledger(world, tmp_path):
    from django.core.management import call_command

    make_person(world)
    call_command("export_ledger", CODE, "--org", world.town_a.code, "--out", str(tmp_path / "x.xlsx"))
    row = AuditLog.objects.get(action=AuditLog.Action.EXPORT)
    assert row.username == "系统" and "命令行" in row.detail
