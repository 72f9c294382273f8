"""The on-time rates read stored due dates: the rule's date is stored on every write and follows a
calendar override, so the figure stays the rule's figure."""

import datetime as dt

import pytest

from fazhi.disclosure.models import ProactiveItem
from fazhi.enforcement import rules as enforcement_rules
from fazhi.enforcement.models import Case
from fazhi.ledger.models import ProcedureSetting
from fazhi.ledger.tests.factories import make_record
from fazhi.petitions import rules
from fazhi.petitions.models import Petition
from fazhi.workdays.models import DayOverride


def test_it_stores_the_rules_due_date_on_save_and_after_a_change(world):
    p = make_record(Petition, world.town_a, world.clerk_a, validate=False, received_on=dt.date(2025, 3, 3))
    stored = Petition.objects.filter(pk=p.pk).values_list("notice_due_on", flat=True).get()
    assert stored == rules.notice_due(p).date == dt.date(2025, 3, 18)
    p.received_on = dt.date(2025, 4, 1)
    p.save()
    assert Petition.objects.filter(pk=p.pk).values_list("notice_due_on", flat=True).get() == dt.date(
        2025, 4, 16
    )


@pytest.mark.django_db(transaction=True)
def test_it_moves_stored_due_dates_when_a_period_or_the_calendar_changes(world):
    case = make_record(
        Case,
        world.town_a,
        world.clerk_a,
        validate=False,
        decision_on=dt.date(2025, 3, 3),
        decision_result="penalty",
    )
    stored = Case.objects.filter(pk=case.pk).values_list("publication_due_on", flat=True)
    assert stored.get() == dt.date(2025, 3, 12)  # 7 working days
    # A configurable period changed by the system administrator moves the stored date.
    ProcedureSetting.objects.create(key=enforcement_rules.PUBLICATION_PENALTY.key, days=10)
    assert stored.get() == dt.date(2025, 3, 17)
    # A working-day period: an override making the due day a holiday pushes the date on.
    item = make_record(
        ProactiveItem,
        world.town_a,
        world.clerk_a,
        validate=False,
        formed_on=dt.date(2025, 3, 3),
        category="other",
    )
    before = type(item).objects.filter(pk=item.pk).values_list("publish_due_on", flat=True).get()
    DayOverride.objects.create(date=before, is_workday=False, name="测试停工")
    after = type(item).objects.filter(pk=item.pk).values_list("publish_due_on", flat=True).get()
    assert after > before
