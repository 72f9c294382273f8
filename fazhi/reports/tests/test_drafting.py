import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from fazhi.indicators import narrative, registry
from fazhi.orgs.models import Level, OrgUnit
from fazhi.reports import document, drafting
from fazhi.reports.models import PARTS, Paragraph, Report, Step
from fazhi.reports.tests.conftest import YEAR, add_records
from fazhi.study.models import StudySession


def test_it_drafts_the_five_parts_in_order(report):
    doc = document.build(report)
    heads = [b.text for b in doc.blocks if b.kind == "part"]
    assert heads == [f"{n}、{t}" for n, t in zip("一二三四五", PARTS.values(), strict=True)]
    assert report.steps.get().action == Step.Action.DRAFT
    assert report.doc_number == "甲府发〔2026〕1号"
    assert report.title == "甲镇人民政府关于2025年度法治政府建设情况的报告"


def test_it_writes_a_section_per_area_from_its_figures(report):
    sections = {s.area: s for s in report.sections.filter(part=1)}
    assert {"study", "legal_education", "mediation"} <= set(sections)
    mediation = " ".join(p.text for p in sections["mediation"].paragraphs.all())
    assert "{{mediation.disputes}}" in mediation
    assert "{{mediation.resolution_rate}}" in mediation
    doc = document.build(report)
    assert "受理矛盾纠纷3件" in doc.text
    assert "调解成功率100%" in doc.text
    # The notable record: the largest settled dispute, without the parties' names.
    assert "甲一村一起邻里纠纷涉及金额3.6万元" in doc.text
    assert "张三" not in doc.text


def test_it_shows_every_figure_as_the_indicator_value(report):
    doc = document.build(report)
    assert len(doc.figures) >= 15
    for (_pid, code), shown in doc.figures.items():
        assert shown == narrative.display(registry.compute(code, report.org, YEAR)), code
        assert shown in doc.text


def test_it_never_boasts_a_zero(report):
    text = document.build(report).text
    assert not re.search(r"(?<![\d.])0(次|件|场|人次|人|个|元|条|份|小时)", text)
    # Oath ceremonies: none recorded, so no sentence about them at all.
    assert "宪法宣誓" not in text


def test_it_says_plainly_once_when_an_area_had_nothing(world):
    report = drafting.draft_report(world.town_a, YEAR, world.clerk_a)
    # Part 1 keeps only its opening paragraph: no area section.
    assert not report.sections.filter(part=1).exclude(title="").exists()
    doc = document.build(report)
    other = doc.text.split("五、其他需要报告的情况")[1]
    assert "本年度没有发生以本级政府为被申请人或被告的行政复议和行政诉讼案件" in other
    assert "本年度没有受理信访事项" in other
    assert doc.text.count("本年度没有受理信访事项") == 1
    assert "台账" not in doc.text


def test_it_leaves_idle_areas_out_when_asked(world):
    add_records(world)
    StudySession.objects.all().delete()
    from fazhi.study.models import LawExam

    LawExam.objects.all().delete()
    report = drafting.draft_report(world.town_a, YEAR, world.clerk_a, omit_idle=True)
    assert not report.sections.filter(area="study").exists()
    assert report.sections.filter(area="mediation").exists()


def test_it_lists_figures_below_target_as_shortcomings(report):
    part2 = Paragraph.objects.filter(section__report=report, section__part=2)
    below = part2.get(origin="target:legal_education.villages_meeting_target_rate")
    assert below.text.startswith("法律明白人达标率")
    assert "100%" in below.text
    assert re.search("主要是|究其原因|原因在于|根源在于|反映出", below.text)
    assert "台账" not in below.text and "记录" not in below.text
    part4 = Paragraph.objects.filter(section__report=report, section__part=4)
    assert part4.exists()


def test_it_drafts_one_report_per_township_and_year(report, records):
    with pytest.raises(drafting.DraftError, match="已经起草"):
        drafting.draft_report(records.town_a, YEAR, records.clerk_a)
    assert Report.objects.count() == 1


def test_it_keeps_other_townships_records_out(records):
    add_records(records, records.town_b)
    report = drafting.draft_report(records.town_a, YEAR, records.clerk_a)
    assert "受理矛盾纠纷3件" in document.build(report).text


