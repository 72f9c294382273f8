import datetime as dt

import pytest
from django.core.management import call_command

from fazhi.indicators.registry import compute
from fazhi.study.models import LawExam, OathCeremony, StudySession

YEAR = 2025


def exam(org, **kw) -> LawExam:
    fields = {
        "held_on": dt.date(YEAR, 5, 10),
        "name": "年度学法考试",
        "kind": "annual",
        "expected": 40,
        "sat": 38,
        "passed": 36,
    }
    fields.update(kw)
    return LawExam.objects.create(org=org, **fields)


def session(org, **kw) -> StudySession:
    fields = {
        "held_on": dt.date(YEAR, 3, 2),
        "kind": "central_group",
        "topic": "学习宪法",
        "participants": 12,
    }
    fields.update(kw)
    return StudySession.objects.create(org=org, **fields)


def test_it_records_a_study_session_through_the_form_and_lists_it(client, world):
    client.force_login(world.clerk_a)
    response = client.post(
        "/l/study-sessions/new/",
        {
            "held_on": "2025-04-08",
            "kind": "pre_meeting",
            "topic": "学习行政处罚法修订要点",
            "laws": "《中华人民共和国行政处罚法》",
            "speaker": "司法所所长",
            "participants": "15",
            "leaders_present": "党委书记、镇长",
            "hours": "1.5",
            "notes": "",
        },
    )
    assert response.status_code == 302
    saved = StudySession.objects.get()
    assert saved.org == world.town_a
    assert saved.created_by == world.clerk_a
    page = client.get("/l/study-sessions/?year=2025")
    assert "学习行政处罚法修订要点" in page.content.decode()


def test_it_refuses_an_exam_with_more_passed_than_sat(client, world):
    client.force_login(world.clerk_a)
    response = client.post(
        "/l/law-exams/new/",
        {
            "held_on": "2025-06-01",
            "name": "民法典知识测试",
            "kind": "test",
            "organiser": "",
            "expected": "30",
            "sat": "25",
            "passed": "28",
            "notes": "",
        },
    )
    assert response.status_code == 200
    assert "合格人数（28）不能多于实考人数（25）" in response.content.decode()
    assert not LawExam.objects.exists()


def test_it_refuses_an_exam_with_more_sat_than_expected(client, world):
    client.force_login(world.clerk_a)
    response = client.post(
        "/l/law-exams/new/",
        {
            "held_on": "2025-06-01",
            "name": "民法典知识测试",
            "kind": "test",
            "expected": "30",
            "sat": "31",
            "passed": "20",
        },
    )
    assert "实考人数（31）不能多于应考人数（30）" in response.content.decode()
    assert not LawExam.objects.exists()


def test_it_refuses_an_oath_listing_more_names_than_sworn(client, world):
    client.force_login(world.clerk_a)
    response = client.post(
        "/l/oath-ceremonies/new/",
        {
            "held_on": "2025-01-20",
            "occasion": "新任职人员就职",
            "presiding": "镇人大主席团",
            "sworn": "1",
            "names": "张三 副镇长\n李四 司法所所长",
        },
    )
    assert "名单列出2人，多于宣誓人数（1）" in response.content.decode()
    assert not OathCeremony.objects.exists()


def test_it_computes_exam_rates_over_summed_counts(world):
    exam(world.town_a, expected=40, sat=38, passed=36)
    exam(world.town_a, expected=60, sat=50, passed=40)
    exam(world.town_b, expected=100, sat=10, passed=1)
    exam(world.town_a, held_on=dt.date(YEAR - 1, 5, 1), expected=10, sat=1, passed=0)

    participation = compute("study.exam_participation_rate", world.town_a, YEAR)
    assert (participation.numerator, participation.denominator) == (88, 100)
    assert str(participation) == "88.0%"
    passing = compute("study.exam_pass_rate", world.town_a, YEAR)
    assert (passing.numerator, passing.denominator) == (76, 88)
    assert compute("study.exams", world.town_a, YEAR).value == 2
    county = compute("study.exam_pass_rate", world.county, YEAR)
    assert (county.numerator, county.denominator) == (77, 98)


def test_it_counts_central_group_sessions_separately(world):
    session(world.town_a, kind="central_group")
    session(world.town_a, kind="central_group")
    session(world.town_a, kind="lecture", participants=60)
    OathCeremony.objects.create(org=world.town_a, held_on=dt.date(YEAR, 1, 15), occasion="就职", sworn=3)

    assert compute("study.sessions", world.town_a, YEAR).value == 3
    assert compute("study.central_group_sessions", world.town_a, YEAR).value == 2
    assert compute("study.participants", world.town_a, YEAR).value == 84
    assert compute("study.oaths", world.town_a, YEAR).value == 1
    assert compute("study.sworn", world.town_a, YEAR).value == 3
    assert compute("study.sessions", world.town_b, YEAR).value == 0


@pytest.mark.parametrize("code", ["study-sessions", "law-exams", "oath-ceremonies"])
def test_it_hides_town_a_records_from_town_b(client, world, code):
    records = {
        "study-sessions": lambda: session(world.town_a, topic="甲镇专属学法"),
        "law-exams": lambda: exam(world.town_a, name="甲镇专属学法"),
        "oath-ceremonies": lambda: OathCeremony.objects.create(
            org=world.town_a, held_on=dt.date(YEAR, 2, 1), occasion="甲镇专属学法", sworn=2
        ),
    }
    obj = records[code]()
    client.force_login(world.clerk_b)
    assert client.get(f"/l/{code}/{obj.pk}/").status_code == 404
    assert client.get(f"/l/{code}/{obj.pk}/edit/").status_code == 404
    assert "甲镇专属学法" not in client.get(f"/l/{code}/?year={YEAR}").content.decode()
    client.force_login(world.clerk_a)
    assert client.get(f"/l/{code}/{obj.pk}/").status_code == 200


@pytest.mark.parametrize("code", ["study-sessions", "law-exams", "oath-ceremonies"])
def test_it_offers_the_excel_template(client, world, code):
    client.force_login(world.clerk_a)
    response = client.get(f"/l/{code}/template.xlsx")
    assert response.status_code == 200
    assert b"".join(response.streaming_content if response.streaming else [response.content])[:2] == b"PK"


@pytest.mark.django_db
def test_it_seeds_demo_study_records_for_every_township():
    call_command("seed_demo", "--seed", "7")
    from fazhi.orgs.models import OrgUnit

    counts = []
    for town in OrgUnit.objects.townships():
        sessions = StudySession.objects.filter(org=town)
        # 12 to 20 a year each, scaled to the township's size (a small township holds fewer).
        assert 10 <= sessions.count() <= 70
        counts.append(sessions.count())
        assert LawExam.objects.filter(org=town).exists()
        assert OathCeremony.objects.filter(org=town).exists()
    assert len(set(counts)) > 1
    for e in LawExam.objects.all():
        e.full_clean()
