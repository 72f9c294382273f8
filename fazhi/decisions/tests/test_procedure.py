"""The discussion gate through the step page, the API and an Excel import alike; the detail page,
the to-do list and the outsider."""

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from fazhi.decisions.models import Decision, DecisionCatalogue
from fazhi.ledger import excel, registry
from fazhi.ledger.models import ProcedureLog
from fazhi.ledger.tests.factories import xlsx

pytestmark = pytest.mark.django_db

GATE = [
    "决策草案未向社会公开征求意见（《重大行政决策程序暂行条例》第十四条、第十五条）",
    "本事项专业性、技术性较强，须先组织专家论证并形成论证意见（《重大行政决策程序暂行条例》第十九条）",
    "本事项可能影响社会稳定或公共安全，须先开展风险评估并形成评估报告（《重大行政决策程序暂行条例》第二十二条）",
    "决策草案未经合法性审查（未出具审查结论），不得提交讨论（《重大行政决策程序暂行条例》第二十五条）",
    "合法性审查未听取法律顾问或公职律师的意见（《重大行政决策程序暂行条例》第二十八条）",
]


def text(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def catalogue(world, org=None):
    return DecisionCatalogue.objects.get_or_create(
        org=org or world.town_a,
        year=2025,
        title="2025年度重大行政决策事项目录",
        defaults={"party_agreed_on": dt.date(2025, 1, 20), "published_on": dt.date(2025, 1, 23)},
    )[0]


def at_review(world, **values) -> Decision:
    """A technical, risky decision at the review step with nothing else done."""
    base = {
        "org": world.town_a,
        "title": "山洪地质灾害避险搬迁安置方案",
        "category": "project",
        "started_on": dt.date(2025, 3, 1),
        "lead_unit": "自然资源所",
        "is_technical": True,
        "has_risk": True,
        "catalogue": catalogue(world),
        "step": "review",
        "review_submitted_on": dt.date(2025, 4, 1),
    }
    base.update(values)
    return Decision.objects.create(**base)


def complete(d: Decision) -> Decision:
    d.comment_from, d.comment_to = dt.date(2025, 3, 3), dt.date(2025, 4, 2)
    d.comment_feedback = "已反馈"
    d.expert_on, d.expert_opinion = dt.date(2025, 4, 5), "可行"
    d.risk_report_on, d.risk_summary, d.risk_controllable = dt.date(2025, 4, 6), "风险点", True
    d.review_submitted_on, d.review_completed_on = dt.date(2025, 4, 7), dt.date(2025, 4, 18)
    d.review_result, d.review_opinion = "lawful", "合法"
    d.adviser, d.adviser_opinion = "王律师", "同意"
    d.save()
    return d


DISCUSSION = {
    "discussed_on": "2025-04-25",
    "meeting": "党政联席会议",
    "minutes": "会议同意",
    "dissent": "",
    "outcome": "adopted",
}


def test_it_refuses_discussion_on_the_step_page_with_every_unmet_condition(client, world):
    d = at_review(world)
    client.force_login(world.clerk_a)
    url = f"/l/decisions/{d.pk}/step/discussion/"
    response = client.post(url, DISCUSSION)
    assert response.status_code == 200
    page = text(response)
    assert "不能进入“集体讨论决定”，尚有以下条件未满足" in page
    for message in GATE:
        assert message in page
    d.refresh_from_db()
    assert d.step == "review" and d.discussed_on is None
    assert not ProcedureLog.objects.exists()


def test_it_takes_the_discussion_step_once_the_conditions_are_met(client, world):
    d = complete(at_review(world))
    client.force_login(world.clerk_a)
    response = client.post(f"/l/decisions/{d.pk}/step/discussion/", {**DISCUSSION, "note": "第5次会议"})
    assert response.status_code == 302
    d.refresh_from_db()
    assert d.step == "discussion" and d.minutes == "会议同意"
    detail = text(client.get(f"/l/decisions/{d.pk}/"))
    assert "当前环节： 集体讨论决定" in detail and "报告党委" in detail
    assert "合法性审查最早完成日（不少于7个工作日）" in detail


def test_it_answers_409_with_the_unmet_conditions_in_the_api(client, world):
    d = at_review(world)
    client.force_login(world.clerk_a)
    url = f"/api/v1/ledgers/decisions/{d.pk}/transitions/discussion"
    response = client.post(url, DISCUSSION, content_type="application/json")
    assert response.status_code == 409
    assert response.json()["unmet"] == GATE
    detail = client.get(f"/api/v1/ledgers/decisions/{d.pk}").json()
    assert detail["step"] == "review" and detail["step_label"] == "合法性审查"
    assert "discussion" in str(detail["next_steps"])
    complete(d)
    response = client.post(url, DISCUSSION, content_type="application/json")
    assert response.status_code == 200, response.content
    assert Decision.objects.get().step == "discussion"


def test_it_refuses_an_imported_row_set_at_discussion_without_its_prerequisites(client, world):
    catalogue(world)
    ledger = registry.get("decisions")
    names = ["title", "category", "started_on", "lead_unit", "is_technical", "has_risk", "catalogue"]
    header = [excel.STEP_LABEL, *(excel.header_label(ledger, n) for n in names)]
    row = ["集体讨论决定", "镇级国土空间总体规划", "重要规划", "2025-03-01", "自然资源所", "是", "是"]
    row.append("2025年度重大行政决策事项目录")
    client.force_login(world.clerk_a)
    upload = SimpleUploadedFile("决策.xlsx", xlsx([header, row]))
    page = text(client.post(reverse("ledger:import", args=["decisions"]), {"file": upload}, follow=True))
    for message in GATE:
        assert message in page
    assert (
        "未填写集体讨论的日期、会议名称、会议纪要和讨论结果（《重大行政决策程序暂行条例》第三十条）" in page
    )
    assert not Decision.objects.exists()


def test_it_walks_a_decision_through_the_api_from_draft_to_publication(client, world):
    cat = catalogue(world)
    d = Decision.objects.create(
        org=world.town_a,
        title="老旧小区改造实施方案",
        category="project",
        started_on=dt.date(2025, 2, 1),
        lead_unit="社会事务办",
    )
    client.force_login(world.clerk_a)

    def step(code, body):
        url = f"/api/v1/ledgers/decisions/{d.pk}/transitions/{code}"
        return client.post(url, body, content_type="application/json")

    assert step("listed", {"catalogue": cat.title}).status_code == 200
    assert step("comment", {"comment_from": "2025-03-03", "comment_to": "2025-04-02"}).status_code == 200
    d.refresh_from_db()
    d.comment_feedback = "已反馈"
    d.save()
    review = {
        "review_submitted_on": "2025-04-07",
        "review_completed_on": "2025-04-18",
        "review_result": "合法",
        "review_opinion": "合法",
        "adviser": "王律师",
        "adviser_opinion": "同意",
    }
    assert step("review", review).status_code == 200
    assert step("discussion", DISCUSSION).status_code == 200
    assert step("published", {"published_on": "2025-05-01"}).status_code == 409
    assert step("reported", {"party_reported_on": "2025-04-28"}).status_code == 200
    response = step("published", {"published_on": "2025-04-20", "publish_channel": "政府网站"})
    assert response.json()["unmet"] == [
        "公布日期早于报告党委日期：决策应先报告同级党委（《重大行政决策程序暂行条例》第三十一条）"
    ]
    assert step("published", {"published_on": "2025-05-06", "publish_channel": "政府网站"}).status_code == 200
    assert Decision.objects.get().step == "published"
    assert ProcedureLog.objects.filter(record_id=d.pk).count() == 6


def test_it_keeps_other_townships_out(client, world):
    d = at_review(world)
    client.force_login(world.clerk_b)
    assert client.get(f"/l/decisions/{d.pk}/").status_code == 404
    assert client.post(f"/l/decisions/{d.pk}/step/discussion/", DISCUSSION).status_code == 404
    url = f"/api/v1/ledgers/decisions/{d.pk}/transitions/discussion"
    assert client.post(url, DISCUSSION, content_type="application/json").status_code == 404


def test_it_lists_missing_comment_feedback_and_hearing_materials_on_the_to_do_list(client, world):
    today = timezone.localdate()
    late = at_review(
        world,
        step="comment",
        comment_from=today - dt.timedelta(days=40),
        comment_to=today - dt.timedelta(days=5),
    )
    hearing = at_review(world, step="hearing", hearing_on=today + dt.timedelta(days=10))
    client.force_login(world.clerk_a)
    items = {i["kind"]: i for i in client.get("/api/v1/todo").json()}
    assert items["decisions.comment_feedback"]["record"] == {"ledger": "decisions", "id": late.pk}
    assert items["decisions.comment_feedback"]["state"] == "late"
    assert "第十八条" in items["decisions.comment_feedback"]["reason"]
    assert items["decisions.hearing_materials"]["due"] == (today + dt.timedelta(days=3)).isoformat()
    assert items["decisions.hearing_materials"]["state"] == "due"
    assert items["decisions.hearing_materials"]["record"]["id"] == hearing.pk
    client.force_login(world.clerk_b)
    assert client.get("/api/v1/todo").json() == []


def test_it_shows_a_rule_on_a_field_outside_the_step_form_as_a_refusal(client, world):
    d = complete(at_review(world, comments_received=2, comments_adopted=5))
    client.force_login(world.clerk_a)
    page = text(client.post(f"/l/decisions/{d.pk}/step/discussion/", DISCUSSION))
    assert "采纳意见（条）：采纳意见条数不能多于收到意见条数" in page
    assert Decision.objects.get().step == "review"
