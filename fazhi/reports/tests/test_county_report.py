"""The county's own annual report: drafted from its townships' records (sums, rates recomputed),
edited, signed off and submitted upward by the county's office; nobody in a township sees it."""

import datetime as dt
import io
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from docx import Document as Docx

from fazhi.conftest import client_for, make_user
from fazhi.indicators import narrative, registry
from fazhi.leadership.models import DutyReport
from fazhi.ledger.tests.factories import make_dispute, make_record
from fazhi.notifications.models import Notification
from fazhi.orgs.models import AuditLog, Level, OrgUnit
from fazhi.reports import county as drafting_county
from fazhi.reports import drafting, editing, public, render, workflow
from fazhi.reports.document import build
from fazhi.reports.models import Paragraph, Report, Step
from fazhi.reports.tests.conftest import YEAR, add_records
from fazhi.study.models import StudySession
from fazhi.supervision.models import Assessment, Assignment, Inspection, InspectionFinding, Scheme

A = Step.Action


def disputes(world, org, succeeded: int, failed: int) -> None:
    for n in range(succeeded + failed):
        ok = n < succeeded
        make_dispute(
            world,
            org=org,
            registered_on=dt.date(YEAR, 1 + n % 11, 5),
            status="succeeded" if ok else "failed",
            closed_on=dt.date(YEAR, 1 + n % 11, 25),
            agreement="written" if ok else "",
            agreement_effective_on=dt.date(YEAR, 1 + n % 11, 25) if ok else None,
            agreement_signed_sealed=ok,
            performed=ok,
            referred_to="" if ok else "引导诉讼",
            amount=Decimal("5000"),
        )


@pytest.fixture
def county_world(world):
    """A large township (A: the usual records, 3 disputes all settled) and a small one (B: 7
    disputes of which 2 settled): the average of their rates is not the county's rate."""
    add_records(world)
    disputes(world, world.town_b, succeeded=2, failed=5)
    return world


@pytest.fixture
def county_report(county_world):
    return drafting.draft_report(county_world.county, YEAR, county_world.county_user)


def values(report) -> dict[str, str]:
    found = {}
    for p in Paragraph.objects.filter(section__report=report):
        found.update(p.values)
    return found


def text(report) -> str:
    return build(report).text


def test_it_sums_the_townships_counts_and_recomputes_their_rates(county_world, county_report):
    w = county_world
    per = registry.compute_many(
        ["mediation.disputes", "mediation.resolved", "mediation.closed", "mediation.resolution_rate"],
        [w.town_a, w.town_b],
        YEAR,
    )
    a, b = w.town_a.pk, w.town_b.pk
    assert per["mediation.disputes"][a].value == 3 and per["mediation.disputes"][b].value == 7
    assert per["mediation.resolution_rate"][a].value == 100
    shown = values(county_report)
    assert shown["mediation.disputes"] == "10件"
    assert shown["mediation.resolved"] == "5件"
    # 5 settled of 10 closed is 50%, where the average of 100% and 28.6% would be 64.3%.
    assert shown["mediation.resolution_rate"] == "50%"
    assert "50%" in text(county_report) and "64.3%" not in text(county_report)
    fig = registry.compute("mediation.resolution_rate", w.county, YEAR)
    assert (fig.numerator, fig.denominator) == (5, 10)


def test_it_counts_the_countys_own_records_with_its_townships(county_world):
    w = county_world
    before = registry.compute("study.sessions", w.county, YEAR).value
    make_record(
        StudySession,
        w.county,
        held_on=dt.date(YEAR, 5, 8),
        kind="lecture",
        topic="县政府常务会议会前学法",
        participants=30,
        hours=Decimal("1.5"),
    )
    assert registry.compute("study.sessions", w.county, YEAR).value == before + 1
    assert registry.compute("study.sessions", w.town_a, YEAR).value == before


def test_it_speaks_of_the_county_not_of_a_township(county_report):
    report = county_report
    assert report.issuer == "测试县人民政府"
    assert report.title == f"测试县人民政府关于{YEAR}年度法治政府建设情况的报告"
    assert report.doc_number.startswith("测试府发〔")
    assert report.recipients == "市委、市政府" and report.cc == "市委依法治市办"
    body = text(report)
    assert "全县" in body and "乡镇（街道）" in body
    for township_word in (
        "全镇",
        "全乡",
        "镇党委",
        "镇、村、网格",
        "县委、县政府的坚强领导",
        "报送县委、县政府",
    ):
        assert township_word not in body, township_word
    assert "报送市委、市政府并抄送市委依法治市办" in body
    assert all(
        Paragraph.objects.filter(section__report=report, section__part=part).exists() for part in range(1, 6)
    )