def test_it_states_what_became_of_last_years_arrangements(records):
    from fazhi.rectification.models import PlanItem

    PlanItem.objects.create(
        org=records.town_a,
        year=YEAR,
        text="建成村级法治文化阵地2处",
        status="done",
        outcome="已在甲一村建成法治文化广场",
    )
    PlanItem.objects.create(
        org=records.town_a,
        year=YEAR,
        text="开展行政执法案卷评查",
        status="not_done",
        outcome="因人员调整推迟到下年",
    )
    report = drafting.draft_report(records.town_a, YEAR, records.clerk_a)
    text = document.build(report).text
    assert (
        "上年度报告对本年度作出2项工作安排，已完成1项：建成村级法治文化阵地2处。已在甲一村建成法治文化广场。"
        in text
    )
    assert "其余1项的原因和下一步措施在第二部分说明" in text
    part2 = text.split("二、存在的不足和原因")[1].split("三、")[0]
    assert "开展行政执法案卷评查" in part2 and "因人员调整推迟到下年" in part2


def _draft_queries(world) -> int:
    Report.objects.filter(org=world.town_a, year=YEAR).delete()
    with CaptureQueriesContext(connection) as ctx:
        drafting.draft_report(world.town_a, YEAR, world.clerk_a)
    return len(ctx.captured_queries)


def test_it_drafts_a_report_in_the_same_queries_whatever_the_number_of_records(records):
    _draft_queries(records)  # warm: settings and calendar caches
    few = min(_draft_queries(records) for _ in range(2))
    for _ in range(3):
        add_records(records)
    add_records(records, records.town_b)
    # The lower of two drafts: a cache that expires mid-run (settings, calendar) may cost one
    # query once; a query per record would show in both.
    assert min(_draft_queries(records) for _ in range(2)) == few


def _saved(report) -> list[tuple]:
    return [
        (s.part, s.order, s.area, s.title, p.order, p.origin, p.text, p.values)
        for s in report.sections.order_by("part", "order")
        for p in s.paragraphs.order_by("order")
    ]


def _many_queries(towns, clerk) -> int:
    Report.objects.filter(org__in=towns, year=YEAR).delete()
    with CaptureQueriesContext(connection) as ctx:
        drafting.draft_reports(towns, YEAR, clerk)
    return len(ctx.captured_queries)


def test_it_drafts_many_townships_in_one_pass_as_each_alone_in_the_queries_of_one(records):
    town_c = OrgUnit.objects.create(code="TCC", name="丙街道", level=Level.TOWNSHIP, parent=records.county)
    village_c = OrgUnit.objects.create(code="TCC01", name="丙一社区", level=Level.VILLAGE, parent=town_c)
    add_records(records, records.town_b)
    add_records(records, town_c, village_c)
    towns = [records.town_a, records.town_b, town_c]
    alone = {}
    for town in towns:
        alone[town.pk] = _saved(drafting.draft_report(town, YEAR, records.clerk_a))
    Report.objects.all().delete()
    reports = drafting.draft_reports(towns, YEAR, {t.pk: records.clerk_a for t in towns})
    assert [r.org for r in reports] == towns
    for report in reports:
        assert _saved(report) == alone[report.org_id]
        assert report.steps.get().by == records.clerk_a
        assert report.history.get().history_type == "+"
    # The townships' texts differ (their names and wording), each as it reads drafted alone.
    assert len({tuple(t for *_, t, _v in rows) for rows in alone.values()}) == 3
    _many_queries(towns, records.clerk_a)  # warm: settings and calendar caches
    one = min(_many_queries(towns[:1], records.clerk_a) for _ in range(2))
    three = min(_many_queries(towns, records.clerk_a) for _ in range(2))
    assert one == three


def test_it_refuses_many_townships_when_one_is_drafted(records):
    drafting.draft_report(records.town_b, YEAR, records.clerk_b)
    with pytest.raises(drafting.DraftError, match="乙乡2025年度报告已经起草"):
        drafting.draft_reports([records.town_a, records.town_b], YEAR, records.clerk_a)
    assert not Report.objects.filter(org=records.town_a).exists()
