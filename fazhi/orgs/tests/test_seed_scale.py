"""`manage.py seed_scale`: a synthetic county for benchmarks, built with bulk writes, whose records
went through the same gates as the demo county's, dated across every year asked for, with history
rows and working demo accounts; a second county can be added next to the first."""

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count
from django.db.models.functions import ExtractYear
from django.test import override_settings
from django.utils import timezone

from fazhi.orgs.models import OrgUnit, User
from fazhi.orgs.tests.test_demo_data import _gates_and_dates_hold
from fazhi.petitions.models import Petition

PASSWORD = "Fazhi@2025demo"


@pytest.mark.django_db
@override_settings(DEMO=True, FAZHI_DEMO_PASSWORD=PASSWORD)
def test_it_builds_a_county_at_scale_and_a_second_one_beside_it(capsys):
    call_command("seed_scale", "--townships", "2", "--years", "3", "--volume", "2")
    county = OrgUnit.objects.get(code="SFX")
    towns = list(county.children.order_by("code"))
    assert [t.code for t in towns] == ["SFX01", "SFX02"]
    for username, org in [("county", county), ("clerk1", towns[0]), ("leader2", towns[1])]:
        user = User.objects.get(username=username)
        assert user.check_password(PASSWORD) and user.org == org and user.groups.exists()
    _gates_and_dates_hold()

    year = timezone.localdate().year
    per_year = dict(
        Petition.objects.filter(org=towns[0])
        .annotate(y=ExtractYear("received_on"))
        .values_list("y")
        .annotate(n=Count("id"))
    )
    assert set(per_year) == {year - 2, year - 1, year}
    # Twice the demo county's everyday volume: a demo township has 25–40 petitions a year.
    assert min(per_year.values()) > 25
    petition = Petition.objects.filter(org=towns[0]).exclude(petitioner_id_number="").first()
    assert len(petition.petitioner_id_number) == 18
    assert Petition.history.filter(id=petition.pk, history_type="+").count() == 1
    assert Petition.history.count() == Petition.objects.count()
    steps = set(Petition.objects.values_list("step", flat=True))
    assert {"registered", "handling", "closed"} <= steps
    assert "built" in capsys.readouterr().out

    call_command("seed_scale", "--townships", "1", "--years", "2", "--volume", "1", "--county-code", "XB")
    assert User.objects.get(username="xb_clerk1").org.code == "XB01"
    assert User.objects.get(username="clerk1").org.code == "SFX01"
    assert Petition.objects.filter(org__code="XB01").exists()

    with pytest.raises(CommandError, match="--county-code"):
        call_command("seed_scale", "--townships", "1", "--county-code", "XB")