def test_it_names_the_townships_behind_a_target(county_world):
    w = county_world
    # Both principals of township A reported on their duty (述法), none of township B's.
    for role in ("secretary", "head"):
        make_record(
            DutyReport,
            w.town_a,
            year=YEAR,
            person=f"{role}甲",
            role=role,
            reported_on=dt.date(YEAR, 12, 20),
            text="履行第一责任人职责情况",
        )
    report = drafting.draft_report(w.county, YEAR, w.county_user)
    line = Paragraph.objects.get(
        section__report=report, section__part=2, origin="target:leadership.principals_reported"
    ).text
    assert line.startswith("乙乡的党政主要负责人述法不足2人")
    assert "甲镇" not in line


def test_a_township_user_can_neither_see_nor_edit_the_countys_report(client, county_world, county_report):
    w = county_world
    p = Paragraph.objects.filter(section__report=county_report).first()
    for user in (w.clerk_a, w.reviewer_a, w.leader_a, w.clerk_b):
        c = client_for(client, user)
        assert c.get(reverse("reports:detail", args=[county_report.pk])).status_code == 404
        assert c.get(reverse("reports:download", args=[county_report.pk, "docx"])).status_code == 404
        r = c.post(reverse("reports:paragraph", args=[county_report.pk, p.pk]), {"text": "改写"})
        assert r.status_code == 404
        r = c.post(reverse("reports:step", args=[county_report.pk, A.CHECK]))
        assert r.status_code == 404
        listing = c.get(reverse("reports:index")).content.decode()
        assert county_report.title not in listing
    p.refresh_from_db()
    assert p.text != "改写"
    assert county_report.steps.count() == 1


def test_the_county_supervisor_edits_its_report_but_not_a_townships(client, county_world, county_report):
    w = county_world
    c = client_for(client, w.county_user)
    page = c.get(reverse("reports:detail", args=[county_report.pk]))
    assert page.status_code == 200
    p = Paragraph.objects.filter(section__report=county_report, section__part=1).first()
    r = c.post(
        reverse("reports:paragraph", args=[county_report.pk, p.pk]), {"text": "全县法治建设稳步推进。"}
    )
    assert r.status_code == 200
    p.refresh_from_db()
    assert p.text == "全县法治建设稳步推进。"
    township = drafting.draft_report(w.town_a, YEAR, w.clerk_a)
    tp = Paragraph.objects.filter(section__report=township).first()
    r = c.post(reverse("reports:paragraph", args=[township.pk, tp.pk]), {"text": "县里改写"})
    assert r.status_code == 403
    # The county's office takes no step of a township's own procedure.
    with pytest.raises(workflow.WorkflowError):
        workflow.transition(township, A.CHECK, w.county_user)
    assert [t.action for t in workflow.available(township, w.county_user)] == []


def test_it_goes_to_submitted_with_the_countys_signer_and_its_receipt(client, county_world, county_report):
    w = county_world
    report = county_report
    c = client_for(client, w.county_user)
    page = c.get(reverse("reports:detail", args=[report.pk])).content.decode()
    assert "报送对象：报送市委、市政府" in page and "上级机关尚未在本平台接收报告" in page
    for action in (A.CHECK, A.SIGN_OFF, A.SECRECY):
        note = "不涉密，可以公开" if action == A.SECRECY else ""
        r = c.post(reverse("reports:step", args=[report.pk, action]), {"note": note})
        assert r.status_code == 302
    report.refresh_from_db()
    assert report.state == Report.State.SECRECY
    assert report.signer == w.county_user.full_name
    assert report.doc_number.startswith("测试府发〔")
    labels = [t.label for t in workflow.available(report, w.county_user)]
    assert labels[0] == "报送市委、市政府" and "退回修改" in labels
    c.post(reverse("reports:step", args=[report.pk, A.SUBMIT]))
    report.refresh_from_db()
    assert report.state == Report.State.SUBMITTED
    assert report.state_label == "已报送市委、市政府"
    submit = report.steps.get(action=A.SUBMIT)
    assert "上级机关尚未在本平台接收报告，本平台记录为已报送" in submit.note
    page = c.get(reverse("reports:detail", args=[report.pk])).content.decode()
    assert "已报送市委、市政府" in page and "本平台记录为已报送" in page
    # No level above receives it here: the next step is the county's own publication.
    assert "提交司法所审核" not in page and "接收并公开" not in page.split('id="next-step"')[-1][:200]
    assert "公开发布（县级督导）" in page.split('id="next-step"')[-1][:200]
    # The county never receives its own report; with no level above receiving reports here, it
    # publishes it itself.
    assert [t.action for t in workflow.available(report, w.county_user)] == [A.PUBLISH]
    with pytest.raises(workflow.WorkflowError):
        workflow.transition(report, A.ACCEPT, w.county_user)


