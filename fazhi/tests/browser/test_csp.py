"""The Content-Security-Policy forbids inline script; the main pages work under it without a
single violation, and the behaviour that used to be inline handlers still works."""

import pytest
from django.utils import timezone

from fazhi.ledger.tests.factories import make_dispute
from fazhi.tests.browser.conftest import DESKTOP, log_in

pytestmark = pytest.mark.browser

WATCH = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__csp.push(e.violatedDirective + " " + e.blockedURI + " " + (e.sourceFile || "") + ":" + e.lineNumber);
});
"""


def watched(open_page):
    page = open_page(**DESKTOP)
    # The first page a fresh browser loads also loads every static file; give it time on a busy machine.
    page.set_default_navigation_timeout(30_000)
    page.add_init_script(WATCH)
    console = []
    page.on("console", lambda m: console.append(m.text) if "Content Security Policy" in m.text else None)
    return page, console


def violations(page, console):
    return [*page.evaluate("window.__csp"), *console]


def test_it_shows_the_main_pages_without_a_csp_violation(open_page, world):
    dispute = make_dispute(world)
    page, console = watched(open_page)
    page.goto("/accounts/login/")
    assert "default-src 'self'" in page.request.get("/accounts/login/").headers["content-security-policy"]
    assert violations(page, console) == []
    log_in(page, world.clerk_a)
    for url in [
        "/",
        "/l/",
        "/l/disputes/",
        f"/l/disputes/{dispute.pk}/",
        "/l/disputes/new/",
        "/l/todo/",
        "/l/nil-returns/",
        "/reports/",
        "/l/disputes/999999/",
    ]:
        page.goto(url)  # waits for "load": inline handlers and scripts are refused by then
        assert violations(page, console) == [], url
    # htmx still filters the list under the policy.
    page.goto("/l/disputes/")
    with page.expect_response(lambda r: "/l/disputes/?" in r.url):
        page.locator("#q").press_sequentially("zz")  # ASCII: typed with key events, which htmx listens to
    assert violations(page, console) == []


def test_it_keeps_the_confirm_and_autosubmit_behaviour(open_page, world):
    page, console = watched(open_page)
    log_in(page, world.clerk_a)
    page.goto("/l/nil-returns/")
    years = page.locator("select[name=year]").first
    last_year = str(timezone.localdate().year - 1)
    years.select_option(last_year)
    page.wait_for_url(f"**year={last_year}**")
    asked = []
    page.once("dialog", lambda d: (asked.append(d.message), d.dismiss()))
    page.locator("td.m-blank .month-btn").first.click()
    page.get_by_role("button", name="申报本月无").first.click()
    assert asked and "没有需要填报的事项" in asked[0]
    assert violations(page, console) == []
