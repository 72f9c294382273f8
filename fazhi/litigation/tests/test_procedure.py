"""The case procedure through the pages, the API and an import; the to-do list; indicators."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from fazhi.indicators.registry import compute
from fazhi.ledger import excel, registry
from fazhi.ledger.tests.factories import xlsx
from fazhi.litigation import rules
from fazhi.litigation.models import Case

pytestmark = pytest.mark.django_db

D = dt.date
ANSWER_UNMET = [
    "须记录提出书面答复的日期（行政复议法第四十八条）",
    "须提交当初作出行政行为的证据、依据和其他有关材料（行政复议法第四十八条）",
]
LAWYERS_ONLY = "仅有律师出庭应诉，不视为行政机关负责人或工作人员出庭应诉（最高人民法院关于适用《行政诉讼法》的解释第一百二十八条）"


def make_case(world, **kw) -> Case:
    values = {
        "org": world.town_a,
        "kind": "reconsideration",
        "received_on": D(2025, 3, 3),
        "claimant": "张某",
        "act": "对张某违法建房作出的罚款决定",
    }
    values.update(kw)
    return Case.objects.create(**values)


def text(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def test_it_refuses_a_hearing_with_lawyers_alone_on_the_page(client, world):
    c = make_case(
        world,
        kind="litigation",
        step="answered",
        answered_on=D(2025, 3, 10),
        materials_submitted=True,
        hearing_on=D(2025, 4, 10),
    )
    client.force_login(world.clerk_a)
    page = text(client.post(f"/l/litigation-cases/{c.pk}/step/hearing/", {"lawyers": "王律师"}))
    assert LAWYERS_ONLY in page and "行政诉讼法第三条第三款" in page
    c.refresh_from_db()
    assert c.step == "answered"
    response = client.post(
        f"/l/litigation-cases/{c.pk}/step/hearing/",
        {"attended_by": "李镇长", "attended_role": "head", "lawyers": "王律师"},
    )
    assert response.status_code == 302
    c.refresh_from_db()
    assert (c.step, c.attended_by) == ("hearing", "李镇长")


def test_it_refuses_in_the_api_with_409_and_walks_to_correction(client, world):
    c = make_case(world)
    client.force_login(world.clerk_a)
    base = f"/api/v1/ledgers/litigation-cases/{c.pk}"
    refused = client.post(f"{base}/transitions/answered", {}, content_type="application/json")
    assert refused.status_code == 409 and refused.json()["unmet"] == ANSWER_UNMET

    def take(step, **data):
        response = client.post(f"{base}/transitions/{step}", data, content_type="application/json")
        assert response.status_code == 200, response.json()
        return response.json()

    take("answered", answered_on="2025-03-12", materials_submitted=True)
    assert (
        client.patch(
            base,
            {"hearing_on": "2025-04-02"},
            content_type="application/json",
            HTTP_IF_MATCH=client.get(base)["ETag"],
        ).status_code
        == 200
    )
    refused = client.post(
        f"{base}/transitions/hearing", {"lawyers": "王律师"}, content_type="application/json"
    )
    assert (
        refused.status_code == 409 and LAWYERS_ONLY.replace("出庭应诉", "参加听证") in refused.json()["unmet"]
    )
    take("hearing", absence_reason="参加防汛紧急会议，已出具书面说明", staff_attended="赵干事")
    take(
        "closed",
        closed_on="2025-04-20",
        result="revoked",
        advice="建议规范告知程序",
        advice_received_on="2025-04-20",
    )
    refused = client.post(
        f"{base}/transitions/corrected", {"correction": "重新作出"}, content_type="application/json"
    )
    assert refused.status_code == 409
    done = take(
        "corrected",
        corrected_on="2025-05-20",
        correction="重新作出决定",
        advice_replied_on="2025-05-20",
        advice_reply="已回复",
    )
    assert done["step"] == "corrected"
    # The hearing's fields stay editable after closing (answered → closed skips it on the shortest path).
    assert "attended_by" in registry.get("litigation-cases").editable_fields(Case.objects.get(pk=c.pk))


def test_it_refuses_an_imported_row_at_a_later_step_with_the_same_messages(world, tmp_path):
    header = [
        "案件类型",
        "收到申请书（起诉状）副本日期",
        "申请人（原告）",
        "被申请（被诉）行政行为",
        "开庭（听证）日期",
        "委托律师（代理人）",
        "办理环节",
    ]
    row = ["行政复议", "2025-03-03", "张某", "罚款决定", "2025-04-02", "王律师", "结案"]
    path = xlsx([header, row], tmp_path / "c.xlsx")
    result = excel.import_file(
        registry.get("litigation-cases"), world.town_a, world.clerk_a, path, commit=False
    )
    messages = [e.message for e in result.errors]
    for message in [
        *ANSWER_UNMET,
        LAWYERS_ONLY.replace("出庭应诉", "参加听证"),
        "须记录结案日期",
        "须记录复议决定或裁判结果",
    ]:
        assert message in messages
    assert not Case.objects.exists()


def test_it_lists_answers_hearings_and_corrections_on_the_to_do_list(client, world):
    today = timezone.localdate()
    late = make_case(world, received_on=today - dt.timedelta(days=30))
    hearing = make_case(
        world,
        kind="litigation",
        received_on=today - dt.timedelta(days=20),
        step="answered",
        answered_on=today - dt.timedelta(days=10),
        materials_submitted=True,
        hearing_on=today + dt.timedelta(days=3),
    )
    lost = make_case(
        world,
        received_on=today - dt.timedelta(days=90),
        step="closed",
        hearing_on=today - dt.timedelta(days=40),
        attended_by="李镇长",
        attended_role="head",
        closed_on=today - dt.timedelta(days=20),
        result="unlawful",
    )
    make_case(
        world,
        received_on=today - dt.timedelta(days=90),
        step="closed",
        written_review=True,
        closed_on=today,
        result="upheld",
    )
    client.force_login(world.clerk_a)
    items = {i["kind"]: i for i in client.get("/api/v1/todo?days=60").json()}
    assert set(items) == {"litigation.answer", "litigation.hearing", "litigation.correction"}
    answer = items["litigation.answer"]
    assert (answer["record"]["id"], answer["state"]) == (late.pk, "late")
    assert answer["due"] == rules.answer_due(late).date.isoformat()
    assert "第七十条" in answer["reason"] and "没有证据、依据" in answer["reason"]
    assert items["litigation.hearing"]["record"]["id"] == hearing.pk
    assert items["litigation.hearing"]["due"] == rules.hearing_due(hearing).date.isoformat()
    assert items["litigation.correction"]["record"]["id"] == lost.pk
    assert items["litigation.correction"]["due"] == (rules.correction_due(lost).date.isoformat())
    client.force_login(world.clerk_b)
    assert client.get("/api/v1/todo?days=60").json() == []


def test_it_explains_the_answer_due_date_on_the_detail_page(client, world):
    c = make_case(world, received_on=D(2025, 9, 26))
    client.force_login(world.clerk_a)
    page = text(client.get(f"/l/litigation-cases/{c.pk}/"))
    assert "2025-10-16" in page and "第四十八条" in page


def test_it_counts_lost_cases_and_the_leader_appearance_rate(world):
    heard = {
        "step": "closed",
        "hearing_on": D(2025, 4, 1),
        "closed_on": D(2025, 5, 1),
        "answered_on": D(2025, 3, 10),
    }
    make_case(world, **heard, attended_by="李镇长", attended_role="head", result="upheld")
    make_case(world, **heard, attended_by="王副镇长", attended_role="deputy", result="revoked")
    make_case(
        world, **heard, absence_reason="出差", staff_attended="赵干事", lawyers="王律师", result="upheld"
    )
    make_case(world, kind="litigation", answered_on=D(2025, 3, 20), step="answered")
    assert compute("litigation.cases", world.town_a, 2025).value == 4
    assert compute("litigation.lost", world.town_a, 2025).value == 1
    appearance = compute("litigation.appearance_rate", world.town_a, 2025)
    assert (appearance.numerator, appearance.denominator) == (2, 3)
    on_time = compute("litigation.answer_on_time_rate", world.town_a, 2025)
    assert (on_time.numerator, on_time.denominator) == (3, 4)