def test_a_level_above_in_the_platform_receives_it(county_world, county_report):
    w = county_world
    city = OrgUnit.objects.create(code="TS", name="测试市", level=Level.COUNTY)
    w.county.parent = city
    w.county.save()
    for unit in (w.town_a, w.town_b, w.village_a, w.village_b, w.grid_a):
        unit.refresh_from_db()
        unit.save()  # the subtree's paths now start at the city
    county_report.org.refresh_from_db()
    upper = make_user("city_user", city, "county")
    assert "由测试市在本平台接收或退回" in workflow.receiver(county_report)
    for action in (A.CHECK, A.SIGN_OFF, A.SECRECY, A.SUBMIT):
        workflow.transition(
            county_report, action, w.county_user, "保密审查通过" if action == A.SECRECY else ""
        )
    county_report.refresh_from_db()
    assert [t.label for t in workflow.available(county_report, upper)] == ["接收并公开", "退回修改"]
    # The level above receives it: the county waits for it and publishes nothing itself before.
    assert workflow.available(county_report, w.county_user) == []
    with pytest.raises(workflow.WorkflowError, match="不能登记公开发布"):
        workflow.transition(county_report, A.PUBLISH, w.county_user, "门户网站")
    workflow.transition(county_report, A.ACCEPT, upper, "同意")
    county_report.refresh_from_db()
    assert [t.action for t in workflow.available(county_report, w.county_user)] == [A.PUBLISH]


def submitted(report, user) -> Report:
    for action in (A.CHECK, A.SIGN_OFF, A.SECRECY, A.SUBMIT):
        workflow.transition(report, action, user, "不涉密，可以公开" if action == A.SECRECY else "")
    report.refresh_from_db()
    return report


