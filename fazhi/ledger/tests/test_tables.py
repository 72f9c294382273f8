"""The monthly grid as states, and Excel on every table a user reads: the to-do list, the grid,
the county's table and the ledger exports (header, widths, frozen header, rows, 乡镇 column)."""

import datetime as dt
import io
from urllib.parse import unquote

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from fazhi.ledger import months, registry
from fazhi.ledger.models import NilReturn
from fazhi.ledger.tests.factories import make_dispute
from fazhi.mediation.models import Dispute

pytestmark = pytest.mark.django_db


def workbook(response):
    assert response.status_code == 200, response.content[:300]
    content = b"".join(response.streaming_content)
    return load_workbook(io.BytesIO(content)).worksheets[0]


def rows_of(ws) -> list[list]:
    return [list(r) for r in ws.iter_rows(values_only=True)]


def file_name(response) -> str:
    return unquote(response["Content-Disposition"])


def late_dispute(world, org=None, **values) -> Dispute:
    return Dispute.objects.create(
        org=org or world.town_a,
        registered_on=timezone.localdate() - dt.timedelta(days=60),
        kind="neighbour",
        village=world.village_a if org in (None, world.town_a) else world.village_b,
        applicant="张三",
        summary="宅基地边界争执",
        status="mediating",
        **values,
    )


def test_it_tells_the_four_states_of_a_month_apart(world):
    disputes = registry.get("disputes")
    today = dt.date(2025, 6, 15)
    make_dispute(world, registered_on=dt.date(2025, 3, 4))
    make_dispute(world, org=world.town_b, village=world.village_b, registered_on=dt.date(2025, 6, 2))
    NilReturn.objects.create(
        org=world.town_a, ledger="disputes", year=2025, month=4, declared_by=world.clerk_a
    )
    status = months.month_status(disputes, [world.town_a.pk, world.town_b.pk], 2025, today)
    a, b = status[world.town_a.pk], status[world.town_b.pk]
    assert a[3] == months.FILLED  # a past month with a record
    assert a[4] == months.NIL  # a past month declared empty
    assert a[5] == months.BLANK  # a past month with neither: missing
    assert a[6] == months.FUTURE  # the month under way is not missing before it has ended
    assert b[6] == months.FILLED  # …but a record already in counts
    assert a[7] == months.FUTURE and a[12] == months.FUTURE
    assert months.LABELS[a[6]] == "未到期" and months.LABELS[a[5]] == "未填报"
    # A past year is due in full; a coming year not at all.
    assert months.month_status(disputes, [world.town_a.pk], 2024, today)[world.town_a.pk][12] == months.BLANK
    assert set(months.month_status(disputes, [world.town_a.pk], 2026, today)[world.town_a.pk].values()) == {
        months.FUTURE
    }


def test_it_shows_state_words_with_a_matching_legend_and_the_actions_in_a_menu(client, world):
    last_year = timezone.localdate().year - 1
    make_dispute(world, registered_on=dt.date(last_year, 2, 3))
    NilReturn.objects.create(
        org=world.town_a, ledger="disputes", year=last_year, month=3, declared_by=world.clerk_a
    )
    client.force_login(world.clerk_a)
    page = client.get(reverse("ledger:nil_returns") + f"?year={last_year}").content.decode()
    legend = page[page.index('id="grid-legend"') : page.index("</ul>", page.index('id="grid-legend"'))]
    for state, label in months.LABELS.items():
        assert f'class="m-swatch m-{state}"' in legend and label in legend
    grid = page[page.index('id="month-grid"') :]
    assert 'class="month-cell m-filled" data-state="filled"' in grid
    assert 'class="month-cell m-nil" data-state="nil"' in grid
    assert 'class="month-cell m-blank" data-state="blank"' in grid
    # State words in the cells; declaring and withdrawing sit in each cell's menu.
    assert "已填报" in grid and "本月无" in grid and "未填报" in grid
    assert (
        'data-bs-toggle="dropdown"' in grid
        and "申报本月无</button>" in grid
        and "撤回本月无</button>" in grid
    )
    assert ">无</button>" not in grid and ">撤</button>" not in grid
    # The county reads the same states but is offered no action.
    client.force_login(world.county_user)
    page = client.get(reverse("ledger:nil_returns") + f"?year={last_year}").content.decode()
    assert "未填报" in page and "申报本月无</button>" not in page and 'data-bs-toggle="dropdown"' not in page


