"""Levels above the county: a city (province) supervisor reads its counties and their townships,
figures aggregate at every level (rates recomputed from summed parts), nobody below sees the city,
and the read-only roles write nothing anywhere, on pages or the API."""

from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from fazhi.conftest import PASSWORD, make_user
from fazhi.indicators import registry
from fazhi.ledger.tests.factories import make_record
from fazhi.orgs import readonly, roles
from fazhi.orgs.models import ApiToken, Level, OrgUnit, User
from fazhi.reports.models import Report

UNSAFE = ("post", "put", "patch", "delete")


@dataclass
class Above:
    province: OrgUnit
    city: OrgUnit
    county_b: OrgUnit
    town_c: OrgUnit
    other_city: OrgUnit
    other_county: OrgUnit
    other_town: OrgUnit
    city_user: User
    province_user: User
    other_city_user: User


def place_under(unit: OrgUnit, parent: OrgUnit) -> None:
    old = unit.path
    unit.parent = parent
    unit.save()
    for below in OrgUnit.objects.filter(path__startswith=old).exclude(pk=unit.pk):
        OrgUnit.objects.filter(pk=below.pk).update(path=unit.path + below.path[len(old) :])


@pytest.fixture
def above(world) -> Above:
    province = OrgUnit.objects.create(code="PV", name="测试省", level=Level.PROVINCE)
    city = OrgUnit.objects.create(code="CT", name="测试市", level=Level.CITY, parent=province)
    place_under(world.county, city)
    for name in ("county", "town_a", "town_b", "village_a", "village_b", "grid_a"):
        getattr(world, name).refresh_from_db()
    county_b = OrgUnit.objects.create(code="TD", name="丁县", level=Level.COUNTY, parent=city)
    town_c = OrgUnit.objects.create(code="TDC", name="丙镇", level=Level.TOWNSHIP, parent=county_b)
    other_city = OrgUnit.objects.create(code="OC", name="别市", level=Level.CITY, parent=province)
    other_county = OrgUnit.objects.create(code="OX", name="别县", level=Level.COUNTY, parent=other_city)
    other_town = OrgUnit.objects.create(code="OXA", name="别镇", level=Level.TOWNSHIP, parent=other_county)
    return Above(
        province=province,
        city=city,
        county_b=county_b,
        town_c=town_c,
        other_city=other_city,
        other_county=other_county,
        other_town=other_town,
        city_user=make_user("city", city, "city"),
        province_user=make_user("province", province, "province"),
        other_city_user=make_user("other_city", other_city, "city"),
    )


# ------------------------------------------------------------------------------------- scope


def test_it_shows_a_city_supervisor_its_counties_side_by_side_and_nothing_of_another_city(
    client, world, above
):
    client.force_login(above.city_user)
    page = client.get("/supervision/compare/").content.decode()
    assert "测试县" in page and "丁县" in page
    assert "别县" not in page and "别镇" not in page
    assert "各县（市、区）指标对比" in page
    drilled = client.get("/supervision/compare/", {"org": world.county.code}).content.decode()
    assert "甲镇" in drilled and "乙乡" in drilled and "丙镇" not in drilled
    assert client.get("/supervision/compare/", {"org": above.other_county.code}).status_code == 404
    assert client.get("/indicators/mediation.disputes/", {"org": above.other_town.code}).status_code == 404
    home = client.get("/").content.decode()
    assert "测试县" in home and "丁县" in home and "别县" not in home


def test_it_lets_a_province_supervisor_drill_from_cities_to_townships(client, world, above):
    client.force_login(above.province_user)
    page = client.get("/supervision/compare/").content.decode()
    assert "测试市" in page and "别市" in page
    page = client.get("/supervision/compare/", {"org": above.city.code}).content.decode()
    assert "测试县" in page and "丁县" in page and "别县" not in page
    page = client.get("/supervision/compare/", {"org": world.county.code}).content.decode()
    assert "甲镇" in page and "测试省" in page  # the chain back up


@pytest.mark.parametrize("persona", ["county_user", "clerk_a", "leader_a"])
def test_it_shows_nothing_above_the_county_to_those_below(client, world, above, persona):
    user = getattr(world, persona)
    client.force_login(user)
    for code in (above.city.code, above.province.code, above.county_b.code):
        assert client.get("/supervision/compare/", {"org": code}).status_code in (403, 404)
        assert client.get("/indicators/mediation.disputes/", {"org": code}).status_code in (403, 404)
    page = client.get("/").content.decode()
    assert "测试市" not in page and "丁县" not in page
    raw, _ = ApiToken.issue(user, 1)
    orgs = client.get("/api/v1/orgs", headers={"authorization": f"Bearer {raw}"}).json()
    codes = {o["code"] for o in orgs}
    assert not codes & {above.city.code, above.province.code, above.county_b.code, above.town_c.code}