def test_the_county_publishes_its_own_report_where_no_level_above_receives_it(
    client, county_world, county_report, monkeypatch, settings, tmp_path
):
    w = county_world
    report = submitted(county_report, w.county_user)
    # A township's report the county accepted is public; the county's, only submitted, is not.
    township = drafting.draft_report(w.town_a, YEAR, w.clerk_a)
    editing.accept_all(township, w.clerk_a)
    workflow.transition(township, A.SEND_REVIEW, w.clerk_a)
    workflow.transition(township, A.CHECK, w.reviewer_a)
    workflow.transition(township, A.SIGN_OFF, w.leader_a)
    workflow.transition(township, A.SECRECY, w.leader_a, "不涉密")
    workflow.transition(township, A.SUBMIT, w.clerk_a)
    workflow.transition(township, A.ACCEPT, w.county_user, "同意公开")
    listing = client.get("/public/reports/").content.decode()
    assert f"/public/reports/{township.pk}/" in listing
    assert report.title not in listing and f"/public/reports/{report.pk}/" not in listing
    assert client.get(f"/public/reports/{report.pk}/").status_code == 404
    assert client.get(f"/public/reports/{report.pk}/download.docx").status_code == 404

    # Nobody but the county's office publishes it: not a township, not by another step.
    for user in (w.clerk_a, w.leader_a):
        with pytest.raises(workflow.WorkflowError):
            workflow.transition(report, A.PUBLISH, user, "门户网站")
    c = client_for(client, w.county_user)
    page = c.get(reverse("reports:detail", args=[report.pk])).content.decode()
    assert "下一步：公开发布" in page
    assert f'action="/reports/{report.pk}/step/publish/"' in page
    assert 'data-confirm="公开发布后' in page
    r = c.post(reverse("reports:step", args=[report.pk, A.PUBLISH]), {"note": "县人民政府门户网站"})
    assert r.status_code == 302
    report.refresh_from_db()
    assert report.state == Report.State.PUBLISHED and report.state_label == "已公开"
    step = report.steps.get(action=A.PUBLISH)
    assert step.by == w.county_user and step.note == "县人民政府门户网站"
    assert AuditLog.objects.filter(
        action=AuditLog.Action.REPORT_STEP,
        user=w.county_user,
        outcome=AuditLog.Outcome.SUCCESS,
        detail="公开发布：已公开；公开渠道：县人民政府门户网站",
    ).exists()
    assert workflow.available(report, w.county_user) == [] and workflow.next_steps(report) == []

    # The public page, without login: under the county's name beside the township's, with the
    # date it was published; its HTML page and its PDF.
    client.logout()
    listing = client.get("/public/reports/").content.decode()
    assert f'href="/public/reports/{report.pk}/"' in listing
    assert f'href="/public/reports/{report.pk}/download.pdf"' in listing
    row = listing.split(f'href="/public/reports/{report.pk}/"')[0].rsplit("<tr>", 1)[-1]
    assert "测试县" in row
    assert listing.index(report.title) < listing.index(township.title)
    assert timezone.localdate(step.at).strftime("%Y-%m-%d") in listing
    detail = client.get(f"/public/reports/{report.pk}/").content.decode()
    assert report.title in detail and "测试县人民政府" in detail
    assert "现将测试县" in detail and "data-code" not in detail and "县人民政府门户网站" not in detail
    settings.VAR_DIR = tmp_path
    monkeypatch.setattr(render, "soffice", lambda: "/usr/bin/soffice")
    monkeypatch.setattr(render, "to_pdf", lambda docx: b"%PDF-1.7 stand-in")
    pdf = client.get(f"/public/reports/{report.pk}/download.pdf")
    assert pdf.status_code == 200 and pdf.content == b"%PDF-1.7 stand-in"
    # Still nothing unpublished: the drafts and the township's draft stay out of reach.
    draft = drafting.draft_report(w.town_b, YEAR, w.clerk_b)
    assert client.get(f"/public/reports/{draft.pk}/").status_code == 404
    assert set(public.published().values_list("pk", flat=True)) == {report.pk, township.pk}


def test_township_steps_do_not_notify_the_countys_office(county_world, django_capture_on_commit_callbacks):
    w = county_world
    report = drafting.draft_report(w.town_a, YEAR, w.clerk_a)
    editing.accept_all(report, w.clerk_a)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.transition(report, A.CHECK, w.reviewer_a)
    assert not Notification.objects.filter(user=w.county_user).exists()
    assert Notification.objects.filter(user=w.leader_a).exists()


def test_the_docx_carries_the_countys_name(county_report):
    doc = Docx(io.BytesIO(render.render(county_report, "docx")))
    body = "\n".join(p.text for p in doc.paragraphs)
    assert "测试县人民政府" in body
    assert "现将测试县" in body
    assert "甲镇人民政府" not in body


def test_the_closing_analysis_of_part_2_is_not_numbered_as_a_shortcoming(county_report):
    doc = build(county_report)
    causes = Paragraph.objects.get(section__report=county_report, origin="causes")
    block = next(b for b in doc.blocks if b.paragraph_id == causes.pk)
    assert block.kind == "para" and not block.text[0].isdigit()
    assert any(b.kind == "item" and b.text.startswith("1.") for b in doc.blocks)


# The county's supervision paragraph: its numbers are figures of the registry -----------------


SUPERVISION = [
    "supervision.townships_assessed",
    "supervision.inspections",
    "supervision.inspection_findings",
    "supervision.assignments",
    "supervision.reports_returned",
    "supervision.reports_received",
]


def township_report(w, org, version, state, corrects=None) -> Report:
    return Report.objects.create(
        org=org,
        year=YEAR,
        version=version,
        state=state,
        corrects=corrects,
        title=f"{org.name}人民政府关于{YEAR}年度法治政府建设情况的报告",
        issuer=f"{org.name}人民政府",
        doc_number=f"{org.name[0]}政发〔{YEAR + 1}〕1号",
        printer=f"{org.name}党政办公室",
    )


