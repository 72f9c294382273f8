"""The .docx read back with python-docx: GB/T 9704-2012 page, grid, fonts and sizes."""

import datetime as dt
import io
import re

from docx import Document as Docx
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from fazhi.reports import render
from fazhi.reports.models import PARTS
from fazhi.reports.tests.conftest import YEAR

DOC_NUMBER = re.compile(r"^[\u4e00-\u9fff]{2,12}〔20\d{2}〕[1-9]\d*号$")


def east_asian(run) -> str:
    return run._element.rPr.rFonts.get(qn("w:eastAsia"))


def read(report):
    return Docx(io.BytesIO(render.render(report, "docx")))


def paragraph(doc, text):
    return next(p for p in doc.paragraphs if p.text == text)


def test_it_sets_up_an_a4_page_with_the_standard_margins_and_grid(report):
    doc = read(report)
    s = doc.sections[0]
    assert abs(s.page_width - Mm(210)) < Mm(0.1) and abs(s.page_height - Mm(297)) < Mm(0.1)
    assert abs(s.top_margin - Mm(37)) < Mm(0.1)
    assert abs(s.bottom_margin - Mm(35)) < Mm(0.1)
    assert abs(s.left_margin - Mm(28)) < Mm(0.1)
    assert abs(s.right_margin - Mm(26)) < Mm(0.1)
    grid = s._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:type")) == "lines"
    # 22 lines in the 225 mm type area, 28 characters of 3号 in its 156 mm width.
    line_pitch_mm = int(grid.get(qn("w:linePitch"))) / 1440 * 25.4
    assert abs(line_pitch_mm * 22 - 225) < 0.5
    char_pt = 16 + int(grid.get(qn("w:charSpace"))) / 4096
    assert abs(char_pt * 28 / 72 * 25.4 - 156) < 0.5


def test_it_uses_the_official_fonts_and_sizes(report):
    doc = read(report)
    title = next(p for p in doc.paragraphs if p.text.replace("\n", "") == report.title)
    assert east_asian(title.runs[0]) == "方正小标宋简体" and title.runs[0].font.size == Pt(22)
    assert title.alignment == 1  # centred
    heading = paragraph(doc, "一、主要举措和成效")
    assert east_asian(heading.runs[0]) == "黑体" and heading.runs[0].font.size == Pt(16)
    sub = next(p for p in doc.paragraphs if p.text.startswith("（一）"))
    assert east_asian(sub.runs[0]) == "楷体_GB2312" and sub.runs[0].font.size == Pt(16)
    body = next(p for p in doc.paragraphs if "全年组织学法活动" in p.text)
    assert east_asian(body.runs[0]) == "仿宋_GB2312" and body.runs[0].font.size == Pt(16)
    item = next(p for p in doc.paragraphs if re.match(r"^1\.", p.text))
    assert east_asian(item.runs[0]) == "仿宋_GB2312"
    to = paragraph(doc, "县委、县政府：")
    assert east_asian(to.runs[0]) == "仿宋_GB2312" and to.runs[0].font.size == Pt(14)
    cc = next(p for p in doc.paragraphs if p.text.startswith("抄送："))
    assert cc.runs[0].font.size == Pt(14)
    printed = next(p for p in doc.paragraphs if p.text.endswith("印发"))
    assert printed.text.startswith(report.printer) and printed.runs[0].font.size == Pt(14)


def test_it_numbers_the_pages_in_the_footer(report):
    doc = read(report)
    footer = doc.sections[0].footer.paragraphs[0]
    assert footer.text.startswith("— ") and footer.text.endswith(" —")
    assert "PAGE" in footer._p.xml
    assert east_asian(footer.runs[0]) == "宋体" and footer.runs[0].font.size == Pt(14)
    assert doc.sections[0].even_page_footer.paragraphs[0].text == footer.text


def test_it_puts_the_five_parts_in_order_and_a_proper_doc_number(report):
    doc = read(report)
    texts = [p.text for p in doc.paragraphs]
    positions = [texts.index(f"{n}、{t}") for n, t in zip("一二三四五", PARTS.values(), strict=True)]
    assert positions == sorted(positions)
    number = texts[texts.index(f"{report.issuer}文件") + 2].split("\t")[0]
    assert DOC_NUMBER.match(number), number
    assert "第" not in number


