"""`manage.py seed_scale`: a synthetic county for benchmarks, built with bulk writes, whose records
went through the same gates as the demo county's, dated across every year asked for, with history
rows and working demo accounts; a second county can be added next to the first."""

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db.models import Count, F
from django.db.models.functions import ExtractYear
from django.test import override_settings
from django.utils import timezone

from fazhi.indicators import registry
from fazhi.ledger import duedates
from fazhi.mediation.models import Dispute
from fazhi.orgs import demo, scale
from fazhi.orgs.models import Department, Level, OrgUnit, User
from fazhi.orgs.tests.test_demo_data import (
    _figures,
    _gates_and_dates_hold,
    _shared_queries_give_each_figure_its_own_value,
    _stored_to_do_lists_what_scanning_every_record_lists,
)
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


def _ledger_models():
    from fazhi.orgs import scale

    return [
        m
        for m in apps.get_models()
        if m._meta.app_config.name in scale.VOLUME
        and not m.__name__.startswith("Historical")
        and any(f.name == "org" for f in m._meta.concrete_fields)
    ]


def _links_stay_in_their_township(county):
    models = _ledger_models()
    with_history = 0
    for model in models:
        records = set(model._base_manager.values_list("pk", "org_id"))
        # One "+" history row per record, carrying the record's id and township (where the demo
        # generator writes history: a few registers have none).
        history = set(model.history.filter(history_type="+").values_list("id", "org_id"))
        assert history == records or not history, model
        with_history += bool(history)
        for f in model._meta.concrete_fields:
            if not f.is_relation or f.name == "org":
                continue
            rows = model._base_manager.filter(**{f"{f.name}__isnull": False})
            if f.related_model is OrgUnit:  # villages, grids
                for town, linked in rows.values_list("org__path", f"{f.name}__path").distinct():
                    assert linked.startswith(town) and linked != town, (model, f.name)
            elif f.related_model in models or f.related_model is Department:
                assert not rows.exclude(**{f"{f.name}__org": F("org")}).exists(), (model, f.name)
            elif f.related_model is User:
                for town, user_org in rows.values_list("org_id", f"{f.name}__org_id").distinct():
                    assert user_org in (town, county.pk), (model, f.name)
    assert with_history >= 30


@pytest.mark.django_db
@override_settings(DEMO=True, FAZHI_DEMO_PASSWORD=PASSWORD)
def test_townships_copied_from_templates_pass_the_demo_checks():
    """Beyond the templates, townships are copies made in SQL: their records still went through
    every gate, their stored due dates and to-do lists are what the rules give, their links stay
    inside the township, every figure computes, townships differ, and a clerk sees only its own."""
    call_command("seed_scale", "--townships", "6", "--years", "2", "--volume", "2", "--templates", "2")
    county = OrgUnit.objects.get(code="SFX")
    towns = list(county.children.order_by("code"))
    templates, copies = towns[:2], towns[2:]
    today = timezone.localdate()
    _gates_and_dates_hold()
    assert duedates.recompute() == 0  # the copied stored due dates are what the rules give
    _stored_to_do_lists_what_scanning_every_record_lists(today)
    _links_stay_in_their_township(county)

    cloner = scale.Cloner(list(scale.VOLUME))
    assert {Dispute, Petition} <= cloner.thinned
    kept = {m for m in cloner.models if m not in cloner.thinned}
    disputes = []
    for town in copies:
        # Each copy is one template's: the registers and procedures whole, the everyday ledgers
        # a share of them (some records are left out, never added).
        def counts(org, models):
            return {m: m._base_manager.filter(org=org).count() for m in models}

        source = [t for t in templates if counts(t, kept) == counts(town, kept)]
        assert source, town
        mine, theirs = counts(town, cloner.thinned), counts(source[0], cloner.thinned)
        assert all(mine[m] <= theirs[m] for m in mine)
        assert scale.KEEP[0] - 0.15 <= mine[Dispute] / theirs[Dispute] <= 1, (mine[Dispute], theirs[Dispute])
        disputes.append(mine[Dispute])
        clerk = User.objects.get(org=town, username__startswith="clerk")
        assert clerk.check_password(PASSWORD)
        visible = Dispute.objects.visible_to(clerk)
        assert visible.count() == mine[Dispute] > 0
        assert set(Petition.objects.visible_to(clerk).values_list("org", flat=True)) == {town.pk}
    assert len(set(disputes)) > 1  # copies differ from each other

    for year in (today.year - 1, today.year):
        townships, figs = _figures(year)
        assert len(townships) == 6
        for code, values in figs.items():
            assert set(values) == {t.pk for t in townships}, code
        # The copies' everyday counts are nonzero where their template's are.
        for t in copies:
            assert figs["mediation.disputes"][t.pk].value > 0
        _shared_queries_give_each_figure_its_own_value(townships, year)


