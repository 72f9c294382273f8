"""A township with a year of records in the three areas the report draws on."""

import datetime as dt
from decimal import Decimal

import pytest

from fazhi.ledger.tests.factories import make_dispute, make_record
from fazhi.legal_education.models import Activity
from fazhi.reports import drafting
from fazhi.study.models import LawExam, StudySession

YEAR = 2025


def add_records(world, org=None, village=None):
    org = org or world.town_a
    village = village or (world.village_a if org == world.town_a else world.village_b)
    for n, kind in enumerate(["central_group", "pre_meeting", "lecture"]):
        make_record(
            StudySession,
            org,
            held_on=dt.date(YEAR, 3 + n, 10),
            kind=kind,
            topic=f"学习主题{n}",
            laws="《中华人民共和国宪法》、《中华人民共和国行政处罚法》",
            participants=20 + n,
            hours=Decimal("2.0"),
        )
    make_record(
        LawExam,
        org,
        held_on=dt.date(YEAR, 6, 1),
        name="年度学法考试",
        kind="annual",
        expected=40,
        sat=38,
        passed=36,
    )
    make_record(
        Activity,
        org,
        held_on=dt.date(YEAR, 12, 4),
        theme="宪法进万家",
        kind="constitution_day",
        village=village,
        place="村文化广场",
        organiser="司法所",
        audience=300,
        banners=4,
        brochures=500,
        consultations=30,
    )
    for n in range(3):
        make_dispute(
            world,
            org=org,
            registered_on=dt.date(YEAR, 2 + n, 3),
            status="succeeded",
            closed_on=dt.date(YEAR, 2 + n, 20),
            agreement="written",
            agreement_effective_on=dt.date(YEAR, 2 + n, 20),
            agreement_signed_sealed=True,
            performed=True,
            amount=Decimal("12000") * (n + 1),
        )


@pytest.fixture
def records(world):
    add_records(world)
    return world


@pytest.fixture
def report(records):
    return drafting.draft_report(records.town_a, YEAR, records.clerk_a)