def heading_line(doc):
    return next(p for p in doc.paragraphs if "签发人：" in p.text)


def test_it_names_the_signer_in_the_heading_of_the_upward_report(report, records):
    from fazhi.reports import workflow

    line = heading_line(read(report))
    assert line.text == f"{report.doc_number}\t签发人：\u3000\u3000\u3000"  # left open until signed
    records.leader_a.full_name = "王建国"
    records.leader_a.save()
    workflow.transition(report, "check", records.reviewer_a, "一致")
    workflow.transition(report, "sign_off", records.leader_a, "同意")
    report.refresh_from_db()
    line = heading_line(read(report))
    assert line.text == f"{report.doc_number}\t签发人：王建国"
    assert [east_asian(r) for r in line.runs] == ["仿宋_GB2312", "楷体_GB2312"]
    assert line.runs[1].text == "王建国"


def test_it_gives_the_doc_number_the_year_of_issue(records, monkeypatch):
    from django.utils import timezone

    from fazhi.reports import drafting, workflow

    # The running year's report, drafted ahead and signed in December of that same year.
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: dt.date(2026, 12, 20))
    report = drafting.draft_report(records.town_a, 2026, records.clerk_a)
    assert report.doc_number == "甲府发〔2026〕1号"
    workflow.transition(report, "check", records.reviewer_a, "一致")
    workflow.transition(report, "sign_off", records.leader_a, "同意")
    doc = read(report)
    number = heading_line(doc).text.split("\t")[0]
    assert number == "甲府发〔2026〕1号"
    assert "〔2027〕" not in "\n".join(p.text for p in doc.paragraphs)
    assert next(p for p in doc.paragraphs if p.text == "2026年12月20日")
    # Last year's report signed in January keeps the year of signing.
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: dt.date(2027, 1, 15))
    older = drafting.draft_report(records.town_a, YEAR, records.clerk_a)
    workflow.transition(older, "check", records.reviewer_a, "一致")
    workflow.transition(older, "sign_off", records.leader_a, "同意")
    older.refresh_from_db()
    assert older.doc_number == "甲府发〔2027〕1号"


def test_it_keeps_the_signature_with_the_last_lines_of_the_text(report):
    doc = read(report)
    texts = [p.text for p in doc.paragraphs]
    date = texts.index(next(t for t in texts if re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日", t)))
    signature = date - 1
    assert texts[signature] == report.issuer
    last_text = max(i for i in range(signature) if texts[i].strip())
    chain = doc.paragraphs[last_text:date]
    assert all(p.paragraph_format.keep_with_next for p in chain)
    assert doc.paragraphs[last_text].paragraph_format.widow_control
    # The 版记 follows on the same page too.
    printed = next(i for i, t in enumerate(texts) if t.endswith("印发"))
    assert all(p.paragraph_format.keep_with_next for p in doc.paragraphs[date:printed])


def test_it_breaks_the_title_where_a_phrase_ends(report):
    doc = read(report)
    title = next(p for p in doc.paragraphs if p.text.replace("\n", "") == report.title)
    lines = title.text.split("\n")
    assert lines == ["甲镇人民政府关于2025年度", "法治政府建设情况的报告"]
    assert all(east_asian(r) == "方正小标宋简体" for r in title.runs)


def test_it_breaks_long_titles_into_even_lines_at_phrase_ends():
    from fazhi.reports.document import title_lines

    assert title_lines("东山街道办事处关于2025年度法治政府建设情况的报告") == [
        "东山街道办事处关于2025年度",
        "法治政府建设情况的报告",
    ]
    assert title_lines("甲镇关于法治建设的报告") == ["甲镇关于法治建设的报告"]


def test_it_records_title_author_and_dates_in_the_file(report):
    props = read(report).core_properties
    assert props.title == report.title
    assert props.author == "甲镇"
    assert props.language == "zh-CN"
    created = report.created_at.replace(microsecond=0)
    assert props.created == created
    assert props.modified >= created
