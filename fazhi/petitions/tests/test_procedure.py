"""The petition procedure through the pages, the API and an import; the to-do list; indicators."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from fazhi.indicators.registry import compute
from fazhi.ledger import excel, registry
from fazhi.ledger.models import ProcedureLog
from fazhi.ledger.tests.factories import xlsx
from fazhi.petitions import rules
from fazhi.petitions.models import Petition, ReceptionDay

pytestmark = pytest.mark.django_db

D = dt.date
NOTICE_UNMET = [
    "须记录当场或书面告知信访人的日期（《信访工作条例》第二十三条）",
    "须确定办理途径：本机关办理、转送有权处理的机关或引导通过法定途径解决（《信访工作条例》第二十三条、第三十一条）",
]


def petition(world, **kw) -> Petition:
    values = {
        "org": world.town_a,
        "received_on": D(2025, 3, 3),
        "petitioner": "王某",
        "petitioner_phone": "13812345678",
        "subject": "反映村道损坏",
    }
    values.update(kw)
    return Petition.objects.create(**values)


def text(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def test_it_refuses_the_notice_step_on_the_page_with_the_articles(client, world):
    p = petition(world)
    client.force_login(world.clerk_a)
    response = client.post(f"/l/petitions/{p.pk}/step/notified/", {})
    page = text(response)
    for message in NOTICE_UNMET:
        assert message in page
    p.refresh_from_db()
    assert p.step == "registered"
    response = client.post(
        f"/l/petitions/{p.pk}/step/notified/", {"notified_on": "2025-03-05", "route": "handle"}
    )
    assert response.status_code == 302
    p.refresh_from_db()
    assert (p.step, p.notified_on) == ("notified", D(2025, 3, 5))
    assert ProcedureLog.objects.filter(ledger="petitions", record_id=p.pk, to_step="notified").exists()


def test_it_refuses_the_same_step_in_the_api_with_409_and_walks_the_procedure(client, world):
    p = petition(world)
    client.force_login(world.clerk_a)
    base = f"/api/v1/ledgers/petitions/{p.pk}"
    detail = client.get(f"{base}").json()
    assert detail["step"] == "registered" and detail["next_steps"] == [
        {"code": "notified", "label": "受理告知"}
    ]
    refused = client.post(f"{base}/transitions/notified", {}, content_type="application/json")
    assert refused.status_code == 409 and refused.json()["unmet"] == NOTICE_UNMET

    def take(step, **data):
        response = client.post(f"{base}/transitions/{step}", data, content_type="application/json")
        assert response.status_code == 200, response.json()
        return response.json()

    take("notified", notified_on="2025-03-05", route="handle")
    too_long = client.post(
        f"{base}/transitions/handling",
        {"handler": "党政办", "extended_days": 45},
        content_type="application/json",
    )
    assert too_long.status_code == 409
    assert any("不得超过30日" in m for m in too_long.json()["unmet"])
    take(
        "handling",
        handler="党政办",
        extended_days=20,
        extension_reason="需现场勘验",
        extension_approved_by="李镇长",
    )
    refused = client.post(
        f"{base}/transitions/closed", {"closed_on": "2025-05-01"}, content_type="application/json"
    )
    assert refused.status_code == 409  # not next after 办理
    take("opinion", concluded_on="2025-04-20", result="partial", opinion="部分支持，限期修复")
    take("review", review_kind="review", review_requested_on="2025-05-06", review_organ="县信访局")
    refused = client.post(
        f"{base}/transitions/closed", {"closed_on": "2025-05-30"}, content_type="application/json"
    )
    assert refused.json()["unmet"] == [
        "已申请复查的，须记录复查意见后办结（《信访工作条例》第三十五条、第三十六条）"
    ]
    patched = client.patch(
        base,
        {"review_concluded_on": "2025-05-28", "review_result": "维持"},
        content_type="application/json",
        HTTP_IF_MATCH=client.get(base)["ETag"],
    )
    assert patched.status_code == 200, patched.json()
    assert take("closed", closed_on="2025-06-01", satisfaction="basic")["step"] == "closed"
    p.refresh_from_db()
    # The review's fields stay editable on a closed record although the review is a branch.
    fields = registry.get("petitions").editable_fields(p)
    assert "review_concluded_on" in fields and "concluded_on" in fields


def test_it_refuses_an_imported_row_at_a_later_step_with_the_same_messages(world, tmp_path):
    header = ["收到（登记）日期", "信访人", "信访事项", "办理环节"]
    path = xlsx([header, ["2025-03-03", "王某", "反映村道损坏", "办结"]], tmp_path / "p.xlsx")
    result = excel.import_file(registry.get("petitions"), world.town_a, world.clerk_a, path, commit=False)
    messages = [e.message for e in result.errors]
    for message in NOTICE_UNMET:
        assert message in messages
    assert "须记录办结日期" in messages
    # With what the steps require, the row is accepted at 办结.
    header += ["书面告知日期", "办理途径", "办结日期"]
    path = xlsx(
        [
            header,
            ["2025-03-03", "王某", "反映村道损坏", "办结", "2025-03-04", "转送有权处理的机关", "2025-03-04"],
        ],
        tmp_path / "q.xlsx",
    )
    result = excel.import_file(registry.get("petitions"), world.town_a, world.clerk_a, path, commit=True)
    assert not result.errors
    assert Petition.objects.get().step == "closed"


def test_it_puts_an_unanswered_notice_and_an_open_handling_on_the_to_do_list(client, world):
    today = timezone.localdate()
    late = petition(world, received_on=today - dt.timedelta(days=40))
    handling = petition(
        world,
        received_on=today - dt.timedelta(days=10),
        notified_on=today - dt.timedelta(days=9),
        route="handle",
        handler="党政办",
        step="handling",
    )
    petition(
        world,
        received_on=today - dt.timedelta(days=40),
        notified_on=today - dt.timedelta(days=39),
        route="transfer",
        step="notified",
    )
    client.force_login(world.clerk_a)
    items = {i["kind"]: i for i in client.get("/api/v1/todo?days=60").json()}
    assert set(items) == {"petitions.notice", "petitions.conclusion"}
    notice = items["petitions.notice"]
    assert notice["record"] == {"ledger": "petitions", "id": late.pk} and notice["state"] == "late"
    assert notice["due"] == rules.notice_due(late).date.isoformat() and "第二十三条" in notice["reason"]
    conclusion = items["petitions.conclusion"]
    assert conclusion["record"]["id"] == handling.pk and conclusion["state"] == "due"
    assert conclusion["due"] == rules.conclusion_due(handling).date.isoformat()
    assert "第三十四条" in conclusion["reason"]
    client.force_login(world.clerk_b)
    assert client.get("/api/v1/todo?days=60").json() == []


def test_it_explains_the_due_dates_on_the_detail_page(client, world):
    p = petition(world, received_on=D(2025, 9, 20))
    client.force_login(world.clerk_a)
    page = text(client.get(f"/l/petitions/{p.pk}/"))
    assert "2025-10-09" in page and "第二十三条" in page


def test_it_counts_petitions_concluded_on_time_and_reception_days(world):
    petition(
        world,
        received_on=D(2025, 1, 2),
        notified_on=D(2025, 1, 2),
        route="handle",
        concluded_on=D(2025, 3, 3),
    )
    petition(
        world,
        received_on=D(2025, 1, 2),
        notified_on=D(2025, 1, 2),
        route="handle",
        concluded_on=D(2025, 3, 4),
    )
    petition(world, received_on=D(2025, 2, 2))
    ReceptionDay.objects.create(
        org=world.town_a, held_on=D(2025, 3, 15), leader="李书记", batches=4, visitors=6, resolved=3
    )
    assert compute("petitions.received", world.town_a, 2025).value == 3
    rate = compute("petitions.on_time_rate", world.town_a, 2025)
    # The petition of 2 February, never concluded, is long past its 60 days: it counts against.
    assert (rate.numerator, rate.denominator) == (1, 3)
    assert compute("petitions.reception_visitors", world.town_a, 2025).value == 6
    assert compute("petitions.reception_resolution_rate", world.town_a, 2025).numerator == 3


def test_it_refuses_more_resolved_batches_than_received_on_a_reception_day(client, world):
    client.force_login(world.clerk_a)
    response = client.post(
        "/api/v1/ledgers/reception-days/",
        {"held_on": "2025-03-15", "leader": "李书记", "batches": 2, "visitors": 3, "resolved": 3},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["message"] == "当场解决的批次不能多于接待批次"
