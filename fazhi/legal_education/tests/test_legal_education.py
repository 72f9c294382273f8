import datetime as dt

import pytest
from django.db import connection
from django.utils import timezone

from fazhi.indicators.registry import compute, records_behind
from fazhi.legal_education import demo
from fazhi.legal_education.models import Activity, CultureVenue, LegalLiterate, LiaisonOfficer, ModelHousehold
from fazhi.lib.fake import Fake
from fazhi.orgs import demo as org_demo
from fazhi.orgs.models import Level, OrgUnit

YEAR = 2025
GOOD_ID = "11010519491231002X"


def activity(org, **kw) -> Activity:
    fields = {
        "held_on": dt.date(YEAR, 3, 15),
        "theme": "3·15宣传",
        "kind": "consumer_day",
        "organiser": "市场监管所",
        "audience": 200,
        "banners": 2,
        "brochures": 500,
        "consultations": 30,
    }
    fields.update(kw)
    return Activity.objects.create(org=org, **fields)


def literate(org, village, active=True, **kw) -> LegalLiterate:
    return LegalLiterate.objects.create(
        org=org, village=village, name=kw.pop("name", "王明"), gender="male", active=active, **kw
    )


def test_it_records_an_activity_through_the_form_and_lists_it(client, world):
    client.force_login(world.clerk_a)
    response = client.post(
        "/l/education-activities/new/",
        {
            "held_on": "2025-06-26",
            "theme": "珍爱生命远离毒品集中宣传",
            "kind": "anti_drug_day",
            "village": world.village_a.pk,
            "place": "场镇农贸市场",
            "organiser": "派出所",
            "audience": "320",
            "banners": "3",
            "brochures": "800",
            "consultations": "41",
            "notes": "",
        },
    )
    assert response.status_code == 302
    saved = Activity.objects.get()
    assert (saved.org, saved.village, saved.audience) == (world.town_a, world.village_a, 320)
    page = client.get("/l/education-activities/?year=2025").content.decode()
    assert "珍爱生命远离毒品集中宣传" in page
    assert "6·26国际禁毒日" in page


def test_it_offers_only_villages_of_the_own_township(client, world):
    client.force_login(world.clerk_a)
    response = client.post(
        "/l/education-activities/new/",
        {
            "held_on": "2025-06-26",
            "theme": "跨乡镇",
            "kind": "other",
            "village": world.village_b.pk,
            "organiser": "司法所",
            "audience": "1",
            "banners": "0",
            "brochures": "0",
            "consultations": "0",
        },
    )
    assert response.status_code == 200
    assert not Activity.objects.exists()
    response = client.post(
        "/l/education-activities/new/",
        {
            "held_on": "2025-06-26",
            "theme": "网格不是村",
            "kind": "other",
            "village": world.grid_a.pk,
            "organiser": "司法所",
            "audience": "1",
            "banners": "0",
            "brochures": "0",
            "consultations": "0",
        },
    )
    assert not Activity.objects.exists()


def test_it_stores_a_legal_literate_with_encrypted_identifiers_shown_masked(client, world):
    client.force_login(world.clerk_a)
    response = client.post(
        "/l/legal-literates/new/",
        {
            "name": "周桂英",
            "village": world.village_a.pk,
            "gender": "female",
            "phone": "13812345678",
            "id_number": GOOD_ID,
            "occupation": "网格员",
            "appointed_on": "2024-03-01",
            "trained_hours": "8",
            "active": "on",
        },
    )
    assert response.status_code == 302
    person = LegalLiterate.objects.get()
    assert person.id_number == GOOD_ID
    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number FROM legal_education_legalliterate WHERE id = %s", [person.pk])
        stored = cursor.fetchone()[0]
    assert GOOD_ID not in stored
    page = client.get("/l/legal-literates/").content.decode()
    assert "周桂英" in page
    assert "13812345678" not in page
    assert "138****5678" in page


def test_it_refuses_a_bad_id_number_and_phone_in_chinese(client, world):
    client.force_login(world.clerk_a)
    response = client.post(
        "/l/legal-literates/new/",
        {
            "name": "周桂英",
            "village": world.village_a.pk,
            "gender": "female",
            "phone": "12345",
            "id_number": "110105194912310021",
            "trained_hours": "0",
            "active": "on",
        },
    )
    page = response.content.decode()
    assert "身份证号校验位不正确" in page
    assert "电话号码应为11位手机号或带区号的固定电话" in page
    assert not LegalLiterate.objects.exists()


def test_it_refuses_a_liaison_officer_with_a_bad_phone(client, world):
    client.force_login(world.clerk_a)
    response = client.post("/l/liaison-officers/new/", {"name": "李强", "unit": "派出所", "phone": "0000"})
    assert "电话号码应为11位手机号或带区号的固定电话" in response.content.decode()
    response = client.post(
        "/l/liaison-officers/new/", {"name": "李强", "unit": "派出所", "phone": "023-12345678"}
    )
    assert response.status_code == 302
    assert LiaisonOfficer.objects.get().unit == "派出所"


