import datetime as dt
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from docx import Document
from openpyxl import load_workbook

from fazhi.conftest import make_user
from fazhi.supervision import scoring
from fazhi.supervision.models import Assessment, Objection, Scheme
from fazhi.supervision.tests.factories import YEAR, finding, item, scheme, started


def _sheet(s, org):
    return f"/supervision/assessments/{s.pk}/{org.code}/"


def test_it_builds_a_scheme_from_last_years_and_adds_an_item(client, world):
    last = scheme(world, year=YEAR - 1)
    client.force_login(world.county_user)
    response = client.post(
        "/supervision/assessments/", {"year": YEAR, "title": "2025年度考核方案", "copy_from": last.pk}
    )
    new = Scheme.objects.get(year=YEAR)
    assert response.status_code == 302 and response["Location"] == f"/supervision/assessments/{new.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert "问题整改率" in page and "每次扣2分，最多扣5分" in page
    response = client.post(
        f"/supervision/assessments/{new.pk}/items/new/",
        {
            "title": "执法证件",
            "points": "5",
            "method": "indicator",
            "indicator": "rectification.findings",
            "rule": "thresholds",
            "bands": "3:5，1：2",
            "order": "4",
        },
    )
    assert response.status_code == 302
    assert new.items.get(title="执法证件").thresholds == [[3, 5], [1, 2]]
    response = client.post(
        f"/supervision/assessments/{new.pk}/items/new/",
        {
            "title": "坏分档",
            "points": "5",
            "method": "indicator",
            "indicator": "rectification.findings",
            "rule": "thresholds",
            "bands": "3=5",
            "order": "5",
        },
    )
    assert "分档“3=5”应写成“数值:得分”" in response.content.decode()


def test_it_freezes_the_scheme_once_scoring_starts(client, world):
    s = scheme(world)
    client.force_login(world.county_user)
    client.post(f"/supervision/assessments/{s.pk}/start/")
    s.refresh_from_db()
    assert s.state == Scheme.State.SCORING and s.assessments.count() == 2
    response = client.post(
        f"/supervision/assessments/{s.pk}/items/new/",
        {"title": "新项", "points": "5", "method": "manual"},
        follow=True,
    )
    assert "考核项目已冻结" in response.content.decode() and not s.items.filter(title="新项").exists()


def test_it_lets_a_township_self_assess_with_evidence_and_the_county_score_and_publish(client, world):
    s = started(world)
    manual = item(s, "述法工作")
    client.force_login(world.clerk_a)
    upload = SimpleUploadedFile("述法材料.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    response = client.post(
        _sheet(s, world.town_a),
        {
            "action": "self_submit",
            f"self_{manual.pk}": "68",
            f"note_{manual.pk}": "书记镇长均已述法",
            f"file_{manual.pk}": upload,
        },
    )
    assert response.status_code == 302
    a = Assessment.objects.get(scheme=s, org=world.town_a)
    assert a.self_submitted_at is not None
    page = client.get(_sheet(s, world.town_a)).content.decode()
    assert "述法材料.pdf" in page and "书记镇长均已述法" in page
    client.force_login(world.county_user)
    page = client.get(_sheet(s, world.town_a)).content.decode()
    assert "自评 68" in page and "述法材料.pdf" in page
    response = client.post(f"/supervision/assessments/{s.pk}/publish/", follow=True)
    assert "以下项目还没有评分" in response.content.decode() and "述法工作" in response.content.decode()
    bonus = item(s, "创新工作加分")
    for org, pts in ((world.town_a, "66"), (world.town_b, "55")):
        client.post(
            _sheet(s, org),
            {
                "action": "score",
                f"points_{manual.pk}": pts,
                f"reason_{manual.pk}": "述法报告完整",
                f"points_{bonus.pk}": "1",
                f"reason_{bonus.pk}": "有创新",
                "comment": "工作扎实",
            },
        )
    client.post(f"/supervision/assessments/{s.pk}/publish/")
    s.refresh_from_db()
    assert s.state == Scheme.State.PUBLISHED
    client.force_login(world.clerk_a)
    page = client.get(f"/supervision/assessments/{s.pk}/").content.decode()
    assert "总分 <strong>77.00</strong>" in page and "第 1 名" in page  # 10 (no overdue) + 66 + bonus 1
    sheet = client.get(_sheet(s, world.town_a)).content.decode()
    assert "工作扎实" in sheet and "述法报告完整" in sheet


