"""A township clerk's journeys through the disputes ledger in a real browser: logging in, adding
a dispute on a phone, and the Excel round trip (import with an error, fix, import, export,
re-import without duplicates)."""

import os
import re
from pathlib import Path

import pytest
from django.utils import timezone
from openpyxl import Workbook

from fazhi.ledger import excel, registry
from fazhi.mediation.models import Dispute
from fazhi.tests.browser.conftest import DESKTOP, PHONE, log_in

pytestmark = pytest.mark.browser

FIELDS = ["registered_on", "kind", "village", "applicant", "summary"]


def test_it_logs_a_clerk_in_through_the_login_page(open_page, world, live_server):
    page = open_page(**DESKTOP)
    log_in(page, world.clerk_a)
    assert page.url == page.context.pages[0].url
    assert page.url.removeprefix(live_server.url) == "/"
    assert page.locator("nav.navbar").get_by_text("clerk_a").is_visible()
    page.goto("/l/disputes/")
    assert page.get_by_role("heading", name="矛盾纠纷").is_visible()


def test_it_adds_a_dispute_on_a_phone(open_page, world, tmp_path):
    page = open_page(**PHONE)
    log_in(page, world.clerk_a)
    page.goto("/l/disputes/new/")
    page.get_by_label("登记日期").fill(timezone.localdate().isoformat())
    page.get_by_label("纠纷类型").select_option(label="邻里纠纷")
    page.get_by_label("发生村（社区）").select_option(label=world.village_a.name)
    page.get_by_label("申请人（当事人）").fill("王秀英")
    page.get_by_label("纠纷简要情况").fill("宅基地边界滴水檐争议")
    page.get_by_role("button", name="保存", exact=True).click()
    page.wait_for_url(lambda url: "/new/" not in url)

    page.goto("/l/disputes/")
    row = page.locator("#ledger-table tbody tr", has_text="王秀英")
    assert row.count() == 1
    assert "邻里纠纷" in row.inner_text()
    assert "已受理" in row.inner_text()
    assert Dispute.objects.get().org == world.town_a

    # Usable on a phone: nothing pushes the page sideways (the table scrolls inside its box)
    # and the add button is on screen without scrolling.
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    add = page.get_by_role("link", name="新增").bounding_box()
    assert add is not None and add["x"] + add["width"] <= 390 and add["y"] + add["height"] <= 844
    shots = Path(os.environ.get("FAZHI_SCREENSHOTS") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(shots / "disputes-list-phone.png"), full_page=True)


def sheet(path: Path, rows: list[list]) -> Path:
    ledger = registry.get("disputes")
    wb = Workbook()
    ws = wb.active
    ws.append([excel.header_label(ledger, name) for name in FIELDS])
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def upload(page, path: Path) -> None:
    page.goto("/l/disputes/import/")
    page.locator("#file").set_input_files(str(path))
    page.get_by_role("button", name="上传并校验").click()
    page.wait_for_url("**/tasks/*/")


def confirm(page) -> None:
    page.get_by_role("button", name="确认导入").click()
    page.get_by_text("导入完成").wait_for()


def test_it_round_trips_the_disputes_sheet(open_page, world, tmp_path):
    page = open_page(**DESKTOP)
    log_in(page, world.clerk_a)
    today = timezone.localdate().isoformat()
    good = [today, "邻里纠纷", world.village_a.name, "李建国", "相邻通行纠纷"]
    bad = [today, "吵架", world.village_a.name, "张桂兰", "噪音纠纷"]

    upload(page, sheet(tmp_path / "bad.xlsx", [good, bad]))
    errors = [row.split("\t") for row in page.locator("#import-errors tbody tr").all_inner_texts()]
    assert [
        "第3行",
        "纠纷类型",
        "“吵架”不在数据字典“纠纷类型”中，可选：婚姻家庭、邻里纠纷、损害赔偿、劳资纠纷、土地承包、征地拆迁、山林水利、合同纠纷、物业纠纷、环境污染、交通事故、其他",
    ] in errors
    assert {(row, column) for row, column, _ in errors} == {("第3行", "纠纷类型")}
    assert page.get_by_text("未写入任何数据").is_visible()
    assert Dispute.objects.count() == 0

    bad[1] = "环境污染"
    upload(page, sheet(tmp_path / "fixed.xlsx", [good, bad]))
    assert page.locator("#import-errors").count() == 0
    confirm(page)
    assert Dispute.objects.filter(org=world.town_a).count() == 2

    page.goto("/l/disputes/?year=all")
    with page.expect_download() as download_info:
        # The icon's glyph is part of the link's accessible name, hence "ends with".
        page.get_by_role("link", name=re.compile("导出$")).click()
    download = download_info.value
    assert download.suggested_filename.endswith(".xlsx")
    exported = tmp_path / download.suggested_filename
    download.save_as(exported)

    upload(page, exported)
    assert page.locator("#import-errors").count() == 0
    # The round trip changes nothing: both rows are recognised as unchanged.
    assert page.get_by_text("新增 0 条，更新 0 条，与原记录相同 2 条").first.is_visible()
    confirm(page)
    assert Dispute.objects.count() == 2
    assert sorted(Dispute.objects.values_list("applicant", flat=True)) == ["张桂兰", "李建国"]
