"""Playwright against Debian's chromium and pytest-django's live server.

One browser per test module and xdist worker; each test gets a fresh context (cookies, viewport).
Tests skip with the reason when chromium or Playwright is missing, and .ci/run turns that skip
into a failure."""

import os
from pathlib import Path

import pytest

from fazhi.conftest import PASSWORD

CHROMIUM = Path("/usr/bin/chromium")
# The machines have no internet; without the last three flags chromium keeps trying to reach it.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        if Path(item.fspath).is_relative_to(here):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip("Chromium 未安装：apt-get install chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("Playwright 未安装：pip install -r requirements-dev.txt")
    # Playwright's sync API keeps an event loop in this thread, and Django refuses ORM calls
    # from a thread with a running loop. The tests' own ORM calls are ordinary synchronous
    # code, so the guard is lifted while the browser lives and restored afterwards.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield chromium
        chromium.close()
    finally:
        playwright.stop()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def open_page(browser, live_server, transactional_db, settings):
    """open_page(**context_options) -> a page whose relative URLs go to the live server."""
    # The live server has no worker beside it: background work (drafting, PDF, review) runs in
    # the request that queues it, so the journeys see its result as a user waiting would.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    contexts = []

    def open_(**options):
        context = browser.new_context(
            base_url=live_server.url, locale="zh-CN", accept_downloads=True, **options
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield open_
    for context in contexts:
        context.close()


def log_in(page, user, password: str = PASSWORD) -> None:
    """Through the real login page: django-axes checks every login, so client.login cannot."""
    page.goto("/accounts/login/")
    page.get_by_label("用户名").fill(user.username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
