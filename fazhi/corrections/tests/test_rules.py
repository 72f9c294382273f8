import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from fazhi.corrections import rules
from fazhi.corrections.models import CorrectionPerson, LeaveRequest, PreSentenceInvestigation
from fazhi.corrections.tests.factories import make_person
from fazhi.ledger.tests.factories import make_record

pytestmark = pytest.mark.django_db


def test_it_flags_a_report_in_after_ten_days(world):
    effective = dt.date(2025, 3, 3)
    on_time = make_person(world, judgment_effective_on=effective, reported_on=dt.date(2025, 3, 13))
    late = make_person(world, judgment_effective_on=effective, reported_on=dt.date(2025, 3, 14))
    assert not on_time.reported_late and late.reported_late
    assert "第二十一条" in rules.REPORT_IN_RULE


def test_it_refuses_a_leave_that_ends_before_it_starts(client, world):
    person = make_person(world)
    client.force_login(world.reviewer_a)
    response = client.post(
        reverse("ledger:create", args=["correction-leaves"]),
        {
            "person": person.pk,
            "requested_on": "2025-05-01",
            "from_on": "2025-05-05",
            "to_on": "2025-05-03",
            "destination": "市区",
            "reason": "就医",
            "approved": "on",
        },
    )
    assert response.status_code == 200
    assert "外出截止日期不能早于起始日期" in response.content.decode()
    assert not LeaveRequest.objects.exists()


def test_it_lists_what_the_justice_office_must_still_do(world):
    today = timezone.localdate()
    waiting = make_person(
        world, name="未报到", reported_on=None, judgment_effective_on=today - dt.timedelta(days=3)
    )
    away = make_person(world, name="外出人")
    make_record(
        LeaveRequest,
        world.town_a,
        person=away,
        requested_on=today - dt.timedelta(days=9),
        from_on=today - dt.timedelta(days=8),
        to_on=today - dt.timedelta(days=2),
        destination="省城",
        reason="探亲",
        approved=True,
    )
    inv = make_record(
        PreSentenceInvestigation,
        world.town_a,
        entrusted_on=today - dt.timedelta(days=2),
        entrusting_authority="测试县人民法院",
        subject="钱某",
    )
    make_person(world, org=world.town_b, name="乙乡对象", reported_on=None)
    due = rules.corrections_due([world.town_a.pk], today)
    found = {(type(r).__name__, r.pk, d): reason for r, d, reason in due}
    report_in = found[("CorrectionPerson", waiting.pk, rules.report_in_due(waiting))]
    assert "尚未报到" in report_in and "第二十一条" in report_in
    assert rules.report_in_due(waiting) >= today + dt.timedelta(days=7)
    assert "销假" in found[("LeaveRequest", away.leaves.get().pk, today - dt.timedelta(days=2))]
    assert ("PreSentenceInvestigation", inv.pk, rules.investigation_due(inv).date) in found
    assert "矫正期满" in found[("CorrectionPerson", away.pk, away.end_on)]
    assert rules.investigation_due(inv).date > inv.entrusted_on + dt.timedelta(days=11)  # working days
    assert not any(getattr(r, "name", "") == "乙乡对象" for r, _, _ in due)


def test_it_needs_a_release_date_once_the_correction_has_ended(world):
    from django.core.exceptions import ValidationError

    person = make_person(world)
    person.status = CorrectionPerson.Status.RELEASED
    with pytest.raises(ValidationError) as exc:
        person.full_clean()
    assert "解矫（终止）日期" in str(exc.value)
