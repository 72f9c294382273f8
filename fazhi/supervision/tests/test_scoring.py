import datetime as dt
from decimal import Decimal

import pytest

from fazhi.supervision import scoring
from fazhi.supervision.models import Assessment, Scheme, SchemeItem
from fazhi.supervision.tests.factories import YEAR, finding, item, scheme, started


def _score(s, org, title):
    return Assessment.objects.get(scheme=s, org=org).scores.get(item__title=title)


def test_it_scores_an_indicator_by_bands_and_by_points_below_the_target(world):
    for status in ("closed", "closed", "closed", "pending"):  # 75% closed in town A
        finding(world.town_a, status=status, due_on=dt.date(YEAR + 5, 1, 1))
    finding(world.town_b, status="closed")  # 100% in town B
    s = started(world)
    assert _score(s, world.town_a, "问题整改率").auto_points == Decimal(6)  # 75 reaches the 50 band
    assert _score(s, world.town_b, "问题整改率").auto_points == Decimal(10)
    # 25 points below 100, 0.2 each: 10 - 5
    assert _score(s, world.town_a, "整改率每低1个百分点扣0.2分").auto_points == Decimal(5)
    basis = _score(s, world.town_a, "问题整改率").basis
    assert (basis["numerator"], basis["denominator"], basis["shown"]) == ("3", "4", "75.0%")


def test_it_deducts_per_occurrence_up_to_the_cap(world):
    finding(world.town_a, status="overdue")  # one overdue: -2
    for _ in range(4):  # four overdue: -8, capped at -5
        finding(world.town_b, status="overdue")
    s = started(world)
    a = _score(s, world.town_a, "逾期未整改")
    assert a.auto_points == Decimal(8)
    assert a.basis["count"] == 1 and "案卷归档不及时" in a.basis["occurrences"][0]["text"]
    assert _score(s, world.town_b, "逾期未整改").auto_points == Decimal(5)


def test_it_keeps_the_snapshot_when_records_change_after_scoring_started(world):
    finding(world.town_a, status="closed")
    s = started(world)
    before = _score(s, world.town_a, "问题整改率").auto_points
    for _ in range(3):
        finding(world.town_a, status="overdue")
    assert _score(s, world.town_a, "问题整改率").auto_points == before == Decimal(10)
    assert _score(s, world.town_a, "逾期未整改").auto_points == Decimal(10)
    assert scoring.rank_among_all(s, Assessment.objects.get(scheme=s, org=world.town_a)).total == Decimal(30)


def test_it_grades_totals_with_the_schemes_bounds_and_caps_the_bonus(world):
    s = started(world, bonus_cap=Decimal(2))
    a = Assessment.objects.get(scheme=s, org=world.town_a)
    b = Assessment.objects.get(scheme=s, org=world.town_b)
    manual, bonus = item(s, "述法工作"), item(s, "创新工作加分")
    # no findings at all: rates are "—" and earn nothing; no overdue finding: full 10
    scoring.save_county_scores(
        a, {manual.pk: ("65", "述法全覆盖"), bonus.pk: ("3", "创新做法获省表彰")}, "", world.county_user
    )
    scoring.save_county_scores(
        b, {manual.pk: ("40", "述法流于形式"), bonus.pk: ("0", "无")}, "", world.county_user
    )
    results = {r.org: r for r in scoring.results(s)}
    assert results[world.town_a].total == Decimal(77)  # 10 + 65 + bonus 3 capped at 2
    assert results[world.town_a].grade == "合格"
    assert results[world.town_b].total == Decimal(50) and results[world.town_b].grade == "不合格"
    assert (results[world.town_a].rank, results[world.town_b].rank) == (1, 2)
    s.excellent_min, s.good_min, s.pass_min = Decimal(76), Decimal(70), Decimal(45)
    assert scoring.grade(s, Decimal(77)) == "优秀" and scoring.grade(s, Decimal(50)) == "合格"


def test_it_refuses_manual_points_without_a_reason_or_above_the_items_points(world):
    s = started(world)
    a = Assessment.objects.get(scheme=s, org=world.town_a)
    manual = item(s, "述法工作")
    with pytest.raises(scoring.SchemeError, match="评分理由"):
        scoring.save_county_scores(a, {manual.pk: ("60", "")}, "", world.county_user)
    with pytest.raises(scoring.SchemeError, match="须在0至70.00分之间"):
        scoring.save_county_scores(a, {manual.pk: ("71", "很好")}, "", world.county_user)


def test_it_refuses_to_start_an_incomplete_scheme_naming_the_item(world):
    s = scheme(world)
    SchemeItem.objects.create(scheme=s, title="执法考核", points=Decimal(5), method="indicator")
    with pytest.raises(scoring.SchemeError) as exc:
        scoring.start_scoring(s, world.county_user)
    assert any("执法考核" in m and "指标" in m for m in exc.value.messages)
    s.refresh_from_db()
    assert s.state == Scheme.State.DRAFT


def test_it_copies_last_years_scheme_with_its_tree(world):
    last = scheme(world, year=YEAR - 1)
    new = scoring.copy_scheme(last, world.county, YEAR, "2025年度考核", world.county_user)
    titles = [(it.title, it.parent.title if it.parent else None) for it, _, _ in scoring.tree(new)]
    assert titles == [(it.title, it.parent.title if it.parent else None) for it, _, _ in scoring.tree(last)]
    assert new.items.count() == last.items.count() and new.state == Scheme.State.DRAFT
    with pytest.raises(scoring.SchemeError, match="已有2025年度"):
        scoring.copy_scheme(last, world.county, YEAR, "again", world.county_user)


def test_it_refuses_a_fourth_level(world):
    s = scheme(world)
    l1 = SchemeItem.objects.create(scheme=s, title="一级", points=5, method="group")
    l2 = SchemeItem.objects.create(scheme=s, parent=l1, title="二级", points=5, method="group")
    l3 = SchemeItem.objects.create(scheme=s, parent=l2, title="三级", points=5, method="group")
    with pytest.raises(Exception, match="最多3级"):
        scoring.check_item(SchemeItem(scheme=s, parent=l3, title="四级", points=5, method="manual"))


def test_it_deducts_for_late_statutory_items_of_the_year_on_the_to_do_list(world):
    s = scheme(world)
    SchemeItem.objects.create(
        scheme=s,
        title="法定事项逾期",
        points=Decimal(4),
        method="fact",
        fact="todo.late",
        per_occurrence=Decimal(1),
        order=9,
    )
    finding(world.town_a, status="pending", due_on=dt.date(YEAR, 6, 30))  # late, due in the year
    finding(world.town_a, status="pending", due_on=dt.date(YEAR + 1, 1, 5))  # late, but due next year
    scoring.start_scoring(s, world.county_user, today=dt.date(YEAR + 1, 1, 10))
    a = _score(s, world.town_a, "法定事项逾期")
    assert a.auto_points == Decimal(3) and a.basis["count"] == 1
    assert "/l/findings/" in a.basis["occurrences"][0]["url"]
    assert _score(s, world.town_b, "法定事项逾期").auto_points == Decimal(4)