@pytest.fixture
def supervised(county_world):
    """A year of the county's supervision: a scheme scoring both townships, an inspection with
    findings in each (and one of the year before), an assignment (and one of the year before),
    township A's report returned once then accepted, township B's still a draft."""
    w = county_world
    tz = timezone.get_current_timezone()
    scheme = Scheme.objects.create(
        county=w.county, year=YEAR, title=f"{YEAR}年度乡镇法治政府建设考核方案", state="scoring"
    )
    for town in (w.town_a, w.town_b):
        Assessment.objects.create(scheme=scheme, org=town)
    Scheme.objects.create(county=w.county, year=YEAR - 1, title="上年度方案", state="published")
    held = Inspection.objects.create(
        county=w.county,
        title="年中依法行政专项督察",
        held_on=dt.date(YEAR, 6, 10),
        team="组长 王一",
        scope="执法案卷",
    )
    for town, text in (
        (w.town_a, "执法案卷归档不及时"),
        (w.town_b, "合法性审核台账不全"),
        (w.town_b, "会前学法未记录"),
    ):
        InspectionFinding.objects.create(
            inspection=held, org=town, description=text, requirement="限期整改", due_on=dt.date(YEAR, 8, 31)
        )
    Inspection.objects.create(
        county=w.county, title="上年度督察", held_on=dt.date(YEAR - 1, 11, 2), team="组长 王一", scope="全面"
    )
    sent = Assignment.objects.create(
        county=w.county,
        title="报送矛盾纠纷排查情况",
        text="请报送本季度排查情况",
        due_on=dt.date(YEAR, 4, 10),
        created_at=dt.datetime(YEAR, 4, 1, 9, tzinfo=tz),
    )
    Assignment.objects.create(
        county=w.county,
        title="上年度任务",
        text="上年度",
        due_on=dt.date(YEAR - 1, 4, 10),
        created_at=dt.datetime(YEAR - 1, 4, 1, 9, tzinfo=tz),
    )
    first = township_report(w, w.town_a, 1, Report.State.RETURNED)
    second = township_report(w, w.town_a, 2, Report.State.ACCEPTED, corrects=first)
    township_report(w, w.town_b, 1, Report.State.DRAFT)
    return {"scheme": scheme, "inspection": held, "assignment": sent, "returned": first, "accepted": second}


def test_the_supervision_paragraph_states_the_registrys_figures(client, county_world, supervised):
    w = county_world
    figures = registry.aggregate(SUPERVISION, w.county, YEAR)
    assert {c: f.value for c, f in figures.items()} == {
        "supervision.townships_assessed": 2,
        "supervision.inspections": 1,
        "supervision.inspection_findings": 3,
        "supervision.assignments": 1,
        "supervision.reports_returned": 1,
        "supervision.reports_received": 1,
    }
    report = drafting.draft_report(w.county, YEAR, w.county_user)
    paragraphs = list(
        Paragraph.objects.filter(
            section__report=report, section__title="加强对乡镇（街道）法治建设的督促指导"
        )
    )
    written = "".join(p.text for p in paragraphs)
    # Every count of the paragraph is a live figure, shown as the registry computes it.
    assert narrative.tokens(written) == SUPERVISION
    shown = {code: v for p in paragraphs for code, v in p.values.items()}
    assert shown == {code: narrative.display(fig) for code, fig in figures.items()}
    doc = build(report)
    body = "".join(b.text for b in doc.blocks if b.paragraph_id in {p.pk for p in paragraphs})
    assert "对2个乡镇（街道）" in body and "督察检查1次" in body and "发现问题3个" in body
    assert "派发督办任务1项，包括“报送矛盾纠纷排查情况”等" in body
    assert "退回1份" in body and "接收甲镇的报告1份" in body and "乙乡的报告" not in body
    assert "上年度督察" not in body and "上年度任务" not in body and not re.search(r"\d+[个次项份]", written)

    # A figure changes with its records: the recomputed value is the registry's.
    InspectionFinding.objects.create(
        inspection=supervised["inspection"],
        org=w.town_a,
        description="又一问题",
        requirement="整改",
        due_on=dt.date(YEAR, 9, 1),
    )
    assert registry.compute("supervision.inspection_findings", w.county, YEAR).value == 4
    assert {c.code: c.now for c in editing.changes(report)}.get("supervision.inspection_findings") == "4个"