@pytest.mark.django_db
@override_settings(DEMO=True, FAZHI_DEMO_PASSWORD=PASSWORD)
def test_it_builds_a_province_whose_counties_share_the_township_copies(client):
    """`--counties 2`: a province > city > two counties; the townships of both are the one
    template's copies; the province supervisor compares its city, drills to the counties and their
    townships, and its figures are the sum of its counties'; a county supervisor sees its county."""
    call_command(
        "seed_scale",
        "--townships",
        "3",
        "--years",
        "2",
        "--volume",
        "1",
        "--templates",
        "1",
        "--counties",
        "2",
    )
    province = OrgUnit.objects.get(level=Level.PROVINCE)
    city = OrgUnit.objects.get(level=Level.CITY)
    counties = list(OrgUnit.objects.filter(level=Level.COUNTY).order_by("pk"))
    assert (province.code, city.parent, [c.parent for c in counties]) == (
        demo.PROVINCE[0],
        province,
        [city] * 2,
    )
    towns = [list(c.children.order_by("code")) for c in counties]
    assert [len(t) for t in towns] == [2, 1]
    for username, org in [
        ("province", province),
        ("city", city),
        ("county", counties[0]),
        ("clerk2", towns[0][1]),
        (f"{counties[1].code.lower()}_county", counties[1]),
        (f"{counties[1].code.lower()}_clerk1", towns[1][0]),
    ]:
        user = User.objects.get(username=username)
        assert user.check_password(PASSWORD) and user.org == org and user.groups.exists(), username
    for t in (*towns[0], *towns[1]):
        assert Dispute.objects.filter(org=t).exists(), t.code
    _links_stay_in_their_township(counties[0])

    def rows(user, org=None):
        client.force_login(user)
        response = client.get("/supervision/compare/", {"org": org.code} if org else {})
        assert response.status_code == 200
        return [unit for unit, _, _ in response.context["rows"]], response.context

    supervisor = User.objects.get(username="province")
    assert rows(supervisor)[0] == [city]
    assert rows(supervisor, city)[0] == counties
    assert rows(supervisor, counties[1])[0] == towns[1]
    units, page = rows(supervisor, city)

    year = timezone.localdate().year - 1
    codes = [i.code for i in registry.all_indicators()]
    at_province = registry.aggregate(codes, province, year)
    per_county = registry.compute_units(codes, counties, year)
    for code in codes:
        assert at_province[code] == registry.total(registry.get(code), per_county[code]), code
    assert all(per_county["mediation.disputes"][c.pk].value > 0 for c in counties)
    # The page's totals over the counties are the province's figures.
    chosen = [i.code for i in page["chosen"]]
    assert [row[page["years"].index(year)] for row in page["totals"]] == [at_province[c] for c in chosen]

    mine = User.objects.get(username=f"{counties[1].code.lower()}_county")
    assert rows(mine)[0] == towns[1]
    client.force_login(mine)
    for other in (counties[0], city, province):
        assert client.get("/supervision/compare/", {"org": other.code}).status_code == 404
    assert set(Dispute.objects.visible_to(mine).values_list("org", flat=True)) == {towns[1][0].pk}

    with pytest.raises(CommandError, match="--counties"):
        call_command("seed_scale", "--townships", "1", "--counties", "2", "--county-code", "YY")
