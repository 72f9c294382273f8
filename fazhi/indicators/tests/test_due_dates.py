"""The on-time rates read stored due dates: the rule's date is stored on every write and follows a
calendar override, so the figure stays the rule's figure."""

import datetime as dt

from fazhi.ledger.tests.factories import make_record
from fazhi.petitions import rules
from fazhi.petitions.models import Petition


def test_it_stores_the_rules_due_date_on_save_and_after_a_change(world):
    p = make_record(Petition, world.town_a, world.clerk_a, validate=False, received_on=dt.date(2025, 3, 3))
    stored = Petition.objects.filter(pk=p.pk).values_list("notice_due_on", flat=True).get()
    assert stored == rules.notice_due(p).date == dt.date(2025, 3, 18)
    p.received_on = dt.date(2025, 4, 1)
    p.save()
    assert Petition.objects.filter(pk=p.pk).values_list("notice_due_on", flat=True).get() == dt.date(
        2025, 4, 16
    )
