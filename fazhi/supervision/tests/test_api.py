from fazhi.supervision import scoring
from fazhi.supervision.tests.factories import YEAR, finding, item, scheme, started


def _publish(world):
    return _publish_existing(world, started(world))


def test_it_lists_the_schemes_of_a_year(client, world):
    scheme(world, year=YEAR - 1)
    s = scheme(world)
    client.force_login(world.county_user)
    answer = client.get(f"/api/v1/assessments?year={YEAR}").json()
    assert [(a["id"], a["year"], a["county"], a["state"]) for a in answer] == [(s.pk, YEAR, "TC", "draft")]
    assert answer[0]["full_marks"] == "100.00"


def test_it_answers_results_with_rank_grade_and_the_source_of_each_item(client, world):
    finding(world.town_b, status="overdue")
    s = _publish(world)
    client.force_login(world.county_user)
    answer = client.get(f"/api/v1/assessments/{s.pk}/results").json()
    rows = {r["org"]: r for r in answer["results"]}
    assert (rows["TCA"]["total"], rows["TCA"]["grade"], rows["TCA"]["rank"]) == ("70.00", "合格", 1)
    assert (rows["TCB"]["total"], rows["TCB"]["rank"]) == ("58.00", 2)
    by_title = {i["title"]: i for i in rows["TCB"]["items"]}
    assert by_title["逾期未整改"]["source"] == {
        "kind": "fact",
        "fact": "indicator:rectification.findings_overdue",
        "name": by_title["逾期未整改"]["source"]["name"],
        "count": 1,
    }
    assert by_title["问题整改率"]["source"]["kind"] == "indicator"
    assert by_title["述法工作"]["source"] == {"kind": "manual", "reason": "述法情况"}


def test_it_shows_a_township_only_its_own_published_row(client, world):
    s = started(world)
    client.force_login(world.clerk_b)
    assert client.get(f"/api/v1/assessments/{s.pk}/results").status_code == 409
    s = _publish_existing(world, s)
    answer = client.get(f"/api/v1/assessments/{s.pk}/results").json()
    assert [(r["org"], r["rank"]) for r in answer["results"]] == [("TCB", 2)]


def _publish_existing(world, s):
    manual, bonus = item(s, "述法工作"), item(s, "创新工作加分")
    for a, pts in zip(s.assessments.order_by("org__code"), ("60", "50"), strict=True):
        scoring.save_county_scores(
            a, {manual.pk: (pts, "述法情况"), bonus.pk: ("0", "无")}, "", world.county_user
        )
    scoring.publish(s, world.county_user)
    return s


def test_it_hides_another_countys_schemes(client, world):
    from fazhi.conftest import make_user
    from fazhi.orgs.models import Level, OrgUnit

    other = OrgUnit.objects.create(code="OC", name="他县", level=Level.COUNTY)
    s = scheme(world)
    client.force_login(make_user("other_county", other, "county"))
    assert client.get(f"/api/v1/assessments?year={YEAR}").json() == []
    assert client.get(f"/api/v1/assessments/{s.pk}/results").status_code == 404