def test_it_sums_activity_figures_for_the_year(world):
    activity(world.town_a, audience=200, banners=2, brochures=500, consultations=30)
    activity(world.town_a, kind="to_village", audience=80, banners=1, brochures=100, consultations=12)
    activity(world.town_a, held_on=dt.date(YEAR - 1, 12, 4), audience=999)
    activity(world.town_b, audience=50)

    assert compute("legal_education.activities", world.town_a, YEAR).value == 2
    assert compute("legal_education.audience", world.town_a, YEAR).value == 280
    assert compute("legal_education.banners", world.town_a, YEAR).value == 3
    assert compute("legal_education.brochures", world.town_a, YEAR).value == 600
    assert compute("legal_education.consultations", world.town_a, YEAR).value == 42
    assert compute("legal_education.village_activities", world.town_a, YEAR).value == 1
    assert compute("legal_education.audience", world.county, YEAR).value == 330


def test_it_counts_villages_with_three_active_legal_literates(world, django_assert_max_num_queries):
    village_a2 = OrgUnit.objects.create(code="TCA02", name="甲二村", level=Level.VILLAGE, parent=world.town_a)
    for _ in range(3):
        literate(world.town_a, world.village_a)
    for _ in range(2):
        literate(world.town_a, village_a2)
    literate(world.town_a, village_a2, active=False)
    for _ in range(3):
        literate(world.town_b, world.village_b)

    with django_assert_max_num_queries(2):
        figure = compute("legal_education.villages_meeting_target", world.town_a, YEAR)
    assert figure.value == 1
    assert compute("legal_education.legal_literates", world.town_a, YEAR).value == 5
    share = compute("legal_education.villages_meeting_target_rate", world.town_a, YEAR)
    assert (share.numerator, share.denominator) == (1, 2)
    assert compute("legal_education.villages_meeting_target", world.county, YEAR).value == 2
    behind = records_behind("legal_education.villages_meeting_target", world.town_a, YEAR)
    assert {p.village_id for p in behind} == {world.village_a.pk}
    assert behind.count() == 3


def test_it_counts_the_registries(world):
    LiaisonOfficer.objects.create(org=world.town_a, name="李强", unit="派出所")
    ModelHousehold.objects.create(
        org=world.town_a, head="张福", village=world.village_a, recognised_on=dt.date(2023, 12, 1)
    )
    CultureVenue.objects.create(org=world.town_a, name="甲镇法治文化广场", kind="square")
    assert compute("legal_education.liaison_officers", world.town_a, YEAR).value == 1
    assert compute("legal_education.model_households", world.town_a, YEAR).value == 1
    assert compute("legal_education.culture_venues", world.town_a, YEAR).value == 1
    assert compute("legal_education.culture_venues", world.town_b, YEAR).value == 0


CODES = ["education-activities", "legal-literates", "liaison-officers", "model-households", "culture-venues"]


def _record(world, code):
    return {
        "education-activities": lambda: activity(world.town_a, theme="甲镇专属记录"),
        "legal-literates": lambda: literate(world.town_a, world.village_a, name="甲镇专属记录"),
        "liaison-officers": lambda: LiaisonOfficer.objects.create(
            org=world.town_a, name="甲镇专属记录", unit="司法所"
        ),
        "model-households": lambda: ModelHousehold.objects.create(
            org=world.town_a, head="甲镇专属记录", village=world.village_a, recognised_on=dt.date(2023, 12, 1)
        ),
        "culture-venues": lambda: CultureVenue.objects.create(
            org=world.town_a, name="甲镇专属记录", kind="trail"
        ),
    }[code]()


@pytest.mark.parametrize("code", CODES)
def test_it_hides_town_a_records_from_town_b(client, world, code):
    obj = _record(world, code)
    client.force_login(world.clerk_b)
    assert client.get(f"/l/{code}/{obj.pk}/").status_code == 404
    assert client.get(f"/l/{code}/{obj.pk}/edit/").status_code == 404
    assert "甲镇专属记录" not in client.get(f"/l/{code}/?year={YEAR}").content.decode()
    client.force_login(world.clerk_a)
    assert client.get(f"/l/{code}/{obj.pk}/").status_code == 200
    assert "甲镇专属记录" in client.get(f"/l/{code}/?year={YEAR}").content.decode()


@pytest.mark.parametrize("code", CODES)
def test_it_offers_the_excel_template(client, world, code):
    client.force_login(world.clerk_a)
    response = client.get(f"/l/{code}/template.xlsx")
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert body[:2] == b"PK"


@pytest.mark.django_db
def test_it_seeds_activities_and_rosters_with_some_villages_short_of_three():
    ctx = org_demo.build_org_tree(Fake(11), None)
    demo.seed(ctx)
    today = timezone.localdate()
    for t in ctx.townships:
        per_year = Activity.objects.filter(org=t.org, held_on__year=today.year - 1).count()
        # A small, lagging township holds one or two activities a month; a large one in a busy year
        # about five (the demo scales volume by township size, diligence and a yearly factor).
        assert 10 <= per_year <= 60
        assert not Activity.objects.filter(held_on__gt=today).exists()
        active = LegalLiterate.objects.filter(org=t.org, active=True)
        short = [v for v in t.villages if active.filter(village=v).count() < 3]
        assert 1 <= len(short) <= 2
        assert LiaisonOfficer.objects.filter(org=t.org).exists()
        assert ModelHousehold.objects.filter(org=t.org).exists()
        assert CultureVenue.objects.filter(org=t.org).exists()
    for person in LegalLiterate.objects.all()[:20]:
        person.full_clean()
