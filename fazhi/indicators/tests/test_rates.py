"""Every on-time rate counts what is past its due date, done or not; an empty rate is "—" with
its reason. Each case builds, in one township, an item done on time, one done late, one pending
whose period has not run out and one pending past its due date: the rate is 1 ÷ 3."""

import datetime as dt

import pytest

from fazhi.conftest import client_for
from fazhi.disclosure.models import InfoRequest, ProactiveItem
from fazhi.enforcement import rules as enforcement_rules
from fazhi.enforcement.models import Case as EnforcementCase
from fazhi.indicators import registry
from fazhi.ledger.tests.factories import make_record
from fazhi.legality.models import NormativeDocument
from fazhi.litigation.models import Case as LitigationCase
from fazhi.petitions.models import Petition

YEAR = 2025
AS_OF = dt.date(YEAR, 6, 30)


def d(month: int, day: int) -> dt.date:
    return dt.date(YEAR, month, day)


def _make(model, world, **values):
    return make_record(model, world.town_a, world.clerk_a, validate=False, **values)


def petitions_notice(world):
    for received, notified in ((d(3, 3), d(3, 10)), (d(3, 3), d(4, 10)), (d(6, 25), None), (d(5, 6), None)):
        _make(Petition, world, received_on=received, notified_on=notified)


def petitions_conclusion(world):
    rows = (
        (d(1, 6), d(1, 8), d(2, 20)),
        (d(1, 6), d(1, 8), d(5, 6)),
        (d(6, 2), d(6, 3), None),
        (d(2, 3), d(2, 5), None),
    )
    for received, notified, concluded in rows:
        _make(
            Petition,
            world,
            received_on=received,
            notified_on=notified,
            concluded_on=concluded,
            route="handle",
        )
    # Transferred to another organ: not this township's to conclude, in neither part.
    _make(Petition, world, received_on=d(2, 3), notified_on=d(2, 5), route="transfer")


def disclosure_items(world):
    for formed, published in ((d(3, 3), d(3, 10)), (d(3, 3), d(5, 26)), (d(6, 25), None), (d(4, 1), None)):
        _make(ProactiveItem, world, formed_on=formed, published_on=published, category="other")


def disclosure_requests(world):
    for received, replied in ((d(3, 3), d(3, 10)), (d(3, 3), d(5, 26)), (d(6, 25), None), (d(4, 1), None)):
        _make(InfoRequest, world, received_on=received, replied_on=replied)
    # Treated as abandoned after a supplement notice went unanswered: not owed a reply.
    _make(InfoRequest, world, received_on=d(2, 3), abandoned_on=d(3, 3))


def litigation_answers(world):
    for received, answered in ((d(3, 3), d(3, 10)), (d(3, 3), d(4, 10)), (d(6, 25), None), (d(5, 6), None)):
        _make(LitigationCase, world, kind="litigation", received_on=received, answered_on=answered)


def legality_filing(world):
    for published, filed in ((d(2, 3), d(2, 20)), (d(2, 3), d(4, 20)), (d(6, 20), None), (d(4, 1), None)):
        _make(
            NormativeDocument,
            world,
            published_on=published,
            filed_on=filed,
            step="filed" if filed else "published",
            number=f"甲政规〔{YEAR}〕{published.month}号",
        )


def enforcement_publication(world):
    for decided, published in ((d(3, 3), d(3, 6)), (d(3, 3), d(4, 10)), (d(6, 26), None), (d(5, 6), None)):
        _make(
            EnforcementCase,
            world,
            decision_on=decided,
            published_on=published,
            decision_result=enforcement_rules.R_PENALTY,
            publicity_exempt=False,
        )


CASES = [
    ("petitions.notice_rate", petitions_notice),
    ("petitions.on_time_rate", petitions_conclusion),
    ("disclosure.items_on_time_rate", disclosure_items),
    ("disclosure.answered_on_time_rate", disclosure_requests),
    ("litigation.answer_on_time_rate", litigation_answers),
    ("legality.filing_on_time_rate", legality_filing),
    ("enforcement.publication_rate", enforcement_publication),
]


@pytest.fixture
def as_of(monkeypatch):
    monkeypatch.setattr(registry, "today", lambda: AS_OF)


@pytest.mark.parametrize(("code", "build"), CASES, ids=[c for c, _ in CASES])
def test_it_counts_overdue_pending_items_against_each_on_time_rate(client, world, as_of, code, build):
    build(world)
    data = client_for(client, world.leader_a).get(f"/api/v1/indicators?org=TCA&year={YEAR}").json()
    figures = {f["code"]: f for f in data["indicators"]}
    rate = figures[code]
    assert (rate["numerator"], rate["denominator"], rate["value"]) == (1, 3, "33.3")
    assert "÷" in rate["description"] and rate["basis"]
    # The other township has nothing due: no value, with the reason, never 100%.
    other = client_for(client, world.clerk_b).get(f"/api/v1/indicators?org=TCB&year={YEAR}").json()
    empty = {f["code"]: f for f in other["indicators"]}[code]
    assert empty["value"] is None and empty["denominator"] == 0 and "比率不适用" in empty["reason"]


def test_it_lists_the_owed_items_behind_a_rate_and_explains_it(client, world, as_of):
    disclosure_requests(world)
    c = client_for(client, world.leader_a)
    data = c.get(f"/api/v1/indicators/disclosure.answered_on_time_rate/records?org=TCA&year={YEAR}").json()
    assert data["count"] == 3 and data["counted"] == "disclosure.answer_owed"
    assert "第三十三条" in data["basis"]
    page = c.get(f"/indicators/disclosure.answered_on_time_rate/?org=TCA&year={YEAR}").content.decode()
    assert "33.3%" in page and "未答复且已逾期" in page and "政府信息公开条例第三十三条" in page
    empty = c.get(f"/indicators/petitions.on_time_rate/?org=TCA&year={YEAR}").content.decode()
    assert 'id="figure-value">—' in empty and "比率不适用" in empty


def test_it_sums_a_county_rate_from_its_townships_parts(client, world, as_of):
    disclosure_requests(world)
    make_record(
        InfoRequest, world.town_b, world.clerk_b, validate=False, received_on=d(3, 3), replied_on=d(3, 5)
    )
    data = client_for(client, world.county_user).get(f"/api/v1/indicators?org=TC&year={YEAR}").json()
    rate = {f["code"]: f for f in data["indicators"]}["disclosure.answered_on_time_rate"]
    assert (rate["numerator"], rate["denominator"], rate["value"]) == (2, 4, "50.0")


def test_it_states_a_formula_and_a_basis_for_every_indicator():
    for ind in registry.all_indicators():
        assert ind.description, ind.code
        assert ind.basis, ind.code


def test_a_rate_computed_again_on_a_later_day_counts_what_has_fallen_due_since(world, monkeypatch):
    """The grouped queries are compiled once per process (registry._grouped): a condition on today
    is part of what is compiled, so the same figure asked on another day is a new query."""
    petitions_conclusion(world)
    monkeypatch.setattr(registry, "today", lambda: AS_OF)
    assert registry.compute("petitions.on_time_rate", world.town_a, YEAR).denominator == 3
    assert registry.compute("petitions.on_time_rate", world.town_a, YEAR).denominator == 3
    monkeypatch.setattr(registry, "today", lambda: dt.date(YEAR + 1, 6, 30))
    # The item pending within its period on AS_OF is past due a year later.
    assert registry.compute("petitions.on_time_rate", world.town_a, YEAR).denominator == 4
