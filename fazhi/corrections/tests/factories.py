import datetime as dt

from django.utils import timezone

from fazhi.corrections.models import CorrectionPerson
from fazhi.ledger.tests.factories import id_number, make_record


def make_person(world, org=None, **values) -> CorrectionPerson:
    org = org or world.town_a
    today = timezone.localdate()
    defaults = {
        "name": "赵矫正",
        "id_number": id_number(3),
        "phone": "13812345678",
        "address": "甲镇甲一村幸福路8号",
        "village": world.village_a if org == world.town_a else world.village_b,
        "kind": "probation",
        "crime": "危险驾驶罪",
        "judgment_effective_on": today - dt.timedelta(days=60),
        "reported_on": today - dt.timedelta(days=55),
        "start_on": today - dt.timedelta(days=60),
        "end_on": today + dt.timedelta(days=300),
    }
    defaults.update(values)
    return make_record(CorrectionPerson, org, world.reviewer_a, **defaults)
