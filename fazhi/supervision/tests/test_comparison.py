import re
from io import BytesIO

from openpyxl import load_workbook

from fazhi.orgs.models import Level, OrgUnit
from fazhi.supervision.tests.factories import YEAR, finding

RATE = "rectification.finding_closure_rate"


def _three(world):
    town_c = OrgUnit.objects.create(code="TCC", name="丙镇", level=Level.TOWNSHIP, parent=world.county)
    for org, closed, open_ in ((world.town_a, 2, 0), (world.town_b, 1, 1), (town_c, 0, 2)):
        for _ in range(closed):
            finding(org, status="closed")
        for _ in range(open_):
            finding(org, status="pending")
    return town_c


def _cell(page, org_code, year=YEAR):
    found = re.search(
        rf'<td class="text-end ([^"]*)"[^>]*><a href="/indicators/{RATE}/\?org={org_code}&amp;year={year}">([^<]*)</a>',
        page,
    )
    return found.group(1).strip(), found.group(2)


def test_it_compares_townships_marks_the_worst_quartile_and_links_each_cell(client, world):
    _three(world)
    client.force_login(world.county_user)
    page = client.get(f"/supervision/compare/?codes={RATE}&years={YEAR - 1}&years={YEAR}").content.decode()
    assert _cell(page, "TCA") == ("", "100.0%")
    assert _cell(page, "TCB") == ("", "50.0%")
    assert _cell(page, "TCC") == ("cell-worst", "0.0%")
    assert "测试县合计" in page and "3/6" in page  # summed numerators and denominators
    assert 'id="chart-data"' in page and "echarts.min.js" in page and "<script>" not in page
    assert 'class="compare-box' in page


def test_it_exports_the_comparison_to_excel(client, world):
    _three(world)
    client.force_login(world.county_user)
    response = client.get(f"/supervision/compare/?codes={RATE}&years={YEAR}&format=xlsx")
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0] == (
        "乡镇",
        "组织编码",
        f"问题整改率（%）{YEAR}年",
        f"问题整改率 {YEAR}年 分子",
        f"问题整改率 {YEAR}年 分母",
    )
    assert rows[1:] == [
        ("甲镇", "TCA", 100.0, 2, 2),
        ("乙乡", "TCB", 50.0, 1, 2),
        ("丙镇", "TCC", 0.0, 0, 2),
        ("合计", None, 50.0, 3, 6),
    ]


def test_it_shows_a_township_only_its_own_row(client, world):
    _three(world)
    client.force_login(world.clerk_b)
    page = client.get(f"/supervision/compare/?codes={RATE}&years={YEAR}").content.decode()
    assert "乙乡" in page and "甲镇" not in page and "丙镇" not in page
    assert client.get("/supervision/profile/TCA/").status_code == 404


def test_it_profiles_a_township_against_the_county_median(client, world):
    _three(world)
    client.force_login(world.county_user)
    page = client.get(f"/supervision/profile/TCC/?codes={RATE}").content.decode()
    assert "丙镇" in page and "全县中位数" in page
    cell = re.search(
        rf'<td class="text-end ([^"]*)"><a href="/indicators/{RATE}/\?org=TCC&amp;year={YEAR}">([^<]*)</a> <span class="text-secondary">/ ([^<]*)</span>',
        page,
    )
    assert cell.groups() == ("cell-below", "0.0%", "50.0")


def test_a_figure_where_lower_is_better_marks_its_highest_values(monkeypatch, world):
    """The lost-case rate is better low: its worst quartile is the highest rates, and a target
    is missed from above (Indicator.lower_is_better)."""
    import dataclasses
    from decimal import Decimal

    from fazhi.indicators import registry
    from fazhi.supervision import comparison

    lost = registry.get("litigation.lost_rate")
    assert lost.lower_is_better and not registry.get(RATE).lower_is_better
    towns = [world.town_a, world.town_b, _three(world)]
    figures = {lost.code: {t.pk: registry.make_rate(n, 10) for t, n in zip(towns, (0, 2, 5), strict=True)}}
    monkeypatch.setattr(registry, "compute_units", lambda codes, units, year: figures)
    cells, _ = comparison.table([lost], towns, [YEAR])
    assert {t.code: cells[(lost.code, YEAR)][t.pk].marks for t in towns} == {
        "TCA": [],
        "TCB": [],
        "TCC": ["worst"],
    }
    held = dataclasses.replace(lost, target=Decimal("10"))
    assert registry.misses_target(held, registry.make_rate(2, 10))
    assert not registry.misses_target(held, registry.make_rate(1, 10))
