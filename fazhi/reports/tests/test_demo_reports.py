"""Every demo township's report for last year, drafted from the demo data, read as the county
would: length, figures, repetition, wording, structure and the project's own review engine."""

import io
import re
from collections import Counter

import pytest
from django.core.management import call_command
from django.utils import timezone

from fazhi import review
from fazhi.indicators import narrative, registry
from fazhi.orgs.models import OrgUnit, User
from fazhi.reports import document, drafting, public
from fazhi.reports.models import PARTS, Report, Step

SYSTEM_WORDS = ["台账", "本月无", "指标", "{{", "}}"]
CODE = re.compile(r"[a-z_]+\.[a-z_]+")
SENTENCE_END = re.compile(r"[。；！？\n]")


def sentences(text: str) -> list[str]:
    found = []
    for s in SENTENCE_END.split(text):
        s = re.sub(r"^(\d+\.|[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)", "", s.strip())
        if s:
            found.append(s)
    return found


@pytest.fixture
def demo_reports(db):
    """The demo county seeded (inside the test's transaction) and last year's report of every
    township drafted afresh from it."""
    call_command("seed_demo", "--seed", "7", stdout=io.StringIO())
    year = timezone.localdate().year - 1
    found = []
    for town in OrgUnit.objects.townships():
        # The demo's own reports, newest first: a revision protects the version it follows.
        for demo_report in Report.objects.filter(org=town, year=year).order_by("-version"):
            demo_report.delete()
        clerk = User.objects.filter(org=town, username__startswith="clerk").first()
        report = drafting.draft_report(town, year, clerk)
        found.append((town, year, report, document.build(report)))
    assert len(found) == 3
    return found


def test_it_drafts_every_demo_township_a_report_the_county_can_sign(demo_reports):
    # writes each demo township a report of real length
    for town, _year, _report, doc in demo_reports:
        body = "".join(b.text for b in doc.blocks)
        assert 5000 <= len(body) <= 9000, (town.name, len(body))
    # shows every figure as its indicator value
    for town, year, _report, doc in demo_reports:
        assert len(doc.figures) >= 60, town.name
        for (_pid, code), shown in doc.figures.items():
            assert shown == narrative.display(registry.compute(code, town, year)), (town.name, code)
    # never repeats a sentence
    for town, _year, _report, doc in demo_reports:
        counts = Counter(s for s in sentences(doc.text) if len(s) >= 12)
        repeated = [s for s, n in counts.items() if n > 1]
        assert not repeated, (town.name, repeated)
    # uses no words of the system
    for town, _year, _report, doc in demo_reports:
        text = "\n".join(b.text for b in doc.blocks)
        for word in SYSTEM_WORDS:
            assert word not in text, (town.name, word)
        assert "记录" not in text.replace("全过程记录", ""), town.name
        assert not CODE.search(text), (town.name, CODE.search(text).group(0))
        # Quotes are never nested.
        depth = 0
        for c in text:
            depth += {"“": 1, "”": -1}.get(c, 0)
            assert depth in (0, 1), town.name
    # has the five parts each written
    for town, _year, _report, doc in demo_reports:
        heads = [b.text for b in doc.blocks if b.kind == "part"]
        assert heads == [f"{n}、{t}" for n, t in zip("一二三四五", PARTS.values(), strict=True)]
        starts = [i for i, b in enumerate(doc.blocks) if b.kind == "part"] + [len(doc.blocks)]
        for a, b in zip(starts, starts[1:], strict=False):
            written = [x for x in doc.blocks[a + 1 : b] if x.kind in ("para", "item")]
            assert written and sum(len(x.text) for x in written) >= 40, (town.name, doc.blocks[a].text)
        # Part 1 has a heading per area that says what was done.
        sections = [b.text for b in doc.blocks if b.kind == "section"]
        assert len(sections) >= 8, (town.name, sections)
    # passes the review engine without errors
    for town, year, report, doc in demo_reports:
        result = review.review_text(doc.text, name=str(report), year=year)
        errors = [f for f in result.findings if f.severity == "error"]
        assert not errors, (town.name, [(f.rule, f.message) for f in errors])


def test_the_demo_countys_own_report_reads_as_the_countys(db):
    call_command("seed_demo", "--seed", "7", stdout=io.StringIO())
    year = timezone.localdate().year - 1
    county = OrgUnit.objects.get(level="county")
    report = Report.objects.get(org=county, year=year)
    # The city receives no reports on the platform: the county published its own.
    assert report.state == Report.State.PUBLISHED and report.doc_number.startswith("示范府发〔")
    assert [s.action for s in report.steps.all()][-2:] == [Step.Action.SUBMIT, Step.Action.PUBLISH]
    assert report in public.published()
    doc = document.build(report)
    text = "\n".join(b.text for b in doc.blocks)
    # Every figure is the county's: its townships' records summed, rates recomputed.
    assert len(doc.figures) >= 60
    for (_pid, code), shown in doc.figures.items():
        assert shown == narrative.display(registry.compute(code, county, year)), code
    counts = Counter(s for s in sentences(doc.text) if len(s) >= 12)
    assert not [s for s, n in counts.items() if n > 1]
    for word in [*SYSTEM_WORDS, "全镇", "全乡", "镇党委", "站所", "县委、县政府的坚强领导"]:
        assert word not in text, word
    assert "全县" in text and "各乡镇（街道）" in text
    heads = [b.text for b in doc.blocks if b.kind == "part"]
    assert heads == [f"{n}、{t}" for n, t in zip("一二三四五", PARTS.values(), strict=True)]
    sections = [b.text for b in doc.blocks if b.kind == "section"]
    assert any("督促指导" in s for s in sections)
    # The supervision paragraph's numbers are the registry's supervision figures.
    said = [c for (_pid, c) in doc.figures if c.startswith("supervision.")]
    assert {
        "supervision.townships_assessed",
        "supervision.reports_returned",
        "supervision.reports_received",
    } <= set(said)
    result = review.review_text(doc.text, name=str(report), year=year)
    errors = [f for f in result.findings if f.severity == "error"]
    assert not errors, [(f.rule, f.message) for f in errors]