def test_it_shows_the_city_only_reports_submitted_upward(client, world, above):
    draft = Report.objects.create(
        org=world.town_a, year=2024, title="甲镇草稿", issuer="甲镇", doc_number="", printer="甲镇"
    )
    sent = Report.objects.create(
        org=world.town_b,
        year=2024,
        title="乙乡报告",
        issuer="乙乡",
        doc_number="乙发〔2025〕1号",
        printer="乙乡",
        state=Report.State.SUBMITTED,
    )
    own = Report.objects.create(
        org=above.county_b,
        year=2024,
        title="丁县报告",
        issuer="丁县",
        doc_number="丁发〔2025〕1号",
        printer="丁县",
        state=Report.State.ACCEPTED,
    )
    client.force_login(above.city_user)
    assert set(Report.objects.visible_to(above.city_user)) == {sent, own}
    assert client.get(f"/reports/{draft.pk}/").status_code == 404
    assert client.get(f"/reports/{sent.pk}/").status_code == 200
    page = client.get("/supervision/reports/", {"year": 2024}).content.decode()
    assert "丁县" in page and "乙乡" in page and "尚未报送" in page
    assert "别县" not in page
    client.force_login(above.other_city_user)
    assert client.get(f"/reports/{sent.pk}/").status_code == 404


# -------------------------------------------------------------------------------- aggregation


def test_it_recomputes_a_rate_above_the_county_from_summed_parts(world, above, monkeypatch):
    rate = next(i for i in registry.all_indicators() if i.is_rate)
    # Township A: 1 of 1 (100 %); township B: 0 of 1; township C (the other county): 8 of 10.
    parts = {
        rate.numerator: {world.town_a.pk: 1, world.town_b.pk: 0, above.town_c.pk: 8},
        rate.denominator: {world.town_a.pk: 1, world.town_b.pk: 1, above.town_c.pk: 10},
    }

    def raw(codes, org_ids, year):
        return {code: {o: parts.get(code, {}).get(o, 0) for o in org_ids} for code in codes}

    monkeypatch.setattr(registry, "_raw_once", raw)
    figures = registry.compute_units([rate.code], [world.county, above.county_b, above.city], 2025)[rate.code]
    assert figures[world.county.pk].value == Decimal("50.0")
    assert figures[above.county_b.pk].value == Decimal("80.0")
    # 9 of 12, not the mean of 50 % and 80 %.
    city = figures[above.city.pk]
    assert (city.numerator, city.denominator, city.value) == (9, 12, Decimal("75.0"))
    assert registry.compute(rate.code, above.province, 2025).value == Decimal("75.0")
    assert registry.total(rate, {k: v for k, v in figures.items() if k != above.city.pk}).value == Decimal(
        "75.0"
    )


def test_it_sums_counts_of_every_township_below_a_city(world, above):
    code = "leadership.meetings"
    year = timezone.localdate().year
    model = registry.records_behind(code, world.town_a, year).model
    for org, n in ((world.town_a, 2), (world.town_b, 1), (above.town_c, 3), (above.other_town, 5)):
        for _ in range(n):
            make_record(model, org, world.clerk_a)
    assert registry.compute(code, world.town_a, year).value == 2
    units = [world.county, above.county_b, above.city, above.province]
    figures = registry.compute_units([code], units, year)[code]
    assert [figures[u.pk].value for u in units] == [3, 3, 6, 11]


def test_it_compares_a_city_in_as_many_queries_whatever_the_number_of_counties(client, world, above):
    client.force_login(above.city_user)
    query = {"years": [2024, 2025]}

    def count() -> int:
        client.get("/supervision/compare/", query)  # warm caches (session, settings)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/supervision/compare/", query).status_code == 200
        return len(ctx.captured_queries)

    before = count()
    for n in range(3):
        county = OrgUnit.objects.create(code=f"TE{n}", name=f"戊{n}县", level=Level.COUNTY, parent=above.city)
        for m in range(3):
            OrgUnit.objects.create(code=f"TE{n}{m}", name=f"戊{n}{m}镇", level=Level.TOWNSHIP, parent=county)
    assert count() == before


# --------------------------------------------------------------------------------- read-only


def test_it_gives_the_read_only_roles_no_write_permission():
    for code in roles.READ_ONLY_ROLES:
        role = roles.ROLE_BY_CODE[code]
        assert role.read_only
        assert not [
            p for p in role.permissions if p.split(".")[-1].split("_")[0] in ("add", "change", "delete")
        ]
        assert roles.LEDGER_WRITE not in role.permissions and roles.SENSITIVE_VIEW not in role.permissions
    assert roles.conflicts({"city", "clerk"})
    assert not roles.conflicts({"city", "province"})


def _sample(converter) -> str:
    name = type(converter).__name__
    return "1" if name == "IntConverter" else "x"


