"""行政强制执行 waits for its written demand (催告): the township's own 强制执行决定 only after the
performance period the demand states has run without performance (行政强制法第三十五条、第三十七条),
the party's statement and defence recorded and reviewed (第三十六条), and an application to the
court only ten working days after the demand was served (第五十四条、第六十九条). The waits are on
the to-do list before they run, never as late."""

import datetime as dt

import pytest

from fazhi.enforcement.models import Case
from fazhi.enforcement.tests.factories import certified_officers
from fazhi.ledger import todo

pytestmark = pytest.mark.django_db

SERVED = dt.date(2025, 9, 26)  # a Friday before National Day: ten working days run to 2025-10-16
COURT_END = dt.date(2025, 10, 16)
PERFORM_BY = dt.date(2025, 9, 30)


def base(case) -> str:
    return f"/api/v1/ledgers/enforcement-cases/{case.pk}"


def take(client, case, step, **data):
    return client.post(f"{base(case)}/transitions/{step}", data, content_type="application/json")


def demand(client, case, **extra):
    """The 催告 step: served on SERVED, to perform by PERFORM_BY."""
    data = {"demand_served_on": SERVED.isoformat(), "performance_due_on": PERFORM_BY.isoformat(), **extra}
    return take(client, case, "demanded", **data)


def unmet(response) -> str:
    assert response.status_code == 409, response.content
    return " ".join(response.json()["unmet"])


@pytest.fixture
def coercion(world):
    def make(route):
        officers = certified_officers(world.town_a, ("赵有效", "钱有效"))
        return Case.objects.create(
            org=world.town_a,
            kind="coercion",
            coercion_route=route,
            cause="拒不拆除违法建设",
            registered_on=dt.date(2025, 9, 1),
            party_name="孙五",
            step="filed",
            filed_on=dt.date(2025, 9, 2),
            officer_1=officers[0],
            officer_2=officers[1],
        )

    return make


def test_an_enforcement_decision_needs_a_demand_and_waits_for_its_period(client, world, coercion):
    case = coercion("execution")
    client.force_login(world.clerk_a)
    undemanded = take(client, case, "decided", decision_on="2025-10-20", decision_result="coercion")
    assert "以书面形式催告" in unmet(undemanded) and "行政强制法第三十五条" in unmet(undemanded)
    demanded = demand(client, case)
    assert demanded.status_code == 200, demanded.content
    early = unmet(take(client, case, "decided", decision_on="2025-09-30", decision_result="coercion"))
    assert (
        "履行期限至2025-09-30" in early and "最早可于2025-10-01" in early and "行政强制法第三十七条" in early
    )
    case.refresh_from_db()
    assert case.step == "demanded" and case.decision_on is None
    assert (
        take(client, case, "decided", decision_on="2025-10-09", decision_result="coercion").status_code == 200
    )
    case.refresh_from_db()
    assert case.step == "decided"


def test_a_statement_after_the_demand_is_recorded_and_reviewed_first(client, world, coercion):
    case = coercion("execution")
    client.force_login(world.clerk_a)
    demand(client, case, demand_statement_on="2025-09-28")
    refused = unmet(take(client, case, "decided", decision_on="2025-10-09", decision_result="coercion"))
    assert "记录、复核" in refused and "行政强制法第三十六条" in refused
    case.refresh_from_db()
    patched = client.patch(
        base(case),
        {
            "demand_statement_reply": "当事人称已自行拆除一半，经现场复核，主体建筑仍未拆除，理由不成立",
            "version": case.version,
        },
        content_type="application/json",
    )
    assert patched.status_code == 200, patched.content
    assert (
        take(client, case, "decided", decision_on="2025-10-09", decision_result="coercion").status_code == 200
    )


def test_no_enforcement_once_the_party_has_performed(client, world, coercion):
    case = coercion("execution")
    client.force_login(world.clerk_a)
    demand(client, case, performed_on="2025-09-29")
    refused = unmet(take(client, case, "decided", decision_on="2025-10-09", decision_result="coercion"))
    assert "已于2025-09-29履行义务" in refused and "行政强制法第三十七条" in refused


def test_the_court_is_applied_to_only_ten_working_days_after_the_demand(client, world, coercion):
    case = coercion("court")
    client.force_login(world.clerk_a)
    detail = client.get(base(case)).json()
    assert "demanded" in [s["code"] for s in detail["next_steps"]]
    assert take(client, case, "applied", court_applied_on="2025-10-20").status_code == 409
    demand(client, case)
    own = unmet(take(client, case, "decided", decision_on="2025-10-20", decision_result="coercion"))
    assert "行政强制法第十三条、第五十三条" in own
    # Ten working days: the National Day holidays do not count, the make-up Sunday 28 September does.
    early = unmet(take(client, case, "applied", court_applied_on=COURT_END.isoformat()))
    assert f"（{COURT_END:%Y-%m-%d}后）" in early and "最早可于2025-10-17" in early
    assert "行政强制法第五十四条、第六十九条" in early
    applied = take(client, case, "applied", court_applied_on="2025-10-17")
    assert applied.status_code == 200, applied.content
    case.refresh_from_db()
    assert case.step == "applied" and case.court_applied_on == dt.date(2025, 10, 17)


def test_a_measure_needs_no_demand_and_a_coercion_decision_needs_its_route(client, world, coercion):
    client.force_login(world.clerk_a)
    measure = coercion("measure")
    refused = unmet(take(client, measure, "demanded", demand_served_on=SERVED.isoformat()))
    assert "行政强制措施（查封、扣押等）不经催告" in refused
    seized = take(client, measure, "decided", decision_on="2025-09-03", decision_result="coercion")
    assert seized.status_code == 200, seized.content
    unknown = coercion("")
    assert "请选择行政强制类别" in unmet(
        take(client, unknown, "decided", decision_on="2025-09-03", decision_result="coercion")
    )


@pytest.mark.parametrize(
    ("route", "due", "article"),
    [("execution", PERFORM_BY, "行政强制法第三十七条"), ("court", COURT_END, "行政强制法第五十四条")],
)
def test_the_wait_is_on_the_to_do_list_before_it_runs_and_never_late(
    client, world, coercion, route, due, article
):
    case = coercion(route)
    client.force_login(world.clerk_a)
    demand(client, case)

    def listed(today):
        return [
            t
            for t in todo.items(world.clerk_a, [world.town_a.pk], today)
            if t.kind == "enforcement.demand_wait"
        ]

    assert listed(SERVED - dt.timedelta(days=1)) == []
    on_service = listed(SERVED)
    assert [t.due for t in on_service] == [due]
    assert article in on_service[0].reason and on_service[0].state(SERVED) != todo.LATE
    assert listed(due) and listed(due)[0].state(due) != todo.LATE
    assert listed(due + dt.timedelta(days=1)) == []
    # Once the township has acted the wait leaves the list.
    step = "decided" if route == "execution" else "applied"
    data = {"decision_on": "2025-10-20", "decision_result": "coercion"}
    if route == "court":
        data = {"court_applied_on": "2025-10-20"}
    assert take(client, case, step, **data).status_code == 200
    assert listed(SERVED) == []
