import datetime as dt
from pathlib import Path

from django.core.management import call_command

from fazhi.conftest import client_for
from fazhi.ledger.tests.factories import make_dispute
from fazhi.reports import drafting
from fazhi.reports.models import Paragraph, Report
from fazhi.reports.tests.conftest import YEAR, add_records
from fazhi.reports.tests.test_workflow import walk_to_submitted


def test_it_drafts_from_the_reports_page_in_the_background(client, records, run_tasks):
    c = client_for(client, records.clerk_a)
    assert "起草年度报告" in c.get("/reports/").content.decode()
    response = c.post("/reports/new/", {"year": YEAR})
    # A second click while the first is waiting shows the same task.
    assert c.post("/reports/new/", {"year": YEAR})["Location"] == response["Location"]
    assert not Report.objects.exists()
    assert "起草报告" in c.get(response["Location"]).content.decode()
    assert run_tasks() == 1
    report = Report.objects.get()
    done = c.get(response["Location"]).content.decode()
    assert "起草完成" in done and f'href="/reports/{report.pk}/"' in done
    page = c.get(f"/reports/{report.pk}/").content.decode()
    assert "一、主要举措和成效" in page and "五、其他需要报告的情况" in page
    assert 'data-code="mediation.disputes"' in page


def test_it_hides_a_townships_report_from_another_township(client, report, records):
    c = client_for(client, records.clerk_b)
    for url in ["", "preview/", "self-check/", "recompute/", "download.docx"]:
        assert c.get(f"/reports/{report.pk}/{url}").status_code == 404, url
    assert c.post(f"/reports/{report.pk}/step/check/").status_code == 404
    p = Paragraph.objects.filter(section__report=report).first()
    assert c.post(f"/reports/{report.pk}/p/{p.pk}/", {"text": "x"}).status_code == 404
    assert str(report.org) not in c.get("/reports/").content.decode()


def test_it_lets_the_county_see_every_township_but_not_edit(client, report, records):
    add_records(records, records.town_b)
    other = drafting.draft_report(records.town_b, YEAR, records.clerk_b)
    walk_to_submitted(report, records)
    c = client_for(client, records.county_user)
    page = c.get(f"/supervision/reports/?year={YEAR}").content.decode()
    assert "甲镇" in page and "乙乡" in page and "已报送县委县政府" in page and "起草中" in page
    assert c.get(f"/reports/{other.pk}/download.docx").status_code == 200
    p = Paragraph.objects.filter(section__report=other).first()
    assert c.post(f"/reports/{other.pk}/p/{p.pk}/", {"text": "改"}).status_code == 403
    review = c.get(f"/supervision/reports/review/?year={YEAR}").content.decode()
    assert "甲镇" in review and "乙乡" not in review.split('id="review-table"')[1].split("</table>")[0]


def test_it_edits_a_paragraph_through_htmx(client, report, records):
    c = client_for(client, records.clerk_a)
    p = Paragraph.objects.get(section__report=report, text__contains="{{mediation.disputes}}")
    form = c.get(f"/reports/{report.pk}/p/{p.pk}/edit/").content.decode()
    assert "{{mediation.disputes}}" in form
    shown = c.post(
        f"/reports/{report.pk}/p/{p.pk}/", {"text": "共受理{{mediation.disputes}}。"}
    ).content.decode()
    assert "共受理" in shown and "3件" in shown
    bad = c.post(f"/reports/{report.pk}/p/{p.pk}/", {"text": "{{x.y}}"}).content.decode()
    assert "没有这些指标" in bad


def test_it_lists_and_accepts_changes_on_the_recompute_page(client, report, records, run_tasks):
    make_dispute(records, registered_on=dt.date(YEAR, 9, 1))
    c = client_for(client, records.clerk_a)
    waiting = c.get(f"/reports/{report.pk}/recompute/", follow=True)
    assert 'role="progressbar"' in waiting.content.decode()
    assert "受理矛盾纠纷" not in waiting.content.decode()
    run_tasks()
    page = c.get(waiting.redirect_chain[-1][0]).content.decode()
    assert "受理矛盾纠纷" in page and "4件" in page
    again = c.post(f"/reports/{report.pk}/accept/", {"all": "1"}, follow=True)
    run_tasks()
    assert "一致" in c.get(again.redirect_chain[-1][0]).content.decode()


def test_it_previews_the_page_as_it_will_print(client, report, records):
    page = client_for(client, records.clerk_a).get(f"/reports/{report.pk}/preview/").content.decode()
    assert 'class="gw-page"' in page and "甲府发〔2026〕1号" in page
    assert 'data-code="mediation.disputes"' in page


def test_it_self_checks_a_draft(client, report, records):
    page = client_for(client, records.clerk_a).get(f"/reports/{report.pk}/self-check/").content.decode()
    assert "报告文本自查" in page


def test_it_downloads_word_and_html(client, report, records):
    c = client_for(client, records.leader_a)
    docx = c.get(f"/reports/{report.pk}/download.docx")
    assert docx["Content-Type"].startswith("application/vnd.openxmlformats")
    assert docx.content[:2] == b"PK"
    html = c.get(f"/reports/{report.pk}/download.html").content.decode()
    assert "甲镇人民政府关于2025年度法治政府建设情况的报告" in html


def test_it_renders_the_current_version_from_the_command(records, tmp_path):
    out = Path(tmp_path) / "r.html"
    call_command("render_report", org="TCA", year=YEAR, format="html", out=str(out))
    assert Report.objects.get().version == 1  # a fresh draft made for the occasion
    assert "一、主要举措和成效" in out.read_text()
    call_command("render_report", org="TCA", year=YEAR, format="docx", out=str(tmp_path / "r.docx"))
    assert Report.objects.count() == 1
