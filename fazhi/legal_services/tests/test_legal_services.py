import datetime as dt

import pytest

from fazhi.indicators.registry import compute
from fazhi.legal_services import rules
from fazhi.legal_services.models import (
    AdviserAssignment,
    AdviserService,
    Consultation,
    Deliberation,
    LegalAdviser,
    ServicePoint,
)
from fazhi.orgs.models import Level, OrgUnit

YEAR = 2025


def adviser(org, **kw) -> LegalAdviser:
    fields = {
        "name": "周律师",
        "firm": "明理律师事务所",
        "phone": "13812345678",
        "contract_start": dt.date(YEAR, 1, 1),
        "contract_end": dt.date(YEAR, 12, 31),
    }
    fields.update(kw)
    return LegalAdviser.objects.create(org=org, **fields)


def test_it_records_an_adviser_and_shows_the_phone_masked(client, world):
    client.force_login(world.clerk_a)
    data = {"name": "周律师", "firm": "明理律师事务所", "phone": "13812345678", "fee": "", "notes": ""}
    response = client.post(
        "/l/legal-advisers/new/", {**data, "contract_start": "2025-06-01", "contract_end": "2025-01-01"}
    )
    assert "合同截止日期不能早于合同起始日期" in response.content.decode()
    response = client.post(
        "/l/legal-advisers/new/", {**data, "contract_start": "2025-01-01", "contract_end": "2025-12-31"}
    )
    assert response.status_code == 302
    saved = LegalAdviser.objects.get()
    assert saved.phone == "13812345678"
    page = client.get("/l/legal-advisers/").content.decode()
    assert "周律师" in page and "13812345678" not in page


def test_it_refuses_a_service_outside_the_contract(client, world):
    a = adviser(world.town_a)
    client.force_login(world.clerk_a)
    data = {"adviser": a.pk, "kind": "review", "village": "", "summary": "审查合同", "hours": "1.0"}
    response = client.post("/l/adviser-services/new/", {**data, "served_on": "2026-01-05"})
    assert "服务日期（2026-01-05）不在周律师的合同期（2025-01-01至2025-12-31）内" in response.content.decode()
    assert not AdviserService.objects.exists()
    response = client.post("/l/adviser-services/new/", {**data, "served_on": "2025-03-05"})
    assert response.status_code == 302


def test_it_does_not_offer_another_townships_adviser(client, world):
    theirs = adviser(world.town_b, name="乙乡律师")
    client.force_login(world.clerk_a)
    assert "乙乡律师" not in client.get("/l/adviser-services/new/").content.decode()
    response = client.post(
        "/l/adviser-services/new/",
        {
            "adviser": theirs.pk,
            "served_on": "2025-03-05",
            "kind": "review",
            "summary": "审查",
            "hours": "1.0",
        },
    )
    assert response.status_code == 200 and not AdviserService.objects.exists()


def test_it_computes_village_coverage_and_service_counts(world):
    second = OrgUnit.objects.create(code="TCA02", name="甲二村", level=Level.VILLAGE, parent=world.town_a)
    OrgUnit.objects.create(code="TCA03", name="甲三村", level=Level.VILLAGE, parent=world.town_a)
    a = adviser(world.town_a)
    old = adviser(
        world.town_a, name="前任律师", contract_start=dt.date(2023, 1, 1), contract_end=dt.date(2024, 12, 31)
    )
    AdviserAssignment.objects.create(org=world.town_a, adviser=a, village=world.village_a)
    AdviserAssignment.objects.create(org=world.town_a, adviser=old, village=second)
    AdviserService.objects.create(
        org=world.town_a, adviser=a, served_on=dt.date(YEAR, 4, 1), kind="review", summary="审查"
    )
    Consultation.objects.create(
        org=world.town_a, consulted_on=dt.date(YEAR, 4, 2), topic="土地流转", answered_by="司法所"
    )
    Deliberation.objects.create(
        org=world.town_a,
        held_on=dt.date(YEAR, 5, 2),
        village=world.village_a,
        topic="村规民约",
        participants=20,
    )
    ServicePoint.objects.create(org=world.town_a, name="甲镇公共法律服务工作站", kind="station")

    coverage = compute("legal_services.village_coverage_rate", world.town_a, YEAR)
    assert (coverage.numerator, coverage.denominator) == (1, 3)
    assert compute("legal_services.village_coverage_rate", world.town_a, 2024).numerator == 1
    assert compute("legal_services.advisers", world.town_a, YEAR).value == 1
    assert compute("legal_services.services", world.town_a, YEAR).value == 1
    assert compute("legal_services.consultations", world.town_a, YEAR).value == 1
    assert compute("legal_services.deliberations", world.town_a, YEAR).value == 1
    assert compute("legal_services.service_points", world.town_a, YEAR).value == 1
    county = compute("legal_services.village_coverage_rate", world.county, YEAR)
    assert (county.numerator, county.denominator) == (1, 4)