def test_the_supervision_figures_lead_to_their_records_and_are_the_countys(client, county_world, supervised):
    w = county_world
    c = client_for(client, w.county_user)
    page = c.get(f"/indicators/supervision.inspections/?org=TC&year={YEAR}").content.decode()
    assert 'id="figure-value">1次<' in page
    assert f'href="/supervision/inspections/{supervised["inspection"].pk}/"' in page
    assert "年中依法行政专项督察" in page and "上年度督察" not in page
    page = c.get(f"/indicators/supervision.inspection_findings/?org=TC&year={YEAR}").content.decode()
    assert "共 3 条记录" in page and "合法性审核台账不全" in page
    page = c.get(f"/indicators/supervision.assignments/?org=TC&year={YEAR}").content.decode()
    assert (
        f'href="/supervision/assignments/{supervised["assignment"].pk}/"' in page and "上年度任务" not in page
    )
    page = c.get(f"/indicators/supervision.townships_assessed/?org=TC&year={YEAR}").content.decode()
    assert "共 2 条记录" in page and "甲镇" in page and "乙乡" in page
    page = c.get(f"/indicators/supervision.reports_received/?org=TC&year={YEAR}").content.decode()
    assert f'href="/reports/{supervised["accepted"].pk}/"' in page and "共 1 条记录" in page
    page = c.get(f"/indicators/supervision.reports_returned/?org=TC&year={YEAR}").content.decode()
    assert f'href="/reports/{supervised["returned"].pk}/"' in page
    # The API states them for the county, with their explanation; never for a township.
    body = c.get(f"/api/v1/indicators?org=TC&year={YEAR}").json()
    found = {i["code"]: i for i in body["indicators"]}
    assert {code: found[code]["value"] for code in SUPERVISION} == {
        code: f.value for code, f in registry.aggregate(SUPERVISION, w.county, YEAR).items()
    }
    assert found["supervision.inspections"]["description"] and found["supervision.inspections"]["basis"]
    records = c.get(f"/api/v1/indicators/supervision.inspections/records?org=TC&year={YEAR}").json()
    assert (
        records["count"] == 1
        and records["results"][0]["url"] == f"/supervision/inspections/{supervised['inspection'].pk}/"
    )
    town = c.get(f"/api/v1/indicators?org=TCA&year={YEAR}").json()
    assert not [i for i in town["indicators"] if i["code"].startswith("supervision.")]
    # A township reads none of the county's supervision figures.
    t = client_for(client, w.clerk_a)
    assert t.get(f"/indicators/supervision.inspections/?org=TC&year={YEAR}").status_code == 404


def _town(world, n: int) -> OrgUnit:
    town = OrgUnit.objects.create(
        code=f"TCR{n:02d}", name=f"测试{n}镇", level=Level.TOWNSHIP, parent=world.county
    )
    OrgUnit.objects.create(code=f"TCR{n:02d}01", name=f"测试{n}村", level=Level.VILLAGE, parent=town)
    make_dispute(world, org=town, registered_on=dt.date(YEAR, 1 + n % 12, 5))
    return town


def _county_draft_queries(world) -> int:
    Report.objects.filter(org=world.county, year=YEAR).delete()
    with CaptureQueriesContext(connection) as ctx:
        drafting.draft_report(world.county, YEAR, world.county_user)
    return len(ctx.captured_queries)


def test_the_county_report_is_drafted_in_the_same_queries_for_3_and_30_townships(county_world):
    """Every figure, the townships behind a target and the months each township left blank are
    read for all the townships at once: the county's draft does not grow with its townships."""
    w = county_world
    _town(w, 3)
    _county_draft_queries(w)  # warm: settings and calendar caches
    three = min(_county_draft_queries(w) for _ in range(2))
    for n in range(4, 31):
        _town(w, n)
    assert len(drafting_county.townships(w.county)) == 30
    # The lower of two drafts: a cache expiring mid-run may cost one query once.
    thirty = min(_county_draft_queries(w) for _ in range(2))
    assert thirty == three
    # The months left blank, read for all the townships at once, are those read for each alone.
    today = timezone.localdate()
    alone = []
    for town in drafting_county.townships(w.county):
        found = drafting.blank_months(town, YEAR, today)
        if found:
            alone.append(f"{town.name}有{len(found)}项工作累计{sum(n for _, n in found)}个月")
    assert len(alone) >= 4
    part2 = (
        text(Report.objects.get(org=w.county, year=YEAR)).split("二、存在的不足和原因")[1].split("三、")[0]
    )
    assert f"{'，'.join(alone[:4])}既未报送工作情况" in part2
