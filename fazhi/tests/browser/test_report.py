"""The annual report in a real browser: a clerk drafts it and rewrites a paragraph, a ledger
record changes, the clerk recomputes and accepts the new figure, the 司法所 checks, the leader
signs off and records the secrecy review, the clerk submits, and the Word file downloads."""

import datetime as dt

import pytest

from fazhi.ledger.tests.factories import make_dispute
from fazhi.reports.models import Report
from fazhi.reports.tests.conftest import YEAR, add_records
from fazhi.tests.browser.conftest import DESKTOP, log_in

pytestmark = pytest.mark.browser


def act(open_page, user, report, button, note=""):
    page = open_page(**DESKTOP)
    page.on("dialog", lambda d: d.accept())
    log_in(page, user)
    page.goto(f"/reports/{report.pk}/")
    form = page.locator("form", has=page.get_by_role("button", name=button, exact=True))
    if note:
        form.locator("textarea").fill(note)
    form.get_by_role("button", name=button, exact=True).click()
    page.wait_for_load_state()
    return page


def test_it_drafts_edits_recomputes_signs_off_submits_and_downloads(open_page, world, tmp_path):
    add_records(world)
    page = open_page(**DESKTOP)
    page.on("dialog", lambda d: d.accept())
    log_in(page, world.clerk_a)
    page.get_by_role("link", name="年度报告").click()
    page.get_by_label("报告年度").select_option(str(YEAR))
    page.get_by_role("button", name="起草年度报告").click()
    # Drafting is background work: its task page says when it is done and links to the report.
    page.wait_for_url("**/tasks/*/")
    page.get_by_role("link", name="打开报告").click()
    page.wait_for_url(lambda url: "/reports/" in url and url.rstrip("/").split("/")[-1].isdigit())
    report = Report.objects.get()
    assert page.get_by_role("heading", name="五、其他需要报告的情况").is_visible()
    chip = page.locator('[data-code="mediation.disputes"]').first
    assert chip.inner_text() == "3件"

    # Rewrite the mediation paragraph: its figure is a chip with its name and value, no code.
    paragraph = page.locator(".report-paragraph", has=chip)
    paragraph.hover()
    paragraph.get_by_role("button", name="改写").click()
    editor = page.locator("form.report-paragraph .chip-editor")
    editor.wait_for()
    shown = editor.locator('[data-code="mediation.disputes"]')
    assert shown.inner_text() == "受理矛盾纠纷 3件"
    assert "{{" not in editor.inner_text() and "mediation." not in editor.inner_text()
    editor.click()
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    page.keyboard.type("全年共受理各类矛盾纠纷")
    form = page.locator("form.report-paragraph")
    form.get_by_text("插入数字").click()
    form.get_by_placeholder("输入名称筛选，如：调解").fill("受理矛盾纠纷")
    form.locator(".chip-insert", has_text="受理矛盾纠纷").click()
    page.keyboard.type("，做到件件有着落。")
    assert editor.locator('[data-code="mediation.disputes"]').inner_text() == "受理矛盾纠纷 3件"
    page.get_by_role("button", name="保存段落").click()
    edited = page.locator("div.report-paragraph", has_text="做到件件有着落")
    edited.wait_for()
    assert edited.locator('[data-code="mediation.disputes"]').inner_text() == "3件"
    # The reference is kept underneath: the stored text names the indicator.
    assert (
        report.sections.get(area="mediation")
        .paragraphs.filter(text="全年共受理各类矛盾纠纷{{mediation.disputes}}，做到件件有着落。")
        .exists()
    )

    # A dispute is added to the ledger: recomputing names the figure, its old and new value.
    make_dispute(world, registered_on=dt.date(YEAR, 10, 8))
    page.reload()
    page.get_by_role("link", name="重新计算").click()
    row = page.locator("#changes-table tbody tr", has_text="受理矛盾纠纷")
    cells = row.locator("td").all_inner_texts()
    assert cells[1:4] == ["受理矛盾纠纷", "3件", "4件"]
    assert "全年共受理各类矛盾纠纷【受理矛盾纠纷】" in cells[4]
    assert "{{" not in page.locator("#changes-table").inner_text()
    row.get_by_role("button", name="采用最新").click()
    page.locator("#no-changes").wait_for()
    page.get_by_role("link", name="返回报告").click()
    assert (
        page.locator("div.report-paragraph", has_text="做到件件有着落")
        .inner_text()
        .startswith("全年共受理各类矛盾纠纷4件")
    )

    act(open_page, world.reviewer_a, report, "审核通过", "与台账核对一致")
    act(open_page, world.leader_a, report, "签发", "同意报送")
    act(open_page, world.leader_a, report, "记录保密审查", "经审查不涉密，可以公开")
    done = act(open_page, world.clerk_a, report, "报送县委、县政府")
    assert done.locator("#report-state").inner_text() == "已报送县委县政府"
    assert "改写" not in done.locator(".report-editor").inner_text()
    steps = done.locator("#steps").inner_text()
    for label in ["起草", "司法所审核", "领导签发", "保密审查", "报送"]:
        assert label in steps

    with done.expect_download() as info:
        done.get_by_role("link", name="下载 Word").click()
    path = tmp_path / "report.docx"
    info.value.save_as(path)
    assert path.read_bytes()[:2] == b"PK"
    assert info.value.suggested_filename.endswith(".docx")
