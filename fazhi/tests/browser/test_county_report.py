"""The county's own annual report in a real browser: the county's office drafts it from its two
townships' records, rewrites a paragraph, checks, signs off, records the secrecy review and
submits it to the city, which is not on the platform: the page says it is recorded as submitted,
and the county publishes it itself; the public page then shows it without login."""

import datetime as dt

import pytest

from fazhi.ledger.tests.factories import make_dispute
from fazhi.reports.models import Report
from fazhi.reports.tests.conftest import YEAR, add_records
from fazhi.tests.browser.conftest import DESKTOP, log_in

pytestmark = pytest.mark.browser


def step(page, button, note=""):
    form = page.locator("form", has=page.get_by_role("button", name=button, exact=True))
    if note:
        form.locator("textarea").fill(note)
    form.get_by_role("button", name=button, exact=True).click()
    page.wait_for_load_state()


def test_the_county_drafts_edits_signs_off_and_submits_its_own_report(open_page, world):
    add_records(world)
    for month in (4, 5):
        make_dispute(world, org=world.town_b, registered_on=dt.date(YEAR, month, 9))
    page = open_page(**DESKTOP)
    # Drafting a county report sums every township's figures: slower than a township's page.
    page.set_default_timeout(60_000)
    page.on("dialog", lambda d: d.accept())
    log_in(page, world.county_user)
    page.get_by_role("link", name="年度报告").click()
    page.get_by_label("报告年度").select_option(str(YEAR))
    page.get_by_role("button", name="起草年度报告").click()
    page.wait_for_url("**/tasks/*/")
    page.get_by_role("link", name="打开报告").click()
    page.wait_for_url(lambda url: "/reports/" in url and url.rstrip("/").split("/")[-1].isdigit())
    report = Report.objects.get(org=world.county)
    assert page.get_by_role(
        "heading", name=f"测试县人民政府关于{YEAR}年度法治政府建设情况的报告"
    ).is_visible()
    # 3 disputes of township A and 2 of township B.
    chip = page.locator('[data-code="mediation.disputes"]').first
    assert chip.inner_text() == "5件"
    assert "市委、市政府" in page.locator("#report-receiver").inner_text()

    paragraph = page.locator(".report-paragraph", has=chip)
    paragraph.hover()
    paragraph.get_by_role("button", name="改写").click()
    editor = page.locator("form.report-paragraph .chip-editor")
    editor.wait_for()
    editor.click()
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    page.keyboard.type("全县各乡镇（街道）共受理矛盾纠纷")
    form = page.locator("form.report-paragraph")
    form.get_by_text("插入数字").click()
    form.get_by_placeholder("输入名称筛选，如：调解").fill("受理矛盾纠纷")
    form.locator(".chip-insert", has_text="受理矛盾纠纷").click()
    page.keyboard.type("，做到件件有着落。")
    page.get_by_role("button", name="保存段落").click()
    edited = page.locator("div.report-paragraph", has_text="做到件件有着落")
    edited.wait_for()
    assert edited.inner_text().startswith("全县各乡镇（街道）共受理矛盾纠纷5件")

    step(page, "审核通过", "数字与各乡镇台账合计一致")
    assert page.locator("#report-state").inner_text() == "已审核"
    step(page, "签发", "同意报送")
    step(page, "记录保密审查", "经审查不涉密，可以公开")
    step(page, "报送市委、市政府")
    assert page.locator("#report-state").inner_text() == "已报送市委、市政府"
    receipt = page.locator("#report-receipt").inner_text()
    assert "上级机关尚未在本平台接收报告，本平台记录为已报送" in receipt
    steps = page.locator("#steps").inner_text()
    for label in ["起草", "审核", "签发", "保密审查", "报送上级"]:
        assert label in steps
    assert "司法所" not in steps
    report.refresh_from_db()
    assert report.state == Report.State.SUBMITTED
    assert report.signer == world.county_user.full_name

    # No level above receives reports here: the county publishes its own, after confirming.
    asked = []
    page.on("dialog", lambda d: asked.append(d.message))
    assert "公开发布" in page.locator("#next-step").inner_text()
    step(page, "公开发布", "县人民政府门户网站")
    assert any("向社会公开" in m for m in asked)
    assert page.locator("#report-state").inner_text() == "已公开"
    report.refresh_from_db()
    assert report.state == Report.State.PUBLISHED
    # The public page, without login, lists it under the county's name and shows it.
    public = open_page(**DESKTOP)
    public.goto("/public/reports/")
    row = public.locator("tr", has=public.get_by_role("link", name=report.title))
    assert row.locator("td").first.inner_text() == "测试县"
    assert (
        row.get_by_role("link", name="PDF").get_attribute("href")
        == f"/public/reports/{report.pk}/download.pdf"
    )
    row.get_by_role("link", name=report.title).click()
    public.wait_for_url(f"**/public/reports/{report.pk}/")
    assert "现将测试县" in public.locator(".gw-page").inner_text()