def test_it_shows_a_township_only_its_own_sheet(client, world):
    s = started(world)
    client.force_login(world.clerk_b)
    assert client.get(_sheet(s, world.town_a)).status_code == 404
    assert client.get(_sheet(s, world.town_b)).status_code == 200
    assert client.get(f"/supervision/assessments/{s.pk}/results.xlsx").status_code == 403
    page = client.get(f"/supervision/assessments/{s.pk}/").content.decode()
    assert "甲镇" not in page
    manual = item(s, "述法工作")
    client.post(
        _sheet(s, world.town_b), {"action": "score", f"points_{manual.pk}": "70", f"reason_{manual.pk}": "x"}
    )
    assert Assessment.objects.get(scheme=s, org=world.town_b).scores.get(item=manual).points is None


def test_it_lets_a_reader_above_the_county_see_results_but_write_nothing(client, world):
    s = started(world)
    reader = make_user("reader", world.county, "leader")  # view rights only, no manage_scheme
    client.force_login(reader)
    assert client.get(f"/supervision/assessments/{s.pk}/").status_code == 200
    assert client.post(f"/supervision/assessments/{s.pk}/publish/").status_code == 403
    manual = item(s, "述法工作")
    response = client.post(
        _sheet(s, world.town_a), {"action": "score", f"points_{manual.pk}": "70", f"reason_{manual.pk}": "x"}
    )
    assert response.status_code == 403


def _published(world):
    s = started(world)
    manual, bonus = item(s, "述法工作"), item(s, "创新工作加分")
    for a in s.assessments.all():
        scoring.save_county_scores(
            a, {manual.pk: ("50", "一般"), bonus.pk: ("0", "无")}, "", world.county_user
        )
    scoring.publish(s, world.county_user)
    s.refresh_from_db()
    return s, manual


def test_it_takes_an_objection_within_the_period_and_the_county_answers_it(client, world):
    s, manual = _published(world)
    client.force_login(world.clerk_a)
    client.post(
        _sheet(s, world.town_a), {"action": "object", "item": manual.pk, "text": "述法材料已补充，请复核"}
    )
    objection = Objection.objects.get()
    client.force_login(world.county_user)
    client.post(
        f"/supervision/assessments/{s.pk}/objections/{objection.pk}/answer/",
        {"answer": "经复核，补充材料属实", "upheld": "1", "points": "60"},
    )
    client.force_login(world.clerk_a)
    page = client.get(_sheet(s, world.town_a)).content.decode()
    assert "异议成立" in page and "经复核，补充材料属实" in page
    assert scoring.rank_among_all(s, Assessment.objects.get(scheme=s, org=world.town_a)).total == Decimal(
        70
    )  # 10 + 50 raised to 60


def test_it_refuses_an_objection_after_the_period(world):
    s, manual = _published(world)
    a = Assessment.objects.get(scheme=s, org=world.town_a)
    late = timezone.localdate(s.published_at) + dt.timedelta(days=s.objection_days + 1)
    with pytest.raises(scoring.SchemeError, match="异议期已于"):
        scoring.object_to(a, manual.pk, "不服", world.clerk_a, late)


def test_it_exports_results_to_excel_and_a_notice(client, world):
    finding(world.town_b, status="overdue")
    s, _ = _published(world)
    client.force_login(world.county_user)
    response = client.get(f"/supervision/assessments/{s.pk}/results.xlsx")
    ws = load_workbook(BytesIO(response.content))["总分与等次"]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:3] == ("乡镇", "组织编码", "名次")
    assert [(r[0], r[2], r[-2], r[-1]) for r in rows[1:]] == [
        ("甲镇", 1, 60.0, "合格"),
        ("乙乡", 2, 58.0, "不合格"),
    ]
    response = client.get(f"/supervision/assessments/{s.pk}/notice.docx")
    text = "\n".join(p.text for p in Document(BytesIO(response.content)).paragraphs)
    assert "考核结果的通报" in text and "合格：甲镇（1个）" in text and "不合格：乙乡（1个）" in text


def test_it_keeps_a_draft_scheme_from_the_townships(client, world):
    s = scheme(world)
    client.force_login(world.clerk_a)
    assert client.get(f"/supervision/assessments/{s.pk}/").status_code == 404
    assert s.title not in client.get("/supervision/assessments/").content.decode()
