"""The clerk submits the report draft for review; the 司法所 reviewer sees the bell count, opens
the notification and lands on the report waiting for their check."""

import pytest

from fazhi.reports import drafting, editing
from fazhi.reports.tests.conftest import YEAR, add_records
from fazhi.tests.browser.conftest import DESKTOP, log_in

pytestmark = pytest.mark.browser
# Drafting pages are heavy; a loaded CI machine needs more than the default ten seconds.
SLOW_MS = 60_000


def opened(open_page):
    page = open_page(**DESKTOP)
    page.set_default_timeout(SLOW_MS)
    return page


def test_the_clerk_submits_a_draft_and_the_reviewer_is_notified_and_sees_it_waiting(open_page, world):
    add_records(world)
    report = drafting.draft_report(world.town_a, YEAR, world.clerk_a)
    editing.accept_all(report, world.clerk_a)

    clerk = opened(open_page)
    log_in(clerk, world.clerk_a)
    clerk.goto(f"/reports/{report.pk}/")
    assert "下一步：提交司法所审核" in clerk.locator("#next-step").inner_text()
    clerk.get_by_role("button", name="提交司法所审核", exact=True).click()
    clerk.wait_for_load_state()
    assert clerk.locator("#report-state").inner_text() == "待司法所审核"
    assert "下一步：司法所审核（司法所审核员）" in clerk.locator("#next-step").inner_text()
    # The clerk is not told of their own step.
    assert clerk.locator("#bell-count").count() == 0

    reviewer = opened(open_page)
    log_in(reviewer, world.reviewer_a)
    assert reviewer.locator("#bell-count").inner_text() == "1"
    reviewer.locator("#bell").click()
    item = reviewer.locator("#notifications button", has_text="等待您司法所审核")
    assert item.count() == 1
    item.click()
    reviewer.wait_for_url(f"**/reports/{report.pk}/")
    assert reviewer.get_by_role("button", name="审核通过", exact=True).is_visible()
    assert reviewer.locator("#bell-count").count() == 0

    leader = opened(open_page)
    log_in(leader, world.leader_a)
    assert leader.locator("#bell-count").count() == 0