def test_it_lists_contracts_about_to_expire(world):
    ending = adviser(world.town_a)
    adviser(world.town_a, name="续聘律师", contract_end=dt.date(YEAR, 12, 31))
    adviser(
        world.town_a,
        name="续聘律师",
        contract_start=dt.date(YEAR + 1, 1, 1),
        contract_end=dt.date(YEAR + 2, 12, 31),
    )
    adviser(world.town_b, name="乙乡律师")
    due = rules.contracts_expiring([world.town_a.pk], dt.date(YEAR, 12, 10), 30)
    assert [(a, d) for a, d, _ in due] == [(ending, dt.date(YEAR, 12, 31))]
    assert "还有21天" in due[0][2]
    assert rules.contracts_expiring([world.town_a.pk], dt.date(YEAR, 10, 1), 30) == []


CODES = [
    "legal-advisers",
    "adviser-assignments",
    "adviser-services",
    "consultations",
    "deliberations",
    "service-points",
]


@pytest.mark.parametrize("code", CODES)
def test_it_hides_town_a_records_from_town_b(client, world, code):
    def make():
        a = adviser(world.town_a, name="甲镇专属")
        return {
            "legal-advisers": lambda: a,
            "adviser-assignments": lambda: AdviserAssignment.objects.create(
                org=world.town_a, adviser=a, village=world.village_a
            ),
            "adviser-services": lambda: AdviserService.objects.create(
                org=world.town_a, adviser=a, served_on=dt.date(YEAR, 4, 1), kind="review", summary="甲镇专属"
            ),
            "consultations": lambda: Consultation.objects.create(
                org=world.town_a, consulted_on=dt.date(YEAR, 4, 2), topic="甲镇专属", answered_by="司法所"
            ),
            "deliberations": lambda: Deliberation.objects.create(
                org=world.town_a,
                held_on=dt.date(YEAR, 5, 2),
                village=world.village_a,
                topic="甲镇专属",
                participants=9,
            ),
            "service-points": lambda: ServicePoint.objects.create(
                org=world.town_a, name="甲镇专属", kind="station"
            ),
        }[code]()

    obj = make()
    client.force_login(world.clerk_b)
    assert client.get(f"/l/{code}/{obj.pk}/").status_code == 404
    assert client.get(f"/l/{code}/{obj.pk}/edit/").status_code == 404
    assert "甲镇专属" not in client.get(f"/l/{code}/?year={YEAR}").content.decode()
    client.force_login(world.clerk_a)
    assert "甲镇专属" in client.get(f"/l/{code}/?year={YEAR}").content.decode()


@pytest.mark.parametrize("code", CODES)
def test_it_offers_the_excel_template(client, world, code):
    client.force_login(world.clerk_a)
    response = client.get(f"/l/{code}/template.xlsx")
    assert response.status_code == 200
    assert b"".join(response.streaming_content if response.streaming else [response.content])[:2] == b"PK"
