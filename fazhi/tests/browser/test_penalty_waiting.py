"""A clerk records a penalty decision in a real browser: refused inside the period in which the
party may still ask for a hearing, the article shown; accepted once the party's written waiver is
recorded on the case."""

import datetime as dt

import pytest

from fazhi.enforcement.models import Case
from fazhi.enforcement.tests.factories import certified_officers
from fazhi.tests.browser.conftest import DESKTOP, log_in

pytestmark = pytest.mark.browser


@pytest.fixture
def notified(world):
    officers = certified_officers(world.town_a, ("王有效", "李有效"))
    return Case.objects.create(
        org=world.town_a,
        kind="penalty",
        cause="擅自占道经营",
        registered_on=dt.date(2025, 9, 1),
        party_name="张三",
        step="notified",
        filed_on=dt.date(2025, 9, 2),
        officer_1=officers[0],
        officer_2=officers[1],
        notice_on=dt.date(2025, 9, 10),
    )


def decide(page, case) -> None:
    page.goto(f"/l/enforcement-cases/{case.pk}/step/decided/")
    page.get_by_label("决定日期", exact=True).fill("2025-09-12")
    page.get_by_label("处理结果", exact=True).select_option(label="作出行政处罚决定")
    page.get_by_role("button", name="确认办理").click()


def test_it_refuses_a_decision_inside_the_hearing_period_until_the_waiver_is_recorded(
    open_page, world, notified
):
    page = open_page(**DESKTOP)
    log_in(page, world.clerk_a)
    decide(page, notified)
    refused = page.locator("#refused")
    refused.wait_for()
    listed = refused.inner_text()
    assert "行政处罚法第六十四条、第八十五条" in listed and "最早可于2025-09-18" in listed
    notified.refresh_from_db()
    assert notified.step == "notified"

    page.goto(f"/l/enforcement-cases/{notified.pk}/edit/")
    page.get_by_label("当事人放弃陈述申辩和听证权利日期", exact=True).fill("2025-09-11")
    page.get_by_role("button", name="保存", exact=True).click()
    page.wait_for_url(lambda url: "/edit/" not in url)

    decide(page, notified)
    page.wait_for_url(lambda url: "/step/" not in url)
    notified.refresh_from_db()
    assert notified.step == "decided" and notified.decision_on == dt.date(2025, 9, 12)