def test_it_does_not_call_the_current_month_missing(client, world):
    today = timezone.localdate()
    client.force_login(world.clerk_a)
    response = client.get(reverse("ledger:nil_returns") + f"?year={today.year}")
    cells = dict(dict(response.context["grid"])[registry.get("disputes")])[world.town_a]
    assert cells[today.month - 1].state == months.FUTURE
    assert cells[today.month - 1].may_declare  # 本月无 may still be declared for it
    assert all(c.state == months.BLANK for c in cells[: today.month - 1])


def test_it_exports_the_grid_with_every_township_for_the_county(client, world):
    last_year = timezone.localdate().year - 1
    make_dispute(world, registered_on=dt.date(last_year, 1, 5))
    client.force_login(world.county_user)
    response = client.get(reverse("ledger:nil_returns") + f"?year={last_year}&format=xlsx")
    assert f"月度填报情况-{last_year}年-" in file_name(response)
    ws = workbook(response)
    rows = rows_of(ws)
    assert rows[0] == ["领域", "台账", "乡镇", *[f"{m}月" for m in range(1, 13)]]
    assert ws.freeze_panes == "A2" and ws.column_dimensions["B"].width == 18
    disputes = {r[2]: r[3:] for r in rows[1:] if r[1] == "矛盾纠纷"}
    assert disputes["甲镇"][0] == "已填报" and disputes["甲镇"][1] == "未填报"
    assert disputes["乙乡"][0] == "未填报"


def test_it_exports_the_to_do_list_with_the_township_for_the_county_only(client, world):
    a = late_dispute(world)
    late_dispute(world, org=world.town_b)
    client.force_login(world.county_user)
    response = client.get(reverse("ledger:todo") + "?days=10&format=xlsx")
    assert "待办与到期-10个工作日内-" in file_name(response)
    ws = workbook(response)
    header, *rows = rows_of(ws)
    assert header == ["期限", "状态", "乡镇", "领域", "事项", "原因"]
    assert ws.freeze_panes == "A2" and ws.column_dimensions["F"].width == 60
    assert sorted(r[2] for r in rows) == ["乙乡", "甲镇"]
    assert {r[1] for r in rows} == {"已逾期"} and all("第三十三条" in r[5] for r in rows)
    client.force_login(world.clerk_a)
    header, *rows = rows_of(workbook(client.get(reverse("ledger:todo") + "?format=xlsx")))
    assert header == ["期限", "状态", "领域", "事项", "原因"]
    assert [r[3] for r in rows] == [str(a)]


def test_it_exports_a_ledger_with_widths_a_frozen_header_and_the_filter_in_the_name(client, world):
    year = timezone.localdate().year
    make_dispute(world, registered_on=dt.date(year, 1, 5), kind="neighbour")
    make_dispute(world, org=world.town_b, village=world.village_b, registered_on=dt.date(year, 1, 6))
    client.force_login(world.county_user)
    response = client.get(reverse("ledger:export", args=["disputes"]) + f"?year={year}&kind=neighbour")
    assert f"矛盾纠纷-{year}年-邻里纠纷-" in file_name(response)
    ws = workbook(response)
    header, *rows = rows_of(ws)
    assert header[:2] == ["系统编号", "乡镇"]
    assert ws.freeze_panes == "B2" and ws.column_dimensions["A"].width >= 10
    assert sorted(r[1] for r in rows) == ["乙乡", "甲镇"]
    client.force_login(world.clerk_a)
    header, *rows = rows_of(
        workbook(client.get(reverse("ledger:export", args=["disputes"]) + f"?year={year}"))
    )
    assert "乡镇" not in header and len(rows) == 1


def test_it_exports_the_county_table_of_indicators(client, world):
    year = timezone.localdate().year
    make_dispute(world, registered_on=dt.date(year, 1, 5))
    client.force_login(world.county_user)
    response = client.get(f"/?year={year}&format=xlsx")
    assert f"测试县各乡镇对比-{year}年-" in file_name(response)
    ws = workbook(response)
    header, *rows = rows_of(ws)
    assert header == ["领域", "指标", "单位", "甲镇", "乙乡", "全县"]
    assert ws.freeze_panes == "A2" and ws.column_dimensions["B"].width == 30
    registered = next(r for r in rows if r[1] == "受理矛盾纠纷")
    assert registered[3:] == [1, 0, 1]
