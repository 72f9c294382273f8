"""A clerk applies to the court for enforcement in a real browser: refused while the ten working
days after the written demand (催告书) have not run, the article and the earliest day shown;
accepted the day after."""

import datetime as dt

import pytest

from fazhi.enforcement.models import Case
from fazhi.enforcement.tests.factories import certified_officers
from fazhi.tests.browser.conftest import DESKTOP, log_in

pytestmark = pytest.mark.browser


@pytest.fixture
def demanded(world):
    officers = certified_officers(world.town_a, ("赵有效", "钱有效"))
    return Case.objects.create(
        org=world.town_a,
        kind="coercion",
        coercion_route="court",
        cause="拒不拆除违法建设",
        registered_on=dt.date(2025, 9, 1),
        party_name="孙五",
        step="demanded",
        filed_on=dt.date(2025, 9, 2),
        officer_1=officers[0],
        officer_2=officers[1],
        demand_served_on=dt.date(2025, 9, 26),
        performance_due_on=dt.date(2025, 9, 30),
    )


def apply_to_court(page, case, day: str) -> None:
    page.goto(f"/l/enforcement-cases/{case.pk}/step/applied/")
    page.get_by_label("申请人民法院强制执行日期", exact=True).fill(day)
    page.get_by_role("button", name="确认办理").click()


def test_it_refuses_a_court_application_inside_the_ten_working_days_after_the_demand(
    open_page, world, demanded, tmp_path
):
    page = open_page(**DESKTOP)
    log_in(page, world.clerk_a)
    apply_to_court(page, demanded, "2025-10-16")
    refused = page.locator("#refused")
    refused.wait_for()
    listed = refused.inner_text()
    assert "行政强制法第五十四条、第六十九条" in listed and "最早可于2025-10-17" in listed
    page.screenshot(path=str(tmp_path / "refused.png"), full_page=True)
    demanded.refresh_from_db()
    assert demanded.step == "demanded" and demanded.court_applied_on is None

    apply_to_court(page, demanded, "2025-10-17")
    page.wait_for_url(lambda url: "/step/" not in url)
    demanded.refresh_from_db()
    assert demanded.step == "applied" and demanded.court_applied_on == dt.date(2025, 10, 17)