def _routes(patterns=None, prefix=""):
    """Every URL of the project with sample values for its parameters."""
    for p in patterns if patterns is not None else get_resolver().url_patterns:
        route = str(p.pattern)
        if hasattr(p.pattern, "converters"):
            for name, converter in p.pattern.converters.items():
                route = route.replace(
                    f"<{type(converter).__name__.removesuffix('Converter').lower()}:{name}>",
                    _sample(converter),
                )
                route = route.replace(f"<{name}>", _sample(converter))
        if "(" in route or "<" in route:
            continue  # regular expressions (the Django admin): refused by the same middleware anyway
        route = route.lstrip("^").rstrip("$")
        if isinstance(p, URLResolver):
            yield from _routes(p.url_patterns, prefix + route)
        elif isinstance(p, URLPattern):
            yield prefix + route, p.name


def _row_counts() -> dict[str, int]:
    skip = {
        "sessions.session",
        "orgs.auditlog",
        "axes.accesslog",
        "axes.accessattempt",
        "axes.accessfailurelog",
    }
    return {
        m._meta.label_lower: m._default_manager.count()
        for m in apps.get_models()
        if m._meta.managed and not m._meta.proxy and m._meta.label_lower not in skip
    }


@pytest.mark.parametrize("persona", ["city_user", "province_user"])
def test_it_refuses_every_write_of_a_read_only_role_on_every_page_and_api_route(
    client, world, above, persona
):
    user = getattr(above, persona)
    raw, _ = ApiToken.issue(user, 1)
    routes = [(f"/{r}", name) for r, name in _routes()]
    assert len(routes) > 100
    before = _row_counts()
    client.force_login(user)
    walked = 0
    for path, name in routes:
        if name in readonly.ACCOUNT_URL_NAMES or path.rstrip("/") in readonly.ACCOUNT_API_PATHS:
            continue
        for method in UNSAFE:
            response = getattr(client, method)(path, data={}, content_type="application/json")
            assert response.status_code == 403, f"{method.upper()} {path} → {response.status_code}"
            if path.startswith("/api/v1/"):
                api = getattr(client.__class__(), method)(
                    path, data={}, content_type="application/json", headers={"authorization": f"Bearer {raw}"}
                )
                assert api.status_code == 403, f"{method.upper()} {path} (令牌) → {api.status_code}"
                assert "只能查看" in api.json()["detail"]
            walked += 1
    assert walked > 100
    assert _row_counts() == before
    # Reading still works, and the account's own doors stay open.
    client.force_login(user)
    assert client.get("/supervision/compare/").status_code == 200
    assert client.post("/accounts/password/", {}).status_code == 200  # the form, with its errors
    response = client.post(
        "/api/v1/auth/token",
        {"username": user.username, "password": PASSWORD},
        content_type="application/json",
    )
    assert response.status_code == 200


def test_it_refuses_the_province_supervisor_too(client, world, above):
    client.force_login(above.province_user)
    for path in ("/supervision/assessments/", "/l/disputes/new/", "/reports/new/", "/manage/orgs/"):
        assert client.post(path, {}).status_code == 403
    raw, _ = ApiToken.issue(above.province_user, 1)
    response = client.__class__().post(
        "/api/v1/ledgers/disputes",
        {},
        content_type="application/json",
        headers={"authorization": f"Bearer {raw}"},
    )
    assert response.status_code == 403


def test_it_lets_the_county_still_write(client, world, above):
    client.force_login(world.county_user)
    response = client.post("/supervision/assessments/", {"year": 2024, "title": "2024年度考核方案"})
    assert response.status_code in (200, 302)
    assert not readonly.refusal(type("R", (), {"method": "POST", "path_info": "/l/x/"})(), world.clerk_a)


def test_it_lets_the_system_administrator_put_a_city_and_a_province_above_the_county(client, world):
    client.force_login(world.sysadmin)
    response = client.post(
        f"/manage/orgs/{world.county.pk}/", {"op": "add_parent", "up-code": "NC", "up-name": "新市"}
    )
    assert response.status_code == 302
    city = OrgUnit.objects.get(code="NC")
    world.town_a.refresh_from_db()
    assert city.level == Level.CITY and city.parent is None
    assert world.town_a.path == "NC/TC/TCA/"
    client.post(f"/manage/orgs/{city.pk}/", {"op": "add_parent", "up-code": "NP", "up-name": "新省"})
    assert OrgUnit.objects.get(code="NP").level == Level.PROVINCE
    city.refresh_from_db()
    assert city.path == "NP/NC/"
    # A county that already has a parent gets no second one.
    response = client.post(
        f"/manage/orgs/{world.county.pk}/", {"op": "add_parent", "up-code": "NX", "up-name": "另一市"}
    )
    assert not OrgUnit.objects.filter(code="NX").exists()
    # A new county can be added under the city.
    client.post(f"/manage/orgs/{city.pk}/", {"op": "add", "add-code": "NC02", "add-name": "新县"})
    assert OrgUnit.objects.get(code="NC02").level == Level.COUNTY
